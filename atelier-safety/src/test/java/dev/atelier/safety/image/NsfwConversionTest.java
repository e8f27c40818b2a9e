package dev.atelier.safety.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.pipeline.PipelineOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shipped ONNX model computes what nsfwjs's MobileNetV2 computes under TensorFlow.js: both run on the same
 * float32 input tensors (written to one file), and every probability agrees within {@value #TOLERANCE}; and the
 * shipped model is exactly what {@code atelier-safety/tools/convert-nsfw.sh} makes from the pinned nsfwjs.
 * Needs python3-onnx, Node.js and {@code npm ci --prefix atelier-safety/src/test/node-nsfw --ignore-scripts}.
 */
class NsfwConversionTest {
    static final double TOLERANCE = 1e-4;
    static final Path NODE_PROJECT = TestImages.ROOT.resolve("atelier-safety/src/test/node-nsfw");

    @Test
    void onnxModelMatchesNsfwjsUnderTensorFlowJs() throws Exception {
        List<RgbImage> images = new ArrayList<>();
        TestImages.generated().stream().limit(6).map(TestImages::read).forEach(images::add);
        images.addAll(TestImages.emojiSprites().subList(0, 4));
        images.add(TestImages.gradient());
        int n = images.size();
        int per = NsfwInput.SIZE * NsfwInput.SIZE * 3;
        float[] inputs = new float[n * per];  // [n, 224, 224, 3]
        for (int i = 0; i < n; i++) System.arraycopy(NsfwInput.tensor(images.get(i)), 0, inputs, i * per, per);

        Path dir = Files.createDirectories(Path.of("target/nsfw-conversion"));
        Path inputFile = dir.resolve("inputs.f32"), referenceFile = dir.resolve("tfjs.json");
        writeFloats(inputFile, inputs);
        JsonNode reference = runNode(inputFile, referenceFile);

        float[] onnx;
        try (var classifier = NsfwClassifier.open(NsfwThresholds.defaults(), PipelineOptions.defaults())) {
            onnx = classifier.probabilities(inputs, n);
        }
        double maxDiff = 0;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 5; c++) {
                maxDiff = Math.max(maxDiff, Math.abs(onnx[i * 5 + c] - reference.get("probabilities").get(i).get(c).asDouble()));
            }
        }
        System.out.printf("nsfwjs %s under tfjs %s (%s) vs ONNX Runtime, %d images: max abs difference %.3g%n",
                reference.get("nsfwjs").asText(), reference.get("tfjs").asText(), reference.get("backend").asText(), n, maxDiff);
        assertThat(reference.get("nsfwjs").asText()).isEqualTo(NsfwClassifier.NSFWJS_VERSION);
        assertThat(maxDiff).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void shippedModelIsTheConvertersOutputByteForByte() throws Exception {
        requireNodeModules();
        Path out = Files.createDirectories(Path.of("target/nsfw-conversion")).resolve("converted.onnx").toAbsolutePath();
        Path log = out.resolveSibling("convert.log");
        Process convert = new ProcessBuilder("bash", TestImages.ROOT.resolve("atelier-safety/tools/convert-nsfw.sh").toString(),
                "--no-install", out.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(convert.waitFor(5, TimeUnit.MINUTES)).as("convert-nsfw.sh finished").isTrue();
        assertThat(convert.exitValue()).as("convert-nsfw.sh exit status; log:%n%s", Files.readString(log)).isZero();
        byte[] shipped;
        try (var in = NsfwClassifier.class.getResourceAsStream(NsfwClassifier.RESOURCE)) {
            shipped = in.readAllBytes();
        }
        assertThat(Files.readAllBytes(out)).as("converted %s vs shipped %s", out, NsfwClassifier.RESOURCE).isEqualTo(shipped);
    }

    private static void requireNodeModules() {
        if (!Files.isDirectory(NODE_PROJECT.resolve("node_modules/nsfwjs"))) {
            throw new AssertionError(NODE_PROJECT.resolve("node_modules") + " is missing: run "
                    + "npm ci --prefix atelier-safety/src/test/node-nsfw --ignore-scripts --no-audit --no-fund");
        }
    }

    private static JsonNode runNode(Path inputs, Path output) throws IOException, InterruptedException {
        requireNodeModules();
        Path log = output.resolveSibling("node.log");
        Process node;
        try {
            node = new ProcessBuilder("node", "reference.js", inputs.toAbsolutePath().toString(), output.toAbsolutePath().toString())
                    .directory(NODE_PROJECT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start node (Node.js 20 or later must be on the PATH): " + e.getMessage(), e);
        }
        if (!node.waitFor(5, TimeUnit.MINUTES)) {
            node.destroyForcibly();
            throw new AssertionError("node reference.js took over 5 minutes; log: " + log);
        }
        if (node.exitValue() != 0) {
            throw new AssertionError("node reference.js failed (exit " + node.exitValue() + "):\n" + Files.readString(log));
        }
        return new ObjectMapper().readTree(output.toFile());
    }

    private static void writeFloats(Path file, float[] values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        Files.write(file, bytes.array());
    }
}
