package dev.atelier.engine.image;

/**
 * Lanczos-3 resampling of an {@link RgbImage}, separable (rows, then columns), the filter PIL's {@code Image.LANCZOS}
 * uses: sample centres at half pixels, {@code L(t) = sinc(t) sinc(t / 3)} for {@code |t| < 3}, stretched by the
 * reduction factor when shrinking (so shrinking averages instead of aliasing), weights normalised to sum 1, edge
 * pixels repeated. A transparent image is resampled premultiplied (no colour bleeds in from transparent pixels) and
 * un-premultiplied after; every value is clamped to [0, 1] (Lanczos rings slightly at hard edges).
 */
public final class Resample {
    static final double LOBES = 3;

    private Resample() {
    }

    /** {@code image} at {@code width x height}; the image itself if it has that size already. */
    public static RgbImage lanczos(RgbImage image, int width, int height) {
        if (width < 1 || height < 1) throw new IllegalArgumentException("size must be positive, got " + width + "x" + height);
        if (image.width() == width && image.height() == height) return image;
        int w = image.width();
        int h = image.height();
        int ch = image.hasAlpha() ? 4 : 3;
        float[] src = new float[w * h * ch];  // [h, w, ch], premultiplied where there is alpha
        for (int p = 0; p < w * h; p++) {
            float a = image.hasAlpha() ? clamp(image.alpha()[p]) : 1f;
            for (int c = 0; c < 3; c++) src[p * ch + c] = clamp(image.pixels()[p * 3 + c]) * a;
            if (ch == 4) src[p * ch + 3] = a;
        }
        Kernel kx = Kernel.of(w, width);
        Kernel ky = Kernel.of(h, height);
        float[] rows = new float[h * width * ch];  // [h, width, ch]
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < ch; c++) {
                    double s = 0;
                    for (int k = 0; k < kx.taps; k++) s += kx.weight[x * kx.taps + k] * src[(y * w + kx.index[x * kx.taps + k]) * ch + c];
                    rows[(y * width + x) * ch + c] = (float) s;
                }
            }
        }
        float[] rgb = new float[width * height * 3];
        float[] alpha = ch == 4 ? new float[width * height] : null;
        float[] v = new float[ch];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < ch; c++) {
                    double s = 0;
                    for (int k = 0; k < ky.taps; k++) s += ky.weight[y * ky.taps + k] * rows[(ky.index[y * ky.taps + k] * width + x) * ch + c];
                    v[c] = (float) s;
                }
                int p = y * width + x;
                float a = ch == 4 ? clamp(v[3]) : 1f;
                for (int c = 0; c < 3; c++) rgb[p * 3 + c] = ch == 3 ? clamp(v[c]) : a > 0 ? clamp(v[c] / a) : 0f;
                if (alpha != null) alpha[p] = a;
            }
        }
        return new RgbImage(width, height, rgb, alpha);
    }

    /** The Lanczos-3 kernel at {@code t} (in units of the filter's pixels). */
    static double kernel(double t) {
        t = Math.abs(t);
        if (t < 1e-12) return 1;
        if (t >= LOBES) return 0;
        double pt = Math.PI * t;
        return LOBES * Math.sin(pt) * Math.sin(pt / LOBES) / (pt * pt);
    }

    private static float clamp(float v) {
        return Math.min(1f, Math.max(0f, v));
    }

    // per output position: `taps` source indices (edges repeated) and their normalised weights
    private record Kernel(int taps, int[] index, double[] weight) {
        static Kernel of(int in, int out) {
            double scale = (double) out / in;
            double stretch = Math.max(1, 1 / scale);
            double support = LOBES * stretch;
            int taps = (int) Math.ceil(support) * 2 + 1;
            int[] index = new int[out * taps];
            double[] weight = new double[out * taps];
            for (int o = 0; o < out; o++) {
                double centre = (o + 0.5) / scale - 0.5;
                int first = (int) Math.floor(centre) - taps / 2;
                double sum = 0;
                for (int k = 0; k < taps; k++) {
                    int i = first + k;
                    double wgt = kernel((i - centre) / stretch);
                    index[o * taps + k] = Math.clamp(i, 0, in - 1);
                    weight[o * taps + k] = wgt;
                    sum += wgt;
                }
                for (int k = 0; k < taps; k++) weight[o * taps + k] /= sum;
            }
            return new Kernel(taps, index, weight);
        }
    }
}
