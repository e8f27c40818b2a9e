package dev.atelier.eval.judge;

import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.io.NpyArray;

/**
 * The judge's concept and style classifier: the nearest of every pack sprite, each stored as a small
 * premultiplied RGBA thumbnail and composited on the image's background before comparing (a 1-nearest-neighbour
 * classifier over real renderings).
 */
final class Prototypes {
    private final int count, side;
    private final double fill;
    private final float[] rgb;    // [N, side*side*3] premultiplied
    private final float[] alpha;  // [N, side*side]
    private final int[] concept, style;

    /** {@code thumbs}: uint8 [N, side, side, 4]; {@code index}: int [N, 2] concept, style. */
    Prototypes(NpyArray thumbs, NpyArray index, double fill) {
        long[] s = thumbs.shape();
        if (s.length != 4 || s[1] != s[2] || s[3] != 4) {
            throw new IllegalArgumentException("prototypes must be [N, side, side, 4], got " + java.util.Arrays.toString(s));
        }
        this.count = (int) s[0];
        this.side = (int) s[1];
        this.fill = fill;
        int px = side * side;
        rgb = new float[count * px * 3];
        alpha = new float[count * px];
        double[] d = thumbs.data();
        for (int n = 0; n < count; n++) {
            for (int p = 0; p < px; p++) {
                int at = (n * px + p) * 4;
                for (int c = 0; c < 3; c++) rgb[(n * px + p) * 3 + c] = (float) (d[at + c] / 255.0);
                alpha[n * px + p] = (float) (d[at + 3] / 255.0);
            }
        }
        concept = new int[count];
        style = new int[count];
        for (int n = 0; n < count; n++) {
            concept[n] = (int) index.data()[n * 2];
            style[n] = (int) index.data()[n * 2 + 1];
        }
    }

    int side() {
        return side;
    }

    /** The nearest prototype to the object in {@code box} (pixels), as {concept, style} and its distance. */
    DetectedObject classify(RgbImage img, ObjectFinder.Region box, float[] bg) {
        float[] crop = crop(img, box, bg);
        int px = side * side;
        float[] comp = new float[px * 3];
        for (int p = 0; p < px; p++) for (int c = 0; c < 3; c++) comp[p * 3 + c] = bg[c];
        int best = -1;
        double bestD = Double.MAX_VALUE;
        for (int n = 0; n < count; n++) {
            double dist = 0;
            int ro = n * px * 3, ao = n * px;
            for (int p = 0; p < px && dist < bestD; p++) {
                float oneMinusA = 1f - alpha[ao + p];
                for (int c = 0; c < 3; c++) {
                    float v = rgb[ro + p * 3 + c] + oneMinusA * bg[c] - crop[p * 3 + c];
                    dist += v * v;
                }
            }
            if (dist < bestD) {
                bestD = dist;
                best = n;
            }
        }
        int w = img.width(), h = img.height();
        return new DetectedObject((box.x0() + box.x1()) / 2.0 / w, (box.y0() + box.y1()) / 2.0 / h,
                (box.x1() - box.x0()) / (double) w, (box.y1() - box.y0()) / (double) h, box.area(),
                concept[best], style[best], bestD / (px * 3));
    }

    /** A side x side crop: the square around the box that the sprite's extent fills to {@code fill},
     * box-filtered from 4 x 4 bilinear samples per cell; outside the image is background. */
    float[] crop(RgbImage img, ObjectFinder.Region box, float[] bg) {
        double cx = (box.x0() + box.x1()) / 2.0, cy = (box.y0() + box.y1()) / 2.0;
        double half = Math.max(box.x1() - box.x0(), box.y1() - box.y0()) / 2.0 / fill + 1;
        int sub = 4, n = side * sub;
        float[] out = new float[side * side * 3];
        for (int sy = 0; sy < n; sy++) {
            double y = cy - half + (sy + 0.5) * 2 * half / n - 0.5;
            for (int sx = 0; sx < n; sx++) {
                double x = cx - half + (sx + 0.5) * 2 * half / n - 0.5;
                int o = ((sy / sub) * side + sx / sub) * 3;
                for (int c = 0; c < 3; c++) out[o + c] += bilinear(img, x, y, c, bg[c]) / (sub * sub);
            }
        }
        return out;
    }

    private static float bilinear(RgbImage img, double x, double y, int c, float outside) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double fx = x - x0, fy = y - y0;
        return (float) ((1 - fy) * ((1 - fx) * at(img, x0, y0, c, outside) + fx * at(img, x0 + 1, y0, c, outside))
                + fy * ((1 - fx) * at(img, x0, y0 + 1, c, outside) + fx * at(img, x0 + 1, y0 + 1, c, outside)));
    }

    private static float at(RgbImage img, int x, int y, int c, float outside) {
        if (x < 0 || y < 0 || x >= img.width() || y >= img.height()) return outside;
        return img.pixels()[(y * img.width() + x) * 3 + c];
    }
}
