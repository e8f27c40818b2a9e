package dev.atelier.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.engine.image.PngText;
import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/images/upscale} on a real socket: a job like the others, running the engine's Upscaler. */
class UpscaleApiTest {
    @TempDir
    static Path dir;
    static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir, TestDatabases.fresh("sqlite", dir), c -> TestServer.installed(c, "atelier-image-2"));
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private HttpResponse<String> upscale(byte[] image, Map<String, String> fields) throws Exception {
        String boundary = "upsc4le";
        var body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"in.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes());
        body.write(image);
        body.write("\r\n".getBytes());
        for (var f : fields.entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                    + f.getValue() + "\r\n").getBytes());
        }
        body.write(("--" + boundary + "--\r\n").getBytes());
        return s.send(HttpRequest.newBuilder(URI.create(s.url("/v1/images/upscale")))
                .header("Authorization", "Bearer " + s.key).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private static byte[] firstImage(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode json = TestServer.json(r);
        return Base64.getDecoder().decode(json.get("data").get(0).get("b64_json").asText());
    }

    private static Map<String, String> fields(String... kv) {
        var m = new LinkedHashMap<String, String>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void atelierImage2DoublesAPictureWithItsLearnedUpsampler() throws Exception {
        byte[] out = firstImage(upscale(EditsApiTest.picture(), fields("model", "atelier-image-2", "factor", "2")));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(out));
        assertThat(img.getWidth()).isEqualTo(128);
        assertThat(img.getHeight()).isEqualTo(128);
        assertThat(PngText.read(out, "parameters").orElseThrow()).isEqualTo("Upscaled: 2x, Upscaler: atelier-image-2 learned");
    }

    @Test
    void stableDiffusionRunsTheHiresFixWithThePromptTheImageCarries() throws Exception {
        var made = s.post("/v1/images/generations", "{\"prompt\": \"a green frog\", " + TestServer.SMALL + "}");
        byte[] png = Base64.getDecoder().decode(TestServer.json(made).get("data").get(0).get("b64_json").asText());
        byte[] out = firstImage(upscale(png, fields("model", "tiny-sd", "factor", "2", "seed", "3", "strength", "0.2")));
        assertThat(ImageIO.read(new ByteArrayInputStream(out)).getWidth()).isEqualTo(128);
        assertThat(PngText.read(out, "parameters").orElseThrow()).startsWith("a green frog\n")
                .endsWith("Upscaled: 2x, Upscaler: tiny-sd hires fix; strength 0.2; 10 of 50 steps; seed 3");
    }

    @Test
    void badRequestsAre400sNamingTheField() throws Exception {
        var factor = upscale(EditsApiTest.picture(), fields("model", "atelier-image-2", "factor", "3"));
        assertThat(factor.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(factor).get("error").get("param").asText()).isEqualTo("factor");
        assertThat(factor.body()).contains("must be 2 or 4, got 3");
        var noPrompt = upscale(EditsApiTest.picture(), fields("model", "tiny-sd"));
        assertThat(noPrompt.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(noPrompt).get("error").get("param").asText()).isEqualTo("prompt");
        var unknown = upscale(EditsApiTest.picture(), fields("scale", "2"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("Unknown parameter: 'scale'");
    }

    @Test
    void anUpscaleCanBeQueuedAsAJob() throws Exception {
        var r = new Form().field("operation", "upscale").file("image", "in.png", EditsApiTest.picture())
                .field("model", "atelier-image-2").field("factor", "2").post(s, "/v1/images/jobs");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(r.headers().firstValue("Location").orElseThrow()).startsWith("/v1/images/jobs/job_");
        JsonNode job = s.awaitJob(TestServer.json(r).path("id").asText(), java.time.Duration.ofSeconds(60));
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("succeeded");
        byte[] out = Base64.getDecoder().decode(job.path("result").path("data").get(0).path("b64_json").asText());
        assertThat(ImageIO.read(new ByteArrayInputStream(out)).getWidth()).isEqualTo(128);
        assertThat(PngText.read(out, "parameters").orElseThrow()).contains("Upscaled: 2x");
    }

    @Test
    void aJobsUnknownOperationIsA400NamingIt() throws Exception {
        var r = new Form().field("operation", "enlarge").file("image", "in.png", EditsApiTest.picture()).post(s, "/v1/images/jobs");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(r).path("error").path("param").asText()).isEqualTo("operation");
        assertThat(r.body()).contains("'edit' or 'upscale', got 'enlarge'");
    }

    @Test
    void theAzureRouteUpscalesWithTheDeploymentAsTheModel() throws Exception {
        var r = new Form().file("image", "in.png", EditsApiTest.picture()).field("factor", "2")
                .post(s, "/openai/deployments/atelier-image-2/images/upscale?api-version=2025-04-01-preview");
        byte[] out = firstImage(r);
        assertThat(ImageIO.read(new ByteArrayInputStream(out)).getWidth()).isEqualTo(128);
        assertThat(PngText.read(out, "parameters").orElseThrow()).contains("Upscaler: atelier-image-2 learned");
        assertThat(TestServer.json(r).path("data").get(0).has("content_filter_results")).isTrue();
        var noVersion = new Form().file("image", "in.png", EditsApiTest.picture()).post(s, "/openai/deployments/atelier-image-2/images/upscale");
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(noVersion).path("error").path("param").asText()).isEqualTo("api-version");
    }
}
