package dev.atelier.engine.pipeline;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/** The one session set-up every ONNX model of Atelier is opened with (the generators' stages and the judge). */
public final class OnnxSessions {
    private OnnxSessions() {
    }

    /** Threads, full graph optimisation with the optimizer workaround below, and the execution provider; close it after use. */
    public static OrtSession.SessionOptions options(PipelineOptions options) throws OrtException {
        var so = new OrtSession.SessionOptions();
        try {
            so.setIntraOpNumThreads(options.threads());
            so.setInterOpNumThreads(1);
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // ONNX Runtime 1.29's SkipLayerNormFusion crashes the process (SIGSEGV while creating the session) on
            // the LayerNorm(x + residual) pattern torch 1.13 exports for atelier-image-1's transformer.
            so.addConfigEntry("optimization.disable_specified_optimizers", "SkipLayerNormFusion");
            // Int8 weights behind DequantizeLinear (atelier-image-2): with ONNX Runtime's QDQ transformers on, they
            // become MatMulNBits, whose default accuracy (level 4) also quantizes the activations (the transformer
            // then misses its test vectors by 0.11) and whose float32 level (1) dequantizes blocks on every call.
            // With the QDQ transformers off, constant folding turns the dequantized weights into float32
            // initializers once, at load: the same arithmetic as level 1 (test vectors within 1e-5) with
            // pre-packed float32 GEMMs, 41 instead of 59 ms per batch-2 transformer call and 0.29 instead of 0.41 s
            // per image on the 2-core development machine, for 40 MB more memory (docs/model-package.md).
            so.addConfigEntry("session.disable_quant_qdq", "1");
            options.provider().configure(so);
            return so;
        } catch (OrtException | RuntimeException e) {
            so.close();
            throw e;
        }
    }
}
