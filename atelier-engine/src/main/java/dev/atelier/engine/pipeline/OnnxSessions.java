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
            // Int8 weights behind DequantizeLinear (atelier-image-2) become MatMulNBits, which by default (accuracy
            // level 4) also quantizes the activations to int8: atelier-image-2's transformer then misses its test
            // vectors by 0.11 (text encoder 0.004). Level 1 computes in float32 from the int8 weights and holds them
            // to 1e-5, at 173 instead of 102 ms per batch-2 transformer call on the 2-core development machine.
            so.addConfigEntry("session.qdq_matmulnbits_accuracy_level", "1");
            options.provider().configure(so);
            return so;
        } catch (OrtException | RuntimeException e) {
            so.close();
            throw e;
        }
    }
}
