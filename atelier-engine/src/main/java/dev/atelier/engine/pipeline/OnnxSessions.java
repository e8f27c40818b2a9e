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
            options.provider().configure(so);
            return so;
        } catch (OrtException | RuntimeException e) {
            so.close();
            throw e;
        }
    }
}
