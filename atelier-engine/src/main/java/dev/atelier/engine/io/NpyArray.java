package dev.atelier.engine.io;

import java.util.Arrays;

/**
 * An n-dimensional array read from or written to NumPy's {@code .npy} format, held row-major as doubles
 * whatever its dtype on disk (float32, float64, int32, int64 are read; float32 is written).
 *
 * @param shape the dimensions, outermost first; an empty shape is a scalar
 * @param data  the values in row-major (C) order; its length is the product of {@code shape}
 */
public record NpyArray(long[] shape, double[] data) {
    public NpyArray {
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " values, but " + data.length + " were given");
        }
    }

    /** Wraps float32 values. */
    public static NpyArray ofFloats(long[] shape, float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) d[i] = values[i];
        return new NpyArray(shape.clone(), d);
    }

    /** The values narrowed to float32. */
    public float[] toFloats() {
        float[] f = new float[data.length];
        for (int i = 0; i < data.length; i++) f[i] = (float) data[i];
        return f;
    }

    public int size() {
        return data.length;
    }
}
