package dev.atelier.safety.watermark;

import dev.atelier.engine.image.RgbImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Finds a key's tiled pattern in an image whose scale and crop are unknown. The image's luma is high-passed and
 * clipped (so that the emoji's outlines do not drown the faint pattern), then, for each candidate scale, its Fourier
 * coefficients at the key's carrier frequencies (scaled) are taken and reduced to their phases; a phase-only matched
 * filter (Alattar and Meyer's POM) over every tile offset gives {@code z = sqrt(2/K) Σ_k cos(phase error_k)}, which
 * is about N(0, 1) for an unmarked image (K independent uniform phases) and near {@code sqrt(2K)} for a marked one.
 * The threshold is the Bonferroni bound over every scale and offset tried. Immutable and thread-safe.
 */
final class Detector {
    /** Side lengths images are commonly resized to (multiples of 64 from 128 to 1024). */
    private static final int[] STANDARD_SIDES = {128, 192, 256, 320, 384, 448, 512, 576, 640, 704, 768, 832, 896, 960, 1024};
    /** The high-pass window's radius at scale 1 (a 9×9 mean), scaled with the candidate scale. */
    private static final int HIGH_PASS_RADIUS = 4;
    /** High-passed luma is clipped to ± this many levels: the pattern is a few levels, an emoji's outline far more. */
    private static final float CLIP = 6f;

    private final WatermarkKey key;
    private final WatermarkKey.Carriers carriers;

    Detector(WatermarkKey key) {
        this.key = key;
        this.carriers = key.carriers();
    }

    Detection detect(RgbImage image) {
        int w = image.width();
        int h = image.height();
        List<Double> scales = scales(w, h);
        // With an alpha plane the colour under transparent pixels still holds the pattern: look there first, then
        // at the image as shown over white (what survives flattening); the bound counts both looks.
        List<float[]> looks = new ArrayList<>();
        if (image.hasAlpha()) looks.add(Luma.of(new RgbImage(w, h, image.pixels())));
        looks.add(Luma.of(image));
        long tests = 0;
        for (double s : scales) tests += (long) grid(s) * grid(s) * looks.size();
        double threshold = Gaussian.upperQuantile(Detection.FALSE_ALARM_RATE / Math.max(1, tests));
        if (scales.isEmpty()) return Detection.tooSmall(threshold);
        Peak best = null;
        for (float[] luma : looks) {
            var filtered = new HashMap<Integer, float[]>();
            for (double s : scales) {
                double period = key.period() * s;
                // the high-pass follows the scale, so it keeps the same share of the carriers' band
                float[] g = filtered.computeIfAbsent(Math.max(1, (int) Math.round(HIGH_PASS_RADIUS * s)), r -> prefilter(luma, w, h, r));
                boolean[] used = offBlockGrid(period);
                Peak peak = bestOffset(phases(coefficients(g, w, h, period), used), grid(s), period, s);
                if (best == null || peak.z() > best.z()) best = peak;
                // a mark found needs no further tries; the bound already counts them all
                if (best.z() >= threshold) return found(best, threshold);
            }
        }
        return found(best, threshold);
    }

    private static Detection found(Peak best, double threshold) {
        return new Detection(best.z() >= threshold, best.z(), threshold, best.scale(), best.offsetX(), best.offsetY());
    }

    /**
     * The candidate scales (received size / original size), most likely first: as is, 0.5× and 2×, the common
     * ratios, then every ratio that takes the image back to a standard side. Only scales at which a tile fits in the
     * image and the carriers stay below the Nyquist frequency are kept.
     */
    List<Double> scales(int w, int h) {
        var candidates = new ArrayList<>(List.of(1.0, 0.5, 2.0, 0.75, 4 / 3.0, 2 / 3.0, 1.5));
        for (int side : STANDARD_SIDES) {
            candidates.add((double) w / side);
            candidates.add((double) h / side);
        }
        var kept = new ArrayList<Double>();
        double minPeriod = 2 * (key.maxCycles() + 1);
        for (double s : candidates) {
            double period = key.period() * s;
            if (s < 0.45 || s > 2.2 || period < minPeriod || period > Math.min(w, h)) continue;
            if (kept.stream().noneMatch(k -> Math.abs(k / s - 1) < 0.003)) kept.add(s);
        }
        return kept;
    }

    private int grid(double scale) {
        return (int) Math.ceil(key.period() * scale);
    }

    /** High-pass (luma minus its mean over the (2 radius + 1)² window), clipped to ±{@value #CLIP} levels ({@code // [h, w]}). */
    static float[] prefilter(float[] luma, int w, int h, int radius) {
        float[] mean = Luma.boxMean(luma, w, h, radius);
        float[] out = new float[luma.length];
        for (int p = 0; p < out.length; p++) out[p] = Math.max(-CLIP, Math.min(CLIP, luma[p] - mean[p]));
        return out;
    }

    /**
     * The image's Fourier coefficients at the carriers for a tile of {@code period} pixels (any real number):
     * {@code G_k = Σ_{x,y} g(x, y) e^{-2πi (u_k x + v_k y) / period}}, as {@code [re_0, im_0, re_1, ...]}. Separable:
     * one pass over the rows per distinct {@code u}, then one short sum per carrier.
     */
    double[] coefficients(float[] g, int w, int h, double period) {
        int p = (int) Math.rint(period);
        if (Math.abs(period - p) < 1e-9) return foldedCoefficients(g, w, h, p);
        int maxU = 0;
        for (int u : carriers.u()) maxU = Math.max(maxU, Math.abs(u));
        int nu = 2 * maxU + 1;
        double[] cosX = new double[nu * w];  // [u + maxU, x]
        double[] sinX = new double[nu * w];
        for (int u = -maxU; u <= maxU; u++) {
            for (int x = 0; x < w; x++) {
                double a = -2 * Math.PI * u * x / period;
                cosX[(u + maxU) * w + x] = Math.cos(a);
                sinX[(u + maxU) * w + x] = Math.sin(a);
            }
        }
        double[] rowRe = new double[nu * h];  // [u + maxU, y]: Σ_x g(x, y) e^{-2πi u x / period}
        double[] rowIm = new double[nu * h];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int iu = 0; iu < nu; iu++) {
                double re = 0;
                double im = 0;
                int t = iu * w;
                for (int x = 0; x < w; x++) {
                    float v = g[row + x];
                    re += v * cosX[t + x];
                    im += v * sinX[t + x];
                }
                rowRe[iu * h + y] = re;
                rowIm[iu * h + y] = im;
            }
        }
        double[] out = new double[2 * carriers.size()];
        for (int k = 0; k < carriers.size(); k++) {
            int iu = carriers.u()[k] + maxU;
            double re = 0;
            double im = 0;
            for (int y = 0; y < h; y++) {
                double a = -2 * Math.PI * carriers.v()[k] * y / period;
                double c = Math.cos(a);
                double s = Math.sin(a);
                double r = rowRe[iu * h + y];
                double i = rowIm[iu * h + y];
                re += r * c - i * s;
                im += r * s + i * c;
            }
            out[2 * k] = re;
            out[2 * k + 1] = im;
        }
        return out;
    }

    /**
     * The same sums for a whole-pixel period, faster: the carriers repeat every {@code period} pixels, so the image
     * can first be folded (summed) onto one tile, {@code // [period, period]}, and the sums taken over the tile.
     */
    double[] foldedCoefficients(float[] g, int w, int h, int period) {
        double[] tile = new double[period * period];
        for (int y = 0; y < h; y++) {
            int row = (y % period) * period;
            for (int x = 0; x < w; x++) tile[row + x % period] += g[y * w + x];
        }
        double[] cos = new double[period];
        double[] sin = new double[period];
        for (int i = 0; i < period; i++) {
            cos[i] = Math.cos(-2 * Math.PI * i / period);
            sin[i] = Math.sin(-2 * Math.PI * i / period);
        }
        double[] out = new double[2 * carriers.size()];
        for (int k = 0; k < carriers.size(); k++) {
            int u = carriers.u()[k];
            int v = carriers.v()[k];
            double re = 0;
            double im = 0;
            for (int y = 0; y < period; y++) {
                for (int x = 0; x < period; x++) {
                    int t = Math.floorMod(u * x + v * y, period);
                    double value = tile[y * period + x];
                    re += value * cos[t];
                    im += value * sin[t];
                }
            }
            out[2 * k] = re;
            out[2 * k + 1] = im;
        }
        return out;
    }

    /**
     * Which carriers to use for a tile of {@code period} pixels: not those that fall on the received image's 8-pixel
     * JPEG block grid (both frequencies multiples of 1/8 cycle per pixel), where blocking artefacts of a compressed
     * image have coherent phases of their own.
     */
    boolean[] offBlockGrid(double period) {
        boolean[] used = new boolean[carriers.size()];
        for (int k = 0; k < used.length; k++) used[k] = !(onGrid(carriers.u()[k] * 8 / period) && onGrid(carriers.v()[k] * 8 / period));
        return used;
    }

    private static boolean onGrid(double cyclesPerBlock) {
        return Math.abs(cyclesPerBlock - Math.rint(cyclesPerBlock)) < 0.02;
    }

    /**
     * Each used coefficient divided by its magnitude and by the key's phase, {@code a_k = e^{i(arg G_k - φ_k)}}; zero
     * for the carriers not used.
     */
    double[] phases(double[] coefficients, boolean[] used) {
        double[] a = new double[coefficients.length];
        for (int k = 0; k < carriers.size(); k++) {
            if (!used[k]) continue;
            double re = coefficients[2 * k];
            double im = coefficients[2 * k + 1];
            double mag = Math.hypot(re, im);
            if (mag == 0) continue;  // no energy, no vote
            double c = Math.cos(carriers.phase()[k]);
            double s = Math.sin(carriers.phase()[k]);
            a[2 * k] = (re * c + im * s) / mag;
            a[2 * k + 1] = (im * c - re * s) / mag;
        }
        return a;
    }

    /**
     * The offset on an {@code n × n} grid over one tile that best aligns the phases: the pattern drawn at offset
     * {@code (ox, oy)} has {@code arg G_k = φ_k - 2π (u_k ox + v_k oy) / period}, so the score at grid point (i, j) is
     * {@code sqrt(2/K) Σ_k Re(a_k e^{2πi (u_k i + v_k j) / n})}, K counting the carriers that vote (non-zero a_k).
     */
    Peak bestOffset(double[] a, int n, double period, double scale) {
        double[] cos = new double[n];
        double[] sin = new double[n];
        for (int i = 0; i < n; i++) {
            cos[i] = Math.cos(2 * Math.PI * i / n);
            sin[i] = Math.sin(2 * Math.PI * i / n);
        }
        int k = carriers.size();
        int voters = 0;
        for (int c = 0; c < k; c++) if (a[2 * c] != 0 || a[2 * c + 1] != 0) voters++;
        double norm = Math.sqrt(2.0 / Math.max(1, voters));
        double best = Double.NEGATIVE_INFINITY;
        int bestI = 0;
        int bestJ = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int c = 0; c < k; c++) {
                    int t = Math.floorMod(carriers.u()[c] * i + carriers.v()[c] * j, n);
                    s += a[2 * c] * cos[t] - a[2 * c + 1] * sin[t];
                }
                if (s > best) {
                    best = s;
                    bestI = i;
                    bestJ = j;
                }
            }
        }
        double step = period / n;
        return new Peak(best * norm, scale, bestI * step, bestJ * step);
    }

    /** The best try at one scale. */
    record Peak(double z, double scale, double offsetX, double offsetY) {
    }
}
