package dev.atelier.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/images/generations} over raw HTTP: images in both response formats, signed links. */
class GenerationsTest {
    @TempDir
    static Path dir;
    static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir, TestDatabases.fresh("sqlite", dir), c -> c);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static BufferedImage image(byte[] bytes) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(img).as("decodable image").isNotNull();
        return img;
    }

    @Test
    void b64JsonReturnsPngsOfTheRequestedSize() throws Exception {
        var r = s.post("/v1/images/generations", "{\"prompt\": \"a red apple\", \"n\": 2, " + TestServer.SMALL + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = TestServer.json(r);
        assertThat(body.path("created").asLong()).isPositive();
        assertThat(body.path("size").asText()).isEqualTo("64x64");
        assertThat(body.path("output_format").asText()).isEqualTo("png");
        assertThat(body.path("usage").path("input_tokens").asInt()).isPositive();
        assertThat(body.path("data")).hasSize(2);
        for (JsonNode d : body.path("data")) {
            BufferedImage img = image(Base64.getDecoder().decode(d.path("b64_json").asText()));
            assertThat(img.getWidth()).isEqualTo(64);
            assertThat(img.getHeight()).isEqualTo(64);
        }
    }

    @Test
    void sameSeedGivesTheSameImage() throws Exception {
        String req = "{\"prompt\": \"a cat\", \"seed\": 7, \"output_format\": \"png\", " + TestServer.SMALL + "}";
        String a = TestServer.json(s.post("/v1/images/generations", req)).path("data").get(0).path("b64_json").asText();
        String b = TestServer.json(s.post("/v1/images/generations", req)).path("data").get(0).path("b64_json").asText();
        assertThat(a).isEqualTo(b);
    }

    @Test
    void urlFormatServesTheImageAtASignedLink() throws Exception {
        var r = s.post("/v1/images/generations", "{\"prompt\": \"a dog\", \"response_format\": \"url\", "
                + "\"output_format\": \"jpeg\", \"output_compression\": 80, " + TestServer.SMALL + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String url = TestServer.json(r).path("data").get(0).path("url").asText();
        assertThat(url).startsWith(s.server.baseUrl() + "/v1/images/files/img_").contains("expires=").contains("sig=");
        var file = s.bytes(url);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(image(file.body()).getWidth()).isEqualTo(64);

        var tampered = s.bytes(url.replaceAll("sig=[^&]+", "sig=AAAA"));
        assertThat(tampered.statusCode()).isEqualTo(404);
        var expired = s.bytes(url.replaceAll("expires=\\d+", "expires=1000"));
        assertThat(expired.statusCode()).isEqualTo(404);
        assertThat(new String(expired.body())).contains("\"code\":\"url_expired\"");
    }

    @Test
    void azureDeploymentAliasTakesTheApiKeyHeader() throws Exception {
        var r = s.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        s.url("/openai/deployments/tiny-sd/images/generations?api-version=2024-10-21")))
                .header("api-key", s.key).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"prompt\": \"a boat\", \"size\": \"64x64\", \"steps\": 2}")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(TestServer.json(r).path("data").get(0).has("b64_json")).isTrue();
    }

    @Test
    void modelsListsTheInstalledPackages() throws Exception {
        JsonNode body = TestServer.json(s.get("/v1/models"));
        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("data").get(0).path("id").asText()).isEqualTo("tiny-sd");
        assertThat(s.get("/v1/models/tiny-sd").statusCode()).isEqualTo(200);
        assertThat(s.get("/v1/models/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void healthReadinessMetricsAndOpenApiAreServed() throws Exception {
        assertThat(s.bytes(s.url("/healthz")).statusCode()).isEqualTo(200);
        assertThat(s.bytes(s.url("/readyz")).statusCode()).isEqualTo(200);
        s.post("/v1/images/generations", "{\"prompt\": \"x\", \"bogus\": 1}");
        String metrics = new String(s.bytes(s.url("/metrics")).body());
        assertThat(metrics).contains("atelier_queue_depth").contains("atelier_http_errors_total")
                .contains("atelier_job_latency_seconds_bucket");
        JsonNode openapi = TestServer.JSON.readTree(s.bytes(s.url("/openapi.json")).body());
        assertThat(openapi.path("paths").has("/v1/images/generations")).isTrue();
    }
}
