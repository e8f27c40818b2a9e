package dev.atelier.engine.pipeline;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.atelier.engine.image.RgbImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A retrieval model's learned ×2 upsampler applied to a picture of any size. The exported graph takes a fixed
 * {@code [B, 4, 128, 128]} (only the batch is dynamic), so the picture is cut into 128-pixel tiles that overlap by at
 * least {@link #OVERLAP} pixels, run as one batch, and blended: each tile's weight ramps linearly from 0 to 1 across
 * the middle of each overlap, skipping {@link #MARGIN} pixels at the tile's edge, where its zero padding and bicubic
 * edge clamping differ from the whole picture's; the network sees 4 pixels around each output (four 3×3
 * convolutions), so inside the margin the tiles agree with each other. A side shorter than 128 is padded by repeating
 * its edge pixels and cropped after. Input as the model's canvas (docs/model-package.md): colour composed over white
 * and alpha, in [-1, 1]; a transparent picture gets its alpha from the network too, and straight colour back.
 * Thread-safe.
 */
public final class TiledUpsampler implements AutoCloseable {
    /** The graph's input side, pixels. */
    public static final int TILE = 128;
    /** The least overlap of neighbouring tiles, input pixels. */
    static final int OVERLAP = 32;
    /** Pixels at a tile's inner edges that get no weight. */
    static final int MARGIN = 8;
    private static final int BATCH = 8;

    private final Upsampler upsampler;

    private TiledUpsampler(Upsampler upsampler) {
        this.upsampler = upsampler;
    }

    /** Opens {@code file}, an {@code upsampler/model.onnx} of the retrieval layout. */
    public static TiledUpsampler open(Path file, PipelineOptions options) {
        try (OrtSession.SessionOptions so = OnnxSessions.options(options)) {
            return new TiledUpsampler(new Upsampler(OrtEnvironment.getEnvironment(), so, file));
        } catch (OrtException e) {
            throw new IllegalStateException("cannot configure ONNX Runtime: " + e.getMessage(), e);
        }
    }

    /** {@code image} at twice its width and height. */
    public RgbImage upscale(RgbImage image) {
        int w = image.width();
        int h = image.height();
        float[] canvas = canvas(image);  // [4, h, w] in [-1, 1]
        int[] xs = starts(w);
        int[] ys = starts(h);
        int W = 2 * w;
        int H = 2 * h;
        float[] sum = new float[4 * H * W];
        float[] total = new float[H * W];
        List<int[]> tiles = new ArrayList<>();
        for (int y : ys) for (int x : xs) tiles.add(new int[] {x, y});
        int plane = TILE * TILE;
        int out = 16 * plane;  // one tile's output, [4, 256, 256]
        for (int first = 0; first < tiles.size(); first += BATCH) {
            List<int[]> chunk = tiles.subList(first, Math.min(tiles.size(), first + BATCH));
            float[] in = new float[chunk.size() * 4 * plane];  // [b, 4, 128, 128]
            for (int b = 0; b < chunk.size(); b++) cut(canvas, w, h, chunk.get(b)[0], chunk.get(b)[1], in, b * 4 * plane);
            float[] up = upsampler.decode(in, new long[] {chunk.size(), 4, TILE, TILE});  // [b, 4, 256, 256]
            for (int b = 0; b < chunk.size(); b++) {
                int tx = chunk.get(b)[0];
                int ty = chunk.get(b)[1];
                float[] wx = weights(tx, w);
                float[] wy = weights(ty, h);
                for (int v = 0; v < 2 * TILE; v++) {
                    int Y = 2 * ty + v;
                    if (Y >= H || wy[v] == 0) continue;
                    for (int u = 0; u < 2 * TILE; u++) {
                        int X = 2 * tx + u;
                        if (X >= W || wx[u] == 0) continue;
                        float wgt = wx[u] * wy[v];
                        int q = Y * W + X;
                        total[q] += wgt;
                        for (int c = 0; c < 4; c++) sum[c * H * W + q] += wgt * up[b * out + c * 4 * plane + v * 2 * TILE + u];
                    }
                }
            }
        }
        for (int c = 0; c < 4; c++) for (int q = 0; q < H * W; q++) sum[c * H * W + q] /= total[q];
        return RetrievalPipeline.image(sum, 0, W, H, image.hasAlpha());
    }

    /** Where the tiles along a side of {@code n} pixels begin: one at 0 if {@code n <= 128}, else evenly spaced. */
    static int[] starts(int n) {
        if (n <= TILE) return new int[] {0};
        int count = (int) Math.ceil((double) (n - TILE) / (TILE - OVERLAP)) + 1;
        int[] s = new int[count];
        for (int k = 0; k < count; k++) s[k] = (int) Math.round((double) k * (n - TILE) / (count - 1));
        return s;
    }

    // a tile's weight along one side at each of its 256 output pixels: ramps at inner edges, 1 at the picture's
    static float[] weights(int start, int n) {
        float[] wgt = new float[2 * TILE];
        double ramp = OVERLAP - 2 * MARGIN;
        for (int u = 0; u < wgt.length; u++) {
            double x = (u + 0.5) / 2;  // input pixels from the tile's left edge
            double left = start == 0 ? 1 : (x - MARGIN) / ramp;
            double right = start + TILE >= n ? 1 : (TILE - x - MARGIN) / ramp;
            wgt[u] = (float) Math.clamp(Math.min(left, right), 0, 1);
        }
        return wgt;
    }

    // the model's canvas: RGB composed over white, then alpha, mapped to [-1, 1]
    private static float[] canvas(RgbImage image) {
        RgbImage over = image.overWhite();
        int n = image.width() * image.height();
        float[] c = new float[4 * n];
        for (int p = 0; p < n; p++) {
            for (int ch = 0; ch < 3; ch++) c[ch * n + p] = 2 * Math.clamp(over.pixels()[p * 3 + ch], 0f, 1f) - 1;
            c[3 * n + p] = image.hasAlpha() ? 2 * Math.clamp(image.alpha()[p], 0f, 1f) - 1 : 1f;
        }
        return c;
    }

    // the 128 x 128 tile at (x0, y0), edge pixels repeated past the picture
    private static void cut(float[] canvas, int w, int h, int x0, int y0, float[] dst, int offset) {
        int plane = TILE * TILE;
        for (int c = 0; c < 4; c++) {
            for (int v = 0; v < TILE; v++) {
                int y = Math.min(y0 + v, h - 1);
                for (int u = 0; u < TILE; u++) {
                    int x = Math.min(x0 + u, w - 1);
                    dst[offset + c * plane + v * TILE + u] = canvas[c * w * h + y * w + x];
                }
            }
        }
    }

    /** Time spent inside ONNX Runtime. */
    public long runNanos() {
        return upsampler.runNanos();
    }

    @Override
    public void close() {
        upsampler.close();
    }
}
