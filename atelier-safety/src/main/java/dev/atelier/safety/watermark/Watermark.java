package dev.atelier.safety.watermark;

import dev.atelier.engine.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Atelier's invisible watermark: a keyed pattern tiled over the image's luma, shaped by a perceptual mask, and its
 * detector, which survives JPEG, resizing, cropping and brightness changes (docs/watermark.md has the design and the
 * measured robustness). Only the colour changes; an alpha plane is kept as it is. Immutable and thread-safe.
 *
 * @param key        the pattern; {@link WatermarkKey#ATELIER} for every Atelier image
 * @param mask       where the pattern may be strong
 * @param strength   the pattern's amplitude on fully textured pixels, 8-bit levels RMS, > 0
 * @param targetPsnr the embedding lowers the amplitude so that the change stays at or above this PSNR in dB
 */
public record Watermark(WatermarkKey key, PerceptualMask mask, float strength, double targetPsnr) {
    private static final Watermark ATELIER = new Watermark(WatermarkKey.ATELIER, new PerceptualMask(0.25f, 4f), 8f, 40.5);

    public Watermark {
        if (!(strength > 0)) throw new IllegalArgumentException("watermark strength must be positive, got " + strength);
        if (!(targetPsnr > 0)) throw new IllegalArgumentException("target PSNR must be positive, got " + targetPsnr);
    }

    /** The watermark every Atelier installation embeds and detects. */
    public static Watermark atelier() {
        return ATELIER;
    }

    /**
     * The image with the pattern added to its colour (the same amount to R, G and B, so to the luma alone), values
     * kept in [0, 1]; the alpha plane, if any, is shared unchanged. The pattern is weighted by the mask computed on
     * the image as shown over white, and scaled down where needed to keep the PSNR at {@link #targetPsnr()}.
     */
    public RgbImage embed(RgbImage image) {
        int w = image.width();
        int h = image.height();
        float[] weights = mask.weights(Luma.of(image), w, h);
        float[] tile = key.tile();
        int period = key.period();
        float[] delta = new float[w * h];  // [h, w] in 8-bit levels, before the budget
        double sumSq = 0;
        for (int y = 0; y < h; y++) {
            int row = (y % period) * period;
            for (int x = 0; x < w; x++) {
                float d = weights[y * w + x] * tile[row + x % period];
                delta[y * w + x] = d;
                sumSq += d * d;
            }
        }
        double budgetRms = 255 * Math.pow(10, -targetPsnr / 20);
        double amplitude = Math.min(strength, budgetRms / Math.sqrt(Math.max(sumSq / delta.length, 1e-12)));
        float scale = (float) (amplitude / 255);
        float[] in = image.pixels();
        float[] out = new float[in.length];
        for (int p = 0; p < delta.length; p++) {
            float d = delta[p] * scale;
            for (int c = 0; c < 3; c++) out[p * 3 + c] = Math.min(1f, Math.max(0f, in[p * 3 + c] + d));
        }
        return new RgbImage(w, h, out, image.alpha());
    }

    /** Looks for the pattern at the scales and crops an image commonly goes through. */
    public Detection detect(RgbImage image) {
        return new Detector(key).detect(image);
    }

    /**
     * Decodes an image file (PNG, JPEG, or any format ImageIO reads) and looks for the pattern.
     *
     * @throws IllegalArgumentException if the bytes are not an image ImageIO can read
     */
    public Detection detect(byte[] encoded) {
        return detect(decode(encoded));
    }

    /**
     * An image file's pixels as an {@link RgbImage}, with an alpha plane if the file has one.
     *
     * @throws IllegalArgumentException if the bytes are not an image ImageIO can read
     */
    public static RgbImage decode(byte[] encoded) {
        BufferedImage bi;
        try {
            bi = ImageIO.read(new ByteArrayInputStream(encoded));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the image (" + encoded.length + " bytes)", e);
        }
        if (bi == null) throw new IllegalArgumentException("not an image ImageIO can read (" + encoded.length + " bytes)");
        int w = bi.getWidth();
        int h = bi.getHeight();
        boolean hasAlpha = bi.getColorModel().hasAlpha();
        int[] argb = bi.getRGB(0, 0, w, h, null, 0, w);
        float[] px = new float[w * h * 3];
        float[] alpha = hasAlpha ? new float[w * h] : null;
        for (int p = 0; p < argb.length; p++) {
            int v = argb[p];
            px[p * 3] = ((v >> 16) & 0xff) / 255f;
            px[p * 3 + 1] = ((v >> 8) & 0xff) / 255f;
            px[p * 3 + 2] = (v & 0xff) / 255f;
            if (alpha != null) alpha[p] = ((v >>> 24) & 0xff) / 255f;
        }
        return new RgbImage(w, h, px, alpha);
    }
}
