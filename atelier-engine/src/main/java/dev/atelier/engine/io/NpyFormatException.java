package dev.atelier.engine.io;

/** A {@code .npy} or {@code .npz} file that is corrupt or uses a feature Atelier does not read. */
public final class NpyFormatException extends IllegalArgumentException {
    public NpyFormatException(String message) {
        super(message);
    }
}
