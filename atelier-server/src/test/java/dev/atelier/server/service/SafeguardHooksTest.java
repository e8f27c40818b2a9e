package dev.atelier.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.engine.image.ImageFormat;
import dev.atelier.engine.image.RgbImage;
import java.util.function.Function;
import dev.atelier.engine.pipeline.GeneratedImage;
import dev.atelier.server.AtelierServer;
import dev.atelier.server.StudioOptions;
import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import dev.atelier.server.spi.ImageCheck;
import dev.atelier.server.spi.PromptCheck;
import dev.atelier.server.spi.Safeguards;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two safeguard hooks: the prompt check runs before a job is queued, the image check before an image is stored. */
class SafeguardHooksTest {
    private static final byte[] STAMP = "atelier-test-provenance".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> CHECKED = new CopyOnWriteArrayList<>();

    @TempDir
    static Path dir;
    static AtelierServer server;
    static String key;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    // refuses any prompt naming "forbidden"; records who asked
    private static final PromptCheck PROMPTS = new PromptCheck() {
        public String describe() {
            return "test word list";
        }

        public Passed check(Input in) {
            CHECKED.add(in.caller() + ":" + in.prompt());
            if (in.prompt().contains("forbidden")) throw new Refused("moderation_blocked", "the prompt names a forbidden thing (test)", null);
            return new Passed(in.moderation(), null);
        }
    };

    // withholds images of prompts naming "withhold"; stamps every other file
    private static final ImageCheck IMAGES = new ImageCheck() {
        public String describe() {
            return "test stamp";
        }

        public Checked apply(Subject subject, GeneratedImage image, ImageFormat format, Function<RgbImage, byte[]> encoder) {
            if (image.parameters().prompt().contains("withhold")) throw new Withheld("the image was withheld (test)", null);
            byte[] encoded = encoder.apply(image.image());
            byte[] out = Arrays.copyOf(encoded, encoded.length + STAMP.length);
            System.arraycopy(STAMP, 0, out, encoded.length, STAMP.length);
            return new Checked(out, null);
        }
    };

    @BeforeAll
    static void start() throws Exception {
        var config = TestServer.config(dir, TestDatabases.fresh("sqlite", dir));
        server = AtelierServer.start(config, StudioOptions.defaults(), new Safeguards(PROMPTS, IMAGES));
        key = server.keys().create("hooks", 1000, 100_000).secret();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static int jobs() {
        return server.backend().database().withConnection(c -> {
            try (var st = c.prepareStatement("SELECT COUNT(*) FROM jobs"); var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static HttpResponse<String> generate(String prompt) throws Exception {
        String body = "{\"model\": \"tiny-sd\", \"size\": \"64x64\", \"steps\": 2, \"prompt\": \"" + prompt + "\"}";
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/images/generations"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRefusedPromptIsA400BeforeAnythingIsQueued() throws Exception {
        int before = jobs();
        HttpResponse<String> r = generate("a forbidden cat");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode err = TestServer.JSON.readTree(r.body()).path("error");
        assertThat(err.path("code").asText()).isEqualTo("moderation_blocked");
        assertThat(err.path("param").asText()).isEqualTo("prompt");
        assertThat(err.path("message").asText()).contains("forbidden thing");
        assertThat(jobs()).isEqualTo(before);
        assertThat(CHECKED).anyMatch(c -> c.startsWith("key_") && c.endsWith(":a forbidden cat"));
    }

    @Test
    void theStudioPassesThePromptCheckToo() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/studio/api/jobs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\": \"tiny-sd\", \"size\": \"64x64\", \"steps\": 2, \"prompt\": \"forbidden fruit\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("moderation_blocked");
        assertThat(CHECKED).contains("studio:forbidden fruit");
    }

    @Test
    void everyStoredImageIsTheImageChecksBytes() throws Exception {
        HttpResponse<String> r = generate("a red apple");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        byte[] png = Base64.getDecoder().decode(TestServer.JSON.readTree(r.body()).path("data").get(0).path("b64_json").asText());
        assertThat(Arrays.copyOfRange(png, png.length - STAMP.length, png.length)).isEqualTo(STAMP);
    }

    @Test
    void aWithheldImageFailsItsJobWithAClientError() throws Exception {
        HttpResponse<String> r = generate("withhold this apple");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestServer.JSON.readTree(r.body()).path("error").path("code").asText()).isEqualTo("image_withheld");
    }
}
