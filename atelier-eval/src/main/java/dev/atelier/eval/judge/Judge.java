package dev.atelier.eval.judge;

import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.io.NpyArray;
import dev.atelier.engine.io.Npz;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code atelier-judge} package, opened once: reads images (heads, features, embedding, objects) and
 * embeds captions. Images of any size are resampled to the network's 256 x 256 input.
 */
public final class Judge implements AutoCloseable {
    /** Side of the image the network graph takes (it pools to 64 inside). */
    public static final int INPUT = 256;
    private static final int BATCH = 16;

    private final JudgeInfo info;
    private final OnnxRunner image, text;
    private final Prototypes prototypes;
    private final float[][] reference;

    private Judge(JudgeInfo info, OnnxRunner image, OnnxRunner text, Prototypes prototypes, float[][] reference) {
        this.info = info;
        this.image = image;
        this.text = text;
        this.prototypes = prototypes;
        this.reference = reference;
    }

    /** Opens the judge package in {@code dir} with {@code threads} intra-op threads per session. */
    public static Judge open(Path dir, int threads) {
        JudgeInfo info = JudgeInfo.load(dir);
        Map<String, NpyArray> protos = Npz.read(dir.resolve("prototypes.npz"));
        Map<String, NpyArray> ref = Npz.read(dir.resolve("reference.npz"));
        var prototypes = new Prototypes(protos.get("thumbs"), protos.get("index"), info.prototypeFill());
        NpyArray f = ref.get("features");
        int n = (int) f.shape()[0], d = (int) f.shape()[1];
        float[][] reference = new float[n][d];
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) reference[i][k] = (float) f.data()[i * d + k];
        OnnxRunner img = new OnnxRunner(dir.resolve("judge.onnx"), "image", threads);
        try {
            return new Judge(info, img, new OnnxRunner(dir.resolve("judge_text.onnx"), "input_ids", threads), prototypes, reference);
        } catch (RuntimeException e) {
            img.close();
            throw e;
        }
    }

    public JudgeInfo info() {
        return info;
    }

    /** Features of the real renderings of the suite, {@link JudgeInfo#referencePerPrompt()} per prompt in suite order. */
    public float[][] referenceFeatures() {
        return reference;
    }

    /** Reads each image: network heads, features, embedding and objects. */
    public List<JudgeReading> read(List<RgbImage> images) {
        List<JudgeReading> out = new ArrayList<>(images.size());
        for (int start = 0; start < images.size(); start += BATCH) {
            List<RgbImage> chunk = images.subList(start, Math.min(images.size(), start + BATCH));
            int b = chunk.size(), plane = INPUT * INPUT;
            float[] x = new float[b * 3 * plane];  // [b, 3, 256, 256] in [0, 1]
            for (int i = 0; i < b; i++) {
                RgbImage im = resized(chunk.get(i));
                for (int p = 0; p < plane; p++) {
                    for (int c = 0; c < 3; c++) x[(i * 3 + c) * plane + p] = im.pixels()[p * 3 + c];
                }
            }
            Map<String, float[]> o = image.run(x, new long[]{b, 3, INPUT, INPUT});
            for (int i = 0; i < b; i++) {
                RgbImage im = chunk.get(i);
                var found = ObjectFinder.find(im);
                List<DetectedObject> objects = new ArrayList<>();
                for (var r : found.regions()) objects.add(prototypes.classify(im, r, found.background()));
                out.add(new JudgeReading(argmax(o.get("background_logits"), i, info.backgrounds().size()),
                        argmax(o.get("style_logits"), i, info.styles().size()),
                        argmax(o.get("count_logits"), i, 4) + 1,
                        argmax(o.get("position_logits"), i, info.positions().size()),
                        row(o.get("features"), i, b), row(o.get("embedding"), i, b), objects));
            }
        }
        return out;
    }

    /** Unit-length text embeddings of {@code captions}, in the image embedding's space. */
    public float[][] embedTexts(List<String> captions) {
        var tok = info.tokenizer();
        float[][] out = new float[captions.size()][];
        for (int start = 0; start < captions.size(); start += 64) {
            int b = Math.min(64, captions.size() - start);
            long[] ids = new long[b * tok.maxTokens()];
            for (int i = 0; i < b; i++) System.arraycopy(tok.encode(captions.get(start + i)), 0, ids, i * tok.maxTokens(), tok.maxTokens());
            float[] e = text.run(ids, new long[]{b, tok.maxTokens()}).get("text_embedding");
            for (int i = 0; i < b; i++) out[start + i] = row(e, i, b);
        }
        return out;
    }

    private static int argmax(float[] logits, int row, int width) {
        int best = 0;
        for (int k = 1; k < width; k++) if (logits[row * width + k] > logits[row * width + best]) best = k;
        return best;
    }

    private static float[] row(float[] flat, int row, int rows) {
        int d = flat.length / rows;
        float[] out = new float[d];
        System.arraycopy(flat, row * d, out, 0, d);
        return out;
    }

    /** The image at 256 x 256: as is, or bilinearly resampled (pixel centres aligned). */
    static RgbImage resized(RgbImage im) {
        if (im.width() == INPUT && im.height() == INPUT) return im;
        float[] out = new float[INPUT * INPUT * 3];
        for (int y = 0; y < INPUT; y++) {
            double sy = Math.min(im.height() - 1, Math.max(0, (y + 0.5) * im.height() / INPUT - 0.5));
            int y0 = (int) sy, y1 = Math.min(im.height() - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < INPUT; x++) {
                double sx = Math.min(im.width() - 1, Math.max(0, (x + 0.5) * im.width() / INPUT - 0.5));
                int x0 = (int) sx, x1 = Math.min(im.width() - 1, x0 + 1);
                double fx = sx - x0;
                for (int c = 0; c < 3; c++) {
                    float[] p = im.pixels();
                    int w = im.width();
                    out[(y * INPUT + x) * 3 + c] = (float) ((1 - fy) * ((1 - fx) * p[(y0 * w + x0) * 3 + c] + fx * p[(y0 * w + x1) * 3 + c])
                            + fy * ((1 - fx) * p[(y1 * w + x0) * 3 + c] + fx * p[(y1 * w + x1) * 3 + c]));
                }
            }
        }
        return new RgbImage(INPUT, INPUT, out);
    }

    @Override
    public void close() {
        try {
            image.close();
        } finally {
            text.close();
        }
    }
}
