package dev.atelier.eval.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code judge.json} of an {@code atelier-judge} package says: label lists, files, the tokenizer and
 * its test vectors, the real reference set's CLIPScore.
 *
 * @param backgroundRgb one {@code [r, g, b]} (0–255) per background name
 * @param positionXy    one {@code [x, y]} (fractions of the side) per position name
 */
public record JudgeInfo(Path dir, List<String> conceptHex, List<String> conceptLabels, List<String> styles,
                        List<String> backgrounds, List<int[]> backgroundRgb, List<String> positions,
                        List<double[]> positionXy, JudgeTokenizer tokenizer, List<TestVector> tokenizerTests,
                        double referenceClipScore, int referencePerPrompt, int prototypeSide, double prototypeFill,
                        JsonNode raw) {

    /** A caption and the ids the Python tokenizer gave it. */
    public record TestVector(String text, long[] ids) {
    }

    public static JudgeInfo load(Path dir) {
        Path file = dir.resolve("judge.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("not a judge package (no judge.json): " + dir);
        }
        JsonNode j;
        try {
            j = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (!"atelier-judge".equals(j.path("format").asText())) {
            throw new IllegalArgumentException(file + ": format must be 'atelier-judge', got " + j.path("format"));
        }
        List<String> hex = new ArrayList<>(), labels = new ArrayList<>();
        for (JsonNode c : j.get("concepts")) {
            hex.add(c.get("hexcode").asText());
            labels.add(c.get("label").asText());
        }
        List<String> bgNames = new ArrayList<>();
        List<int[]> bgRgb = new ArrayList<>();
        for (JsonNode b : j.get("backgrounds")) {
            bgNames.add(b.get("name").asText());
            JsonNode rgb = b.get("rgb");
            bgRgb.add(new int[]{rgb.get(0).asInt(), rgb.get(1).asInt(), rgb.get(2).asInt()});
        }
        List<String> posNames = new ArrayList<>();
        List<double[]> posXy = new ArrayList<>();
        for (JsonNode p : j.get("positions")) {
            posNames.add(p.get("name").asText());
            posXy.add(new double[]{p.get("x").asDouble(), p.get("y").asDouble()});
        }
        JsonNode t = j.get("text");
        List<TestVector> tests = new ArrayList<>();
        for (JsonNode v : t.get("test_vectors")) {
            long[] ids = new long[v.get("ids").size()];
            for (int i = 0; i < ids.length; i++) ids[i] = v.get("ids").get(i).asLong();
            tests.add(new TestVector(v.get("text").asText(), ids));
        }
        List<String> styles = new ArrayList<>();
        j.get("styles").forEach(s -> styles.add(s.asText()));
        JsonNode ref = j.get("reference");
        JsonNode proto = j.get("prototypes");
        return new JudgeInfo(dir, List.copyOf(hex), List.copyOf(labels), List.copyOf(styles), List.copyOf(bgNames),
                List.copyOf(bgRgb), List.copyOf(posNames), List.copyOf(posXy),
                new JudgeTokenizer(t.get("vocab").asInt(), t.get("max_tokens").asInt()), List.copyOf(tests),
                ref.get("clip_score").asDouble(), ref.get("per_prompt").asInt(), proto.get("side").asInt(),
                proto.get("fill").asDouble(), j);
    }

    /** Index of the concept with this hexcode; unknown hexcodes are an error that names them. */
    public int conceptIndex(String hexcode) {
        int i = conceptHex.indexOf(hexcode);
        if (i < 0) throw new IllegalArgumentException("the judge does not know concept " + hexcode);
        return i;
    }
}
