package dev.atelier.safety.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.pipeline.PipelineOptions;
import java.awt.Color;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Rates every sprite of atelier-image-2's emoji library as a generated image shows it (160 px on a 256×256 white
 * canvas) and prints how many reach each explicit (porn + hentai) and suggestive (sexy) level, and the highest: the
 * evidence behind {@link NsfwThresholds#defaults()}. A main, not a test (about 10k images, minutes); run it as
 * {@link NsfwClassifierBench} is run.
 */
public final class NsfwLibraryScan {
    private record Score(String label, String style, float explicit, float sexy) {
    }

    private NsfwLibraryScan() {
    }

    public static void main(String[] args) throws IOException {
        Path library = TestImages.ROOT.resolve("models/atelier-image-2/library");
        JsonNode json = new ObjectMapper().readTree(library.resolve("library.json").toFile());
        int side = json.get("reference_size").asInt(), columns = json.get("columns").asInt();
        List<Score> scores = new ArrayList<>();
        try (var classifier = NsfwClassifier.open(NsfwThresholds.defaults(), PipelineOptions.defaults())) {
            for (var atlas : json.get("atlases").properties()) {
                BufferedImage sheet = ImageIO.read(library.resolve(atlas.getValue().asText()).toFile());
                for (JsonNode entry : json.get("entries")) {
                    JsonNode index = entry.get("sprites").get(atlas.getKey());
                    if (index == null) continue;
                    int i = index.asInt();
                    var sprite = sheet.getSubimage((i % columns) * side, (i / columns) * side, side, side);
                    var s = classifier.analyze(onCanvas(sprite)).scores();
                    scores.add(new Score(entry.get("label").asText(), atlas.getKey(), s.get("porn") + s.get("hentai"), s.get("sexy")));
                }
            }
        }
        System.out.printf("%d sprites%n", scores.size());
        for (float t : new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f}) {
            System.out.printf("≥ %.1f: explicit %d, suggestive %d%n", t,
                    scores.stream().filter(s -> s.explicit >= t).count(), scores.stream().filter(s -> s.sexy >= t).count());
        }
        scores.stream().sorted(Comparator.comparing(Score::explicit).reversed()).limit(10).forEach(System.out::println);
    }

    /** The sprite drawn bilinearly at 160 px in the middle of a white 256×256 canvas. */
    private static RgbImage onCanvas(BufferedImage sprite) {
        var canvas = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        var g = canvas.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 256, 256);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(sprite, 48, 48, 160, 160, null);
        g.dispose();
        float[] px = new float[256 * 256 * 3];
        for (int p = 0; p < 256 * 256; p++) {
            int rgb = canvas.getRGB(p % 256, p / 256);
            px[p * 3] = ((rgb >> 16) & 255) / 255f;
            px[p * 3 + 1] = ((rgb >> 8) & 255) / 255f;
            px[p * 3 + 2] = (rgb & 255) / 255f;
        }
        return new RgbImage(256, 256, px);
    }
}
