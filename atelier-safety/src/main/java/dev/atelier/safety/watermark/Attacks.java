package dev.atelier.safety.watermark;

import dev.atelier.engine.image.JpegEncoder;
import dev.atelier.engine.image.RgbImage;

/** The everyday edits the watermark must survive, as the robustness bench and the tests apply them. */
final class Attacks {
    private Attacks() {
    }

    /** Saved as 8-bit (what a PNG holds): every value rounded to a multiple of 1/255; alpha too. */
    static RgbImage quantize(RgbImage image) {
        float[] px = image.pixels().clone();
        for (int i = 0; i < px.length; i++) px[i] = Math.round(Math.min(1f, Math.max(0f, px[i])) * 255f) / 255f;
        float[] alpha = image.alpha() == null ? null : image.alpha().clone();
        if (alpha != null) for (int i = 0; i < alpha.length; i++) alpha[i] = Math.round(alpha[i] * 255f) / 255f;
        return new RgbImage(image.width(), image.height(), px, alpha);
    }

    /** Saved as a baseline JPEG of {@code quality} (1–100) by ImageIO, over white, and read back. */
    static RgbImage jpeg(RgbImage image, int quality) {
        return Watermark.decode(JpegEncoder.encode(image, "", quality));
    }

    /**
     * Resized by {@code factor} with bilinear interpolation, pixel centres aligned (as PIL and OpenCV do); at 0.5× this
     * is the 2×2 area average. Shown over white first; the result is 8-bit.
     */
    static RgbImage resize(RgbImage image, double factor) {
        RgbImage src = image.overWhite();
        int w = src.width();
        int h = src.height();
        int nw = Math.max(1, (int) Math.round(w * factor));
        int nh = Math.max(1, (int) Math.round(h * factor));
        float[] in = src.pixels();
        float[] out = new float[nw * nh * 3];
        for (int y = 0; y < nh; y++) {
            double sy = Math.min(h - 1, Math.max(0, (y + 0.5) * h / nh - 0.5));
            int y0 = (int) sy;
            int y1 = Math.min(h - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < nw; x++) {
                double sx = Math.min(w - 1, Math.max(0, (x + 0.5) * w / nw - 0.5));
                int x0 = (int) sx;
                int x1 = Math.min(w - 1, x0 + 1);
                double fx = sx - x0;
                for (int c = 0; c < 3; c++) {
                    double top = in[(y0 * w + x0) * 3 + c] * (1 - fx) + in[(y0 * w + x1) * 3 + c] * fx;
                    double bottom = in[(y1 * w + x0) * 3 + c] * (1 - fx) + in[(y1 * w + x1) * 3 + c] * fx;
                    out[(y * nw + x) * 3 + c] = (float) (top * (1 - fy) + bottom * fy);
                }
            }
        }
        return quantize(new RgbImage(nw, nh, out));
    }

    /** The {@code cw × ch} region whose top-left corner is {@code (x0, y0)}; alpha cropped alike. */
    static RgbImage crop(RgbImage image, int x0, int y0, int cw, int ch) {
        int w = image.width();
        if (x0 < 0 || y0 < 0 || x0 + cw > w || y0 + ch > image.height()) {
            throw new IllegalArgumentException("crop " + cw + "x" + ch + "+" + x0 + "+" + y0 + " leaves the " + w + "x" + image.height() + " image");
        }
        float[] px = new float[cw * ch * 3];
        float[] alpha = image.alpha() == null ? null : new float[cw * ch];
        for (int y = 0; y < ch; y++) {
            System.arraycopy(image.pixels(), ((y0 + y) * w + x0) * 3, px, y * cw * 3, cw * 3);
            if (alpha != null) System.arraycopy(image.alpha(), (y0 + y) * w + x0, alpha, y * cw, cw);
        }
        return new RgbImage(cw, ch, px, alpha);
    }

    /** The central {@code keep × keep} fraction of each side (0.9: a 10 % crop of each side's length, 19 % of the area). */
    static RgbImage cropCentre(RgbImage image, double keep) {
        int cw = (int) Math.round(image.width() * keep);
        int ch = (int) Math.round(image.height() * keep);
        return crop(image, (image.width() - cw) / 2, (image.height() - ch) / 2, cw, ch);
    }

    /** Keeps the bottom-right {@code keep × keep} fraction: the left and top {@code 1 - keep} cut off. */
    static RgbImage cropCorner(RgbImage image, double keep) {
        int cw = (int) Math.round(image.width() * keep);
        int ch = (int) Math.round(image.height() * keep);
        return crop(image, image.width() - cw, image.height() - ch, cw, ch);
    }

    /** Every colour value multiplied by {@code factor} and clipped to [0, 1] (1.2: +20 %); 8-bit result. */
    static RgbImage brightness(RgbImage image, float factor) {
        float[] px = image.pixels().clone();
        for (int i = 0; i < px.length; i++) px[i] = Math.min(1f, Math.max(0f, px[i] * factor));
        return quantize(new RgbImage(image.width(), image.height(), px, image.alpha()));
    }

    /** Peak signal-to-noise ratio in dB of {@code b} against {@code a} over the 8-bit colour as shown over white. */
    static double psnr(RgbImage a, RgbImage b) {
        RgbImage x = a.overWhite();
        RgbImage y = b.overWhite();
        double sum = 0;
        int n = x.pixels().length;
        for (int p = 0; p < n / 3; p++) {
            for (int c = 0; c < 3; c++) {
                double d = x.byteAt(p, c) - y.byteAt(p, c);
                sum += d * d;
            }
        }
        double mse = sum / n;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
