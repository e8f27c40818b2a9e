package dev.atelier.engine.sched;

/** The fixtures' stand-in for a UNet: {@code out = 0.3 x cos(t/1000) + 0.2 ramp sin(t/300)}. */
final class FakeModel {
    private FakeModel() {
    }

    /** @param x the scaled model input; the ramp runs from -1 to 1 over its values in row-major order */
    static float[] apply(float[] x, double t) {
        float[] out = new float[x.length];
        double c = 0.3 * Math.cos(t / 1000);
        double s = 0.2 * Math.sin(t / 300);
        for (int i = 0; i < x.length; i++) {
            double ramp = x.length == 1 ? -1 : -1 + 2.0 * i / (x.length - 1);
            out[i] = (float) (x[i] * c + ramp * s);
        }
        return out;
    }
}
