package dev.atelier.engine.pipeline;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/** Small conversions between flat Java arrays and ONNX tensors of the dtype a model declares. */
final class Tensors {
    private Tensors() {
    }

    static OnnxTensor floats(OrtEnvironment env, float[] data, long[] shape, OnnxJavaType type) throws OrtException {
        return switch (type) {
            case FLOAT -> OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
            case DOUBLE -> {
                double[] d = new double[data.length];
                for (int i = 0; i < d.length; i++) d[i] = data[i];
                yield OnnxTensor.createTensor(env, java.nio.DoubleBuffer.wrap(d), shape);
            }
            case FLOAT16 -> {
                ShortBuffer s = ByteBuffer.allocateDirect(data.length * 2).order(ByteOrder.nativeOrder()).asShortBuffer();
                for (float f : data) s.put(Float.floatToFloat16(f));
                s.rewind();
                yield OnnxTensor.createTensor(env, s, shape, OnnxJavaType.FLOAT16);
            }
            case INT64 -> {
                long[] l = new long[data.length];
                for (int i = 0; i < l.length; i++) l[i] = (long) data[i];
                yield OnnxTensor.createTensor(env, LongBuffer.wrap(l), shape);
            }
            case INT32 -> {
                int[] n = new int[data.length];
                for (int i = 0; i < n.length; i++) n[i] = (int) data[i];
                yield OnnxTensor.createTensor(env, IntBuffer.wrap(n), shape);
            }
            default -> throw new IllegalArgumentException("unsupported tensor type " + type + " for a float input");
        };
    }

    static OnnxTensor ints(OrtEnvironment env, int[] data, long[] shape, OnnxJavaType type) throws OrtException {
        return switch (type) {
            case INT32 -> OnnxTensor.createTensor(env, IntBuffer.wrap(data), shape);
            case INT64 -> {
                long[] l = new long[data.length];
                for (int i = 0; i < l.length; i++) l[i] = data[i];
                yield OnnxTensor.createTensor(env, LongBuffer.wrap(l), shape);
            }
            default -> throw new IllegalArgumentException("unsupported tensor type " + type + " for token ids");
        };
    }

    static float[] toFloats(OnnxTensor t) {
        return switch (t.getInfo().type) {
            case FLOAT -> {
                FloatBuffer b = t.getFloatBuffer();
                float[] out = new float[b.remaining()];
                b.get(out);
                yield out;
            }
            case FLOAT16 -> {
                ShortBuffer b = t.getShortBuffer();
                float[] out = new float[b.remaining()];
                for (int i = 0; i < out.length; i++) out[i] = Float.float16ToFloat(b.get(i));
                yield out;
            }
            case DOUBLE -> {
                var b = t.getDoubleBuffer();
                float[] out = new float[b.remaining()];
                for (int i = 0; i < out.length; i++) out[i] = (float) b.get(i);
                yield out;
            }
            default -> throw new IllegalArgumentException("expected a floating-point output, got " + t.getInfo().type);
        };
    }
}
