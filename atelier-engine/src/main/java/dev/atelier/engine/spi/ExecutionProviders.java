package dev.atelier.engine.spi;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.util.Locale;

/** The execution providers Atelier knows: {@code cpu} (default) and {@code cuda}. */
public final class ExecutionProviders {
    private ExecutionProviders() {
    }

    /** Parses a device name; the error lists the valid ones. */
    public static ExecutionProvider lookup(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "cpu" -> new Cpu();
            case "cuda", "gpu" -> new Cuda(0);
            default -> throw new IllegalArgumentException("unknown device '" + name + "'; valid: cpu, cuda");
        };
    }

    public static ExecutionProvider cpu() {
        return new Cpu();
    }

    record Cpu() implements ExecutionProvider {
        @Override
        public String name() {
            return "cpu";
        }

        @Override
        public void configure(OrtSession.SessionOptions options) {
            // ONNX Runtime always has its CPU provider; nothing to add.
        }
    }

    record Cuda(int deviceId) implements ExecutionProvider {
        @Override
        public String name() {
            return "cuda";
        }

        @Override
        public void configure(OrtSession.SessionOptions options) throws OrtException {
            if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                throw new IllegalStateException("--device cuda needs the CUDA build of ONNX Runtime, but this build has only "
                        + OrtEnvironment.getAvailableProviders() + "; rebuild with ./mvnw -Pcuda package on a machine "
                        + "with CUDA 12 and cuDNN 9, or use --device cpu");
            }
            try {
                options.addCUDA(deviceId);
            } catch (OrtException e) {
                throw new IllegalStateException("CUDA device " + deviceId + " could not be used: " + e.getMessage()
                        + "; use --device cpu", e);
            }
        }
    }
}
