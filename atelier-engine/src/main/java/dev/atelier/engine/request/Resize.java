package dev.atelier.engine.request;

import dev.atelier.engine.image.RgbImage;

/** Resampling of an edit's pictures to the request's size: bilinear with half-pixel centres, alpha kept. */
final class Resize {
    private Resize() {
    }

    /** {@code image} at {@code width x height}; the image itself if it has that size already. */
    static RgbImage to(RgbImage image, int width, int height) {
        if (image.width() == width && image.height() == height) return image;
        float[] rgb = new float[width * height * 3];
        float[] alpha = image.hasAlpha() ? new float[width * height] : null;
        for (int y = 0; y < height; y++) {
            double sy = Math.clamp((y + 0.5) * image.height() / height - 0.5, 0, image.height() - 1);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, image.height() - 1);
            double fy = sy - y0;
            for (int x = 0; x < width; x++) {
                double sx = Math.clamp((x + 0.5) * image.width() / width - 0.5, 0, image.width() - 1);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, image.width() - 1);
                double fx = sx - x0;
                int p = y * width + x;
                for (int c = 0; c < 3; c++) {
                    rgb[p * 3 + c] = (float) lerp(image.pixels(), image.width(), 3, c, x0, x1, y0, y1, fx, fy);
                }
                if (alpha != null) alpha[p] = (float) lerp(image.alpha(), image.width(), 1, 0, x0, x1, y0, y1, fx, fy);
            }
        }
        return new RgbImage(width, height, rgb, alpha);
    }

    private static double lerp(float[] v, int w, int channels, int c, int x0, int x1, int y0, int y1, double fx, double fy) {
        double top = v[(y0 * w + x0) * channels + c] * (1 - fx) + v[(y0 * w + x1) * channels + c] * fx;
        double bottom = v[(y1 * w + x0) * channels + c] * (1 - fx) + v[(y1 * w + x1) * channels + c] * fx;
        return top * (1 - fy) + bottom * fy;
    }
}
