package dev.atelier.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageGenerateParams;
import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code output_format: "webp"} on every image endpoint, read back with ImageIO's WebP plugin. */
class WebpApiTest {
    @TempDir
    static Path dir;
    static TestServer s;
    static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir, TestDatabases.fresh("sqlite", dir), c -> TestServer.installed(c, "atelier-image-2"));
        client = OpenAIOkHttpClient.builder().apiKey(s.key).baseUrl(s.server.baseUrl() + "/v1").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static BufferedImage webp(byte[] file) throws Exception {
        assertThat(new String(file, 0, 4, StandardCharsets.US_ASCII) + new String(file, 8, 4, StandardCharsets.US_ASCII))
                .isEqualTo("RIFFWEBP");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(file));
        assertThat(img).isNotNull();
        return img;
    }

    private static ImageGenerateParams.Builder small(String prompt) {
        return ImageGenerateParams.builder().model("tiny-sd").prompt(prompt).outputFormat(ImageGenerateParams.OutputFormat.WEBP)
                .putAdditionalBodyProperty("size", JsonValue.from("64x64")).putAdditionalBodyProperty("steps", JsonValue.from(2))
                .putAdditionalBodyProperty("seed", JsonValue.from(7));
    }

    private static byte[] first(com.openai.models.images.ImagesResponse r) {
        return Base64.getDecoder().decode(r.data().orElseThrow().getFirst().b64Json().orElseThrow());
    }

    @Test
    void aGenerationInWebpDecodesAndSaysItsFormat() throws Exception {
        var r = client.images().generate(small("a red apple").build());
        assertThat(webp(first(r)).getWidth()).isEqualTo(64);
        assertThat(r.outputFormat().orElseThrow().asString()).isEqualTo("webp");
    }

    @Test
    void outputCompressionIsTheWebpQuality() throws Exception {
        byte[] lossless = first(client.images().generate(small("a red apple").outputCompression(100).build()));
        byte[] lossy = first(client.images().generate(small("a red apple").outputCompression(10).build()));
        webp(lossy);
        assertThat(lossy.length).as("quality 10 against lossless").isLessThan(lossless.length);
    }

    @Test
    void aTransparentWebpHasAlpha() throws Exception {
        var r = client.images().generate(ImageGenerateParams.builder().model("atelier-image-2").prompt("a red apple")
                .background(ImageGenerateParams.Background.TRANSPARENT).outputFormat(ImageGenerateParams.OutputFormat.WEBP)
                .putAdditionalBodyProperty("seed", JsonValue.from(1)).build());
        BufferedImage img = webp(first(r));
        assertThat(img.getColorModel().hasAlpha()).isTrue();
        assertThat(img.getRGB(2, 2) >>> 24).as("a transparent corner").isLessThan(32);
        assertThat(r.background().orElseThrow().asString()).isEqualTo("transparent");
    }

    @Test
    void aModelWithoutAlphaRefusesATransparentBackground() {
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(BadRequestException.class, () -> client.images()
                .generate(small("a red apple").background(ImageGenerateParams.Background.TRANSPARENT).build()));
        assertThat(e.getMessage()).contains("'background' 'transparent' cannot be used with tiny-sd").contains("opaque images only");
    }

    @Test
    void editsVariationsJobsAndAzureAnswerWebp() throws Exception {
        byte[] start = EditsApiTest.picture();
        var edit = client.images().edit(ImageEditParams.builder().model("tiny-sd").prompt("a cat").image(start)
                .outputFormat(ImageEditParams.OutputFormat.WEBP).putAdditionalBodyProperty("steps", JsonValue.from(2)).build());
        assertThat(webp(first(edit)).getWidth()).isEqualTo(64);

        byte[] png = first(client.images().generate(small("a green frog").outputFormat(ImageGenerateParams.OutputFormat.PNG).build()));
        var variation = new Form().file("image", "frog.png", png).field("model", "tiny-sd").field("output_format", "webp")
                .field("steps", "2").post(s, "/v1/images/variations");
        assertThat(variation.statusCode()).as(variation.body()).isEqualTo(200);
        webp(Base64.getDecoder().decode(TestServer.json(variation).path("data").get(0).path("b64_json").asText()));

        var job = s.post("/v1/images/jobs", "{\"prompt\": \"a cat\", \"output_format\": \"webp\", \"response_format\": \"url\", "
                + TestServer.SMALL + "}");
        JsonNode done = s.awaitJob(TestServer.json(job).path("id").asText(), java.time.Duration.ofSeconds(60));
        String url = done.path("result").path("data").get(0).path("url").asText();
        assertThat(url).contains(".webp?");
        var file = s.bytes(url);
        assertThat(file.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("image/webp");
        webp(file.body());

        var azure = s.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        s.url("/openai/deployments/tiny-sd/images/generations?api-version=2025-04-01-preview")))
                .header("api-key", s.key).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"prompt\": \"a cat\", \"output_format\": \"webp\", "
                        + "\"size\": \"64x64\", \"steps\": 2}")));
        assertThat(azure.statusCode()).as(azure.body()).isEqualTo(200);
        webp(Base64.getDecoder().decode(TestServer.json(azure).path("data").get(0).path("b64_json").asText()));

        var upscale = new Form().file("image", "in.png", start).field("model", "atelier-image-2").field("output_format", "webp")
                .post(s, "/v1/images/upscale");
        assertThat(upscale.statusCode()).as(upscale.body()).isEqualTo(200);
        assertThat(webp(Base64.getDecoder().decode(TestServer.json(upscale).path("data").get(0).path("b64_json").asText())).getWidth())
                .isEqualTo(128);
    }
}
