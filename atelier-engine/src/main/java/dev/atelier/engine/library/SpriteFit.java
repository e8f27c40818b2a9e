package dev.atelier.engine.library;

import java.awt.image.BufferedImage;

/**
 * Any image to a library sprite, framed as the pack's sprites are ({@code atelier_train.library.fit_sprite}): cropped
 * to where alpha is above 8, scaled to fit inside a 4 % margin keeping its aspect, centred. Resampled with a Lanczos-3
 * filter (widened when shrinking) on premultiplied colour; the Python side uses Pillow's, so the two agree in framing
 * but not to the last bit.
 */
public final class SpriteFit {
    private static final double MARGIN = 0.04;
    private static final int ALPHA_SEEN = 8;
    private static final double LOBES = 3;

    private SpriteFit() {
    }

    /** The sprite of {@code image}; an image with no pixel more than faintly drawn is an {@link IllegalArgumentException}. */
    public static Sprite fit(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if ((argb[y * w + x] >>> 24) > ALPHA_SEEN) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (x1 < 0) throw new IllegalArgumentException("the image is fully transparent");
        int cw = x1 - x0 + 1;
        int ch = y1 - y0 + 1;
        float[][] planes = new float[4][cw * ch]; // premultiplied R, G, B and alpha in [0, 1]
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                int p = argb[(y0 + y) * w + x0 + x];
                float a = (p >>> 24) / 255f;
                int i = y * cw + x;
                planes[0][i] = ((p >> 16) & 0xFF) / 255f * a;
                planes[1][i] = ((p >> 8) & 0xFF) / 255f * a;
                planes[2][i] = (p & 0xFF) / 255f * a;
                planes[3][i] = a;
            }
        }
        int size = Sprite.SIZE;
        int inner = (int) Math.floor(size * (1 - 2 * MARGIN) + 0.5);
        double scale = (double) inner / Math.max(cw, ch);
        int nw = Math.max(1, (int) Math.floor(cw * scale + 0.5));
        int nh = Math.max(1, (int) Math.floor(ch * scale + 0.5));
        byte[] rgba = new byte[Sprite.BYTES];
        int ox = (size - nw) / 2;
        int oy = (size - nh) / 2;
        float[][] out = new float[4][];
        for (int c = 0; c < 4; c++) out[c] = resize(planes[c], cw, ch, nw, nh);
        for (int y = 0; y < nh; y++) {
            for (int x = 0; x < nw; x++) {
                int i = y * nw + x;
                float a = clamp01(out[3][i]);
                int o = ((oy + y) * size + ox + x) * 4;
                int alpha = Math.round(a * 255);
                rgba[o + 3] = (byte) alpha;
                if (alpha == 0) continue;
                for (int c = 0; c < 3; c++) rgba[o + c] = (byte) Math.round(clamp01(Math.min(out[c][i], a) / a) * 255);
            }
        }
        return new Sprite(rgba);
    }

    // Separable resize of one plane [h, w] -> [nh, nw]: rows first, then columns.
    private static float[] resize(float[] src, int w, int h, int nw, int nh) {
        float[] rows = new float[nw * h];
        Kernel kx = Kernel.of(w, nw);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < nw; x++) rows[y * nw + x] = kx.apply(src, y * w, 1, x);
        }
        float[] out = new float[nw * nh];
        Kernel ky = Kernel.of(h, nh);
        for (int x = 0; x < nw; x++) {
            for (int y = 0; y < nh; y++) out[y * nw + x] = ky.apply(rows, x, nw, y);
        }
        return out;
    }

    /** Per output pixel, the first input pixel and the normalised weights of the inputs it reads. */
    private record Kernel(int[] first, float[][] weights) {
        static Kernel of(int in, int out) {
            double scale = (double) in / out;
            double widen = Math.max(1, scale);
            double support = LOBES * widen;
            int[] first = new int[out];
            float[][] weights = new float[out][];
            for (int i = 0; i < out; i++) {
                double centre = (i + 0.5) * scale;
                int lo = Math.max(0, (int) (centre - support + 0.5));
                int hi = Math.min(in, (int) (centre + support + 0.5));
                double[] w = new double[hi - lo];
                double sum = 0;
                for (int k = lo; k < hi; k++) sum += w[k - lo] = lanczos((k + 0.5 - centre) / widen);
                first[i] = lo;
                weights[i] = new float[w.length];
                for (int k = 0; k < w.length; k++) weights[i][k] = (float) (sum == 0 ? 0 : w[k] / sum);
            }
            return new Kernel(first, weights);
        }

        float apply(float[] src, int base, int step, int i) {
            double acc = 0;
            float[] w = weights[i];
            for (int k = 0; k < w.length; k++) acc += w[k] * src[base + (first[i] + k) * step];
            return (float) acc;
        }
    }

    private static double lanczos(double x) {
        if (x == 0) return 1;
        if (Math.abs(x) >= LOBES) return 0;
        double px = Math.PI * x;
        return LOBES * Math.sin(px) * Math.sin(px / LOBES) / (px * px);
    }

    private static float clamp01(float v) {
        return Math.max(0f, Math.min(1f, v));
    }
}
