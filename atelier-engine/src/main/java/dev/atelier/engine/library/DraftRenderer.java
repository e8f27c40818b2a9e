package dev.atelier.engine.library;

import java.util.Arrays;
import java.util.List;

/**
 * A retrieval model's image conditions (docs/model-package.md, "Layout planner"): the reference slots and the draft,
 * as {@code atelier_train.pipeline_ref.conditions} makes them with {@code data.render.render}. Both are premultiplied
 * colour and alpha, each value v in [0, 1] mapped to {@code 2v - 1}; an empty slot and an empty draft are all -1.
 *
 * <p>A draft places each plan item's sprite on a transparent canvas as PyTorch's {@code affine_grid} and
 * {@code grid_sample} do (bilinear, zeros padding, {@code align_corners=False}), from a mip level of the sprite
 * (2 x 2 box filter, level {@code clamp(floor(log2(64 / side / 1.5)) + 1, 0, 3)} for a side in canvas pixels), and
 * composes the items 'over' in order.
 */
public final class DraftRenderer {
    /** Channels of a slot and of the draft: premultiplied red, green, blue and alpha. */
    public static final int CHANNELS = 4;
    private static final int MAX_LEVEL = 3;

    private DraftRenderer() {
    }

    /** An empty reference slot or draft of {@code side} x {@code side}: all -1 {@code // [4, side, side]}. */
    public static float[] empty(int side) {
        float[] out = new float[CHANNELS * side * side];
        Arrays.fill(out, -1f);
        return out;
    }

    /** A sprite as a reference slot {@code // [4, 64, 64]} in [-1, 1]. */
    public static float[] reference(Sprite sprite) {
        return signed(premultiplied(sprite));
    }

    /**
     * The draft of {@code plan} on a {@code canvas} x {@code canvas} canvas {@code // [4, canvas, canvas]} in [-1, 1];
     * item {@code i} draws {@code sprites.get(plan.get(i).hit())}. An empty plan gives an empty draft.
     */
    public static float[] draft(List<Sprite> sprites, List<Planner.Item> plan, int canvas) {
        if (plan.isEmpty()) return empty(canvas);
        int plane = canvas * canvas;
        float[] out = new float[CHANNELS * plane];  // transparent black, premultiplied
        float[] layer = new float[CHANNELS * plane];
        for (Planner.Item item : plan) {
            float[][] mips = mipLevels(premultiplied(sprites.get(item.hit())));
            place(mips, item, canvas, layer);
            for (int p = 0; p < plane; p++) {
                float keep = 1f - layer[3 * plane + p];
                for (int c = 0; c < CHANNELS; c++) out[c * plane + p] = layer[c * plane + p] + keep * out[c * plane + p];
            }
        }
        for (int p = 0; p < out.length; p++) out[p] = Math.min(1f, Math.max(0f, out[p]));
        return signed(out);
    }

    /** The mip level a sprite drawn {@code side} canvas pixels wide is read from: halve while minified by more than 1.5x. */
    static int level(double side) {
        double level = Math.floor(Math.log((float) Sprite.SIZE / Math.max((float) side, 1f) / 1.5f) / Math.log(2)) + 1;
        return (int) Math.max(0, Math.min(MAX_LEVEL, level));
    }

    // [4, 64, 64] in [0, 1]: colour times alpha
    private static float[] premultiplied(Sprite sprite) {
        int n = Sprite.SIZE * Sprite.SIZE;
        byte[] rgba = sprite.rgba();
        float[] out = new float[CHANNELS * n];
        for (int p = 0; p < n; p++) {
            float a = (rgba[p * 4 + 3] & 0xFF) / 255f;
            for (int c = 0; c < 3; c++) out[c * n + p] = (rgba[p * 4 + c] & 0xFF) / 255f * a;
            out[3 * n + p] = a;
        }
        return out;
    }

    // level l is [4, 64 >> l, 64 >> l], each value the mean of a 2 x 2 block of level l - 1
    private static float[][] mipLevels(float[] level0) {
        float[][] mips = new float[MAX_LEVEL + 1][];
        mips[0] = level0;
        for (int l = 1; l <= MAX_LEVEL; l++) {
            int src = Sprite.SIZE >> (l - 1);
            int dst = src / 2;
            float[] prev = mips[l - 1];
            float[] next = new float[CHANNELS * dst * dst];
            for (int c = 0; c < CHANNELS; c++) {
                for (int y = 0; y < dst; y++) {
                    for (int x = 0; x < dst; x++) {
                        int s = c * src * src + 2 * y * src + 2 * x;
                        next[c * dst * dst + y * dst + x] = (prev[s] + prev[s + 1] + prev[s + src] + prev[s + src + 1]) / 4f;
                    }
                }
            }
            mips[l] = next;
        }
        return mips;
    }

    // One item's layer [4, canvas, canvas]: canvas pixel (i, j) at normalised u = (2i + 1) / canvas - 1 reads the
    // sprite at v = u * canvas / side + (canvas - 2 * centre) / side, in pixels ((v + 1) * size - 1) / 2.
    private static void place(float[][] mips, Planner.Item item, int canvas, float[] layer) {
        double side = item.side() * canvas;
        int lv = level(side);
        float[] src = mips[lv];
        int size = Sprite.SIZE >> lv;
        int plane = canvas * canvas;
        double scale = canvas / side;
        double ox = (canvas - 2 * item.cx() * canvas) / side;
        double oy = (canvas - 2 * item.cy() * canvas) / side;
        double[] sx = new double[canvas];
        double[] sy = new double[canvas];
        for (int i = 0; i < canvas; i++) {
            double u = (2.0 * i + 1) / canvas - 1;
            sx[i] = ((u * scale + ox + 1) * size - 1) / 2;
            sy[i] = ((u * scale + oy + 1) * size - 1) / 2;
        }
        for (int y = 0; y < canvas; y++) {
            double fy = sy[y];
            int y0 = (int) Math.floor(fy);
            double wy1 = fy - y0;
            for (int x = 0; x < canvas; x++) {
                double fx = sx[x];
                int x0 = (int) Math.floor(fx);
                double wx1 = fx - x0;
                for (int c = 0; c < CHANNELS; c++) {
                    int base = c * size * size;
                    double v = (1 - wx1) * (1 - wy1) * at(src, base, size, x0, y0) + wx1 * (1 - wy1) * at(src, base, size, x0 + 1, y0)
                            + (1 - wx1) * wy1 * at(src, base, size, x0, y0 + 1) + wx1 * wy1 * at(src, base, size, x0 + 1, y0 + 1);
                    layer[c * plane + y * canvas + x] = (float) v;
                }
            }
        }
    }

    // zeros padding: outside the sprite is transparent
    private static float at(float[] src, int base, int size, int x, int y) {
        return x < 0 || y < 0 || x >= size || y >= size ? 0f : src[base + y * size + x];
    }

    private static float[] signed(float[] unit) {
        float[] out = new float[unit.length];
        for (int i = 0; i < out.length; i++) out[i] = unit[i] * 2f - 1f;
        return out;
    }
}
