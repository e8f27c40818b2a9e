package dev.atelier.safety.watermark;

import dev.atelier.engine.image.RgbImage;

/** Luminance planes and the box filters the mask and the detector share; values in 8-bit units (0–255). */
final class Luma {
    private Luma() {
    }

    /** BT.601 luma (what JPEG codes) of the image composed over white, as a viewer shows it ({@code // [h, w]}). */
    static float[] of(RgbImage image) {
        RgbImage opaque = image.overWhite();
        float[] px = opaque.pixels();
        float[] y = new float[image.width() * image.height()];
        for (int p = 0; p < y.length; p++) {
            float r = clip(px[p * 3]);
            float g = clip(px[p * 3 + 1]);
            float b = clip(px[p * 3 + 2]);
            y[p] = 255f * (0.299f * r + 0.587f * g + 0.114f * b);
        }
        return y;
    }

    /** The mean over the (2r+1)² window around each pixel, the window cut at the borders ({@code // [h, w]}). */
    static float[] boxMean(float[] a, int w, int h, int r) {
        double[] integral = new double[(w + 1) * (h + 1)];  // [h+1, w+1], row and column 0 are zero
        for (int y = 0; y < h; y++) {
            double row = 0;
            for (int x = 0; x < w; x++) {
                row += a[y * w + x];
                integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row;
            }
        }
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            int y0 = Math.max(0, y - r);
            int y1 = Math.min(h, y + r + 1);
            for (int x = 0; x < w; x++) {
                int x0 = Math.max(0, x - r);
                int x1 = Math.min(w, x + r + 1);
                double sum = integral[y1 * (w + 1) + x1] - integral[y0 * (w + 1) + x1]
                        - integral[y1 * (w + 1) + x0] + integral[y0 * (w + 1) + x0];
                out[y * w + x] = (float) (sum / ((y1 - y0) * (x1 - x0)));
            }
        }
        return out;
    }

    /** The standard deviation over the (2r+1)² window around each pixel ({@code // [h, w]}). */
    static float[] localDeviation(float[] a, int w, int h, int r) {
        float[] mean = boxMean(a, w, h, r);
        float[] sq = new float[a.length];
        for (int p = 0; p < a.length; p++) sq[p] = a[p] * a[p];
        float[] meanSq = boxMean(sq, w, h, r);
        float[] out = new float[a.length];
        for (int p = 0; p < a.length; p++) out[p] = (float) Math.sqrt(Math.max(0, meanSq[p] - mean[p] * mean[p]));
        return out;
    }

    private static float clip(float v) {
        return Math.min(1f, Math.max(0f, v));
    }
}
