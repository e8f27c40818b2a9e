package dev.atelier.engine.spi;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/** Where ONNX Runtime runs the models. Chosen once when a pipeline is opened; the choice is logged. */
public interface ExecutionProvider {

    /** The name users type ({@code --device cpu|cuda}). */
    String name();

    /** Adds this provider to session options; throws {@link IllegalStateException} with advice if unavailable. */
    void configure(OrtSession.SessionOptions options) throws OrtException;
}
