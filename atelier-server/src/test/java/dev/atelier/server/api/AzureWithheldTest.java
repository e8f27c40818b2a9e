package dev.atelier.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.engine.image.ImageFormat;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.pipeline.GeneratedImage;
import dev.atelier.safety.moderation.FilterResults;
import dev.atelier.safety.text.Category;
import dev.atelier.safety.text.Severity;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Azure route's answer for a withheld image carries that image's content filter results, as Azure's does. */
class AzureWithheldTest {
    @TempDir
    static Path dir;
    static AtelierServer server;
    static String key;

    // rates every image of a prompt naming "withhold" sexual, high, and withholds it
    private static final ImageCheck IMAGES = new ImageCheck() {
        public String describe() {
            return "test rating";
        }

        public Checked apply(Subject subject, GeneratedImage image, ImageFormat format, Function<RgbImage, byte[]> encoder) {
            if (image.parameters().prompt().contains("withhold")) {
                throw new Withheld("The image was withheld (test).",
                        new FilterResults(Map.of(Category.SEXUAL, Severity.HIGH), Set.of(Category.SEXUAL), false));
            }
            return new Checked(encoder.apply(image.image()),
                    new FilterResults(Map.of(Category.SEXUAL, Severity.SAFE), Set.of(), false));
        }
    };

    private static final PromptCheck PROMPTS = new PromptCheck() {
        public String describe() {
            return "none";
        }

        public Passed check(Input in) {
            return new Passed(in.moderation(), null);
        }
    };

    @BeforeAll
    static void start() throws Exception {
        server = AtelierServer.start(TestServer.config(dir, TestDatabases.fresh("sqlite", dir)), StudioOptions.defaults(),
                new Safeguards(PROMPTS, IMAGES));
        key = server.keys().create("azure", 1000, 100_000).secret();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> azure(String prompt) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                        + "/openai/deployments/tiny-sd/images/generations?api-version=2025-04-01-preview"))
                .header("api-key", key).header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"size\": \"64x64\", \"steps\": 2, \"prompt\": \"" + prompt + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aWithheldImageReportsItsFilterResults() throws Exception {
        HttpResponse<String> r = azure("withhold this apple");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode err = TestServer.json(r).path("error");
        assertThat(err.path("code").asText()).isEqualTo("content_policy_violation");
        assertThat(err.path("inner_error").path("code").asText()).isEqualTo("ResponsibleAIPolicyViolation");
        JsonNode results = err.path("inner_error").path("content_filter_results");
        assertThat(results.path("sexual").path("filtered").asBoolean()).as(r.body()).isTrue();
        assertThat(results.path("sexual").path("severity").asText()).isEqualTo("high");
    }

    @Test
    void aDeliveredImageReportsItsFilterResultsToo() throws Exception {
        HttpResponse<String> r = azure("a red apple");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode results = TestServer.json(r).path("data").get(0).path("content_filter_results");
        assertThat(results.path("sexual").path("filtered").asBoolean()).isFalse();
        assertThat(results.path("sexual").path("severity").asText()).isEqualTo("safe");
    }
}
