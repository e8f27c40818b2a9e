package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.engine.image.PngText;
import dev.atelier.server.TestServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /studio/api/upscales}: a studio job that enlarges one of the user's images, with its lineage. */
class StudioUpscaleWebTest {
    @TempDir
    static Path dir;
    static WebTestServer s;
    static WebTestServer.Client owner;
    static String imageId;

    @BeforeAll
    static void start() throws Exception {
        s = WebTestServer.start(dir, 20);
        owner = s.client();
        imageId = StudioWebTest.create(owner, "a red apple").path("images").get(0).path("id").asText();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private JsonNode upscaled(String json) throws Exception {
        var r = owner.post("/studio/api/upscales", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode job = owner.awaitJob(TestServer.json(r).path("id").asText());
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("succeeded");
        return job;
    }

    @Test
    void twiceTheSizeByDefaultWithTheSourceImagesModelAndLineage() throws Exception {
        JsonNode job = upscaled("{\"from_image\": \"" + imageId + "\", \"strength\": 0.1}");
        assertThat(job.path("upscale").asInt()).isEqualTo(2);
        assertThat(job.path("model").asText()).isEqualTo("tiny-sd");
        assertThat(job.path("size").asText()).isEqualTo("128x128");
        String id = job.path("images").get(0).path("id").asText();
        byte[] png = owner.bytes("/studio/files/" + id + ".png").body();
        var img = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(img.getWidth()).isEqualTo(128);
        assertThat(img.getHeight()).isEqualTo(128);
        // the hires fix takes the prompt the source image carries
        assertThat(PngText.read(png, "parameters").orElseThrow()).startsWith("a red apple\n").contains("Upscaled: 2x, Upscaler: tiny-sd hires fix");
        JsonNode page = TestServer.json(owner.get("/studio/api/images/" + id));
        assertThat(page.path("made_from").path("image_id").asText()).isEqualTo(imageId);
        assertThat(page.path("made_from").path("page").asText()).isEqualTo("/images/" + imageId);
    }

    @Test
    void fourTimesTheSizeWhenAsked() throws Exception {
        JsonNode job = upscaled("{\"from_image\": \"" + imageId + "\", \"factor\": 4, \"strength\": 0.05}");
        var img = ImageIO.read(new ByteArrayInputStream(owner.bytes(job.path("images").get(0).path("url").asText()).body()));
        assertThat(img.getWidth()).isEqualTo(256);
        assertThat(img.getHeight()).isEqualTo(256);
    }

    @Test
    void badRequestsAre400sNamingTheField() throws Exception {
        var factor = owner.post("/studio/api/upscales", "{\"from_image\": \"" + imageId + "\", \"factor\": 3}");
        assertThat(factor.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(factor).path("error").path("param").asText()).isEqualTo("factor");
        assertThat(factor.body()).contains("must be 2 or 4, got 3");
        var missing = owner.post("/studio/api/upscales", "{\"factor\": 2}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(missing).path("error").path("param").asText()).isEqualTo("from_image");
        var unknown = owner.post("/studio/api/upscales", "{\"from_image\": \"" + imageId + "\", \"scale\": 2}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(unknown).path("error").path("message").asText()).contains("'scale'").contains("factor");
        var model = owner.post("/studio/api/upscales", "{\"from_image\": \"" + imageId + "\", \"model\": \"nope\"}");
        assertThat(model.statusCode()).isEqualTo(404);
        assertThat(TestServer.json(model).path("error").path("param").asText()).isEqualTo("model");
    }

    @Test
    void anotherUsersImageIsNotFound() throws Exception {
        var r = s.client().post("/studio/api/upscales", "{\"from_image\": \"" + imageId + "\"}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(TestServer.json(r).path("error").path("message").asText()).contains(imageId);
    }

    @Test
    void aCrossSiteRequestIsRefused() throws Exception {
        var r = owner.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.url("/studio/api/upscales")))
                .header("Content-Type", "text/plain").header("Origin", "https://evil.example")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"from_image\": \"" + imageId + "\"}")));
        assertThat(r.statusCode()).isEqualTo(403);
    }

    @Test
    void anUpscaleCountsAgainstTheStudiosBudgetLikeEveryStudioJob() throws Exception {
        try (var limited = WebTestServer.start(java.nio.file.Files.createDirectories(dir.resolve("limited")), 20, c -> c,
                dev.atelier.server.service.StudioLimits.defaults().withImagesPerUserMinute(1))) {
            var user = limited.client();
            String id = StudioWebTest.create(user, "a red apple").path("images").get(0).path("id").asText();
            var r = user.post("/studio/api/upscales", "{\"from_image\": \"" + id + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(TestServer.json(r).path("error").path("message").asText()).contains("minute");
        }
    }
}
