package dev.atelier.server.a1111;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.safety.SafetyConfig;
import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import dev.atelier.server.safety.StandardSafety;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The A1111 endpoints pass the same safeguards as the Images API: moderation refuses, images are checked and signed. */
class A1111SafetyTest {
    @TempDir
    static Path dir;
    static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir, TestDatabases.fresh("sqlite", dir), StandardSafety.setup(SafetyConfig.defaults(),
                dir.resolve("data"), new PipelineOptions(PipelineOptions.defaults().provider(), 1, 1)));
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void aHarmfulPromptIsRefusedWithModerationBlockedNamingTheCategory() throws Exception {
        var r = s.post("/sdapi/v1/txt2img", "{\"prompt\": \"a man stabbing another man with a knife, blood everywhere\","
                + " \"steps\": 2, \"width\": 64, \"height\": 64}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode e = TestServer.json(r);
        assertThat(e.path("error").asText()).isEqualTo("moderation_blocked");
        assertThat(e.path("detail").asText()).contains("violence");
    }

    @Test
    void anImg2imgPromptIsModeratedAsWell() throws Exception {
        var r = s.post("/sdapi/v1/img2img", "{\"prompt\": \"a man stabbing another man with a knife, blood everywhere\","
                + " \"init_images\": [\"" + A1111ApiTest.b64(A1111ApiTest.picture()) + "\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(TestServer.json(r).path("error").asText()).isEqualTo("moderation_blocked");
    }

    @Test
    void anAcceptedImageCarriesItsContentCredentials() throws Exception {
        var r = s.post("/sdapi/v1/txt2img", "{\"prompt\": \"a knife on a cutting board\", \"steps\": 2, \"width\": 64, \"height\": 64}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        byte[] png = A1111ApiTest.png(TestServer.json(r).path("images").get(0));
        assertThat(dev.atelier.engine.image.PngText.read(png, "parameters")).hasValueSatisfying(p -> assertThat(p).startsWith("a knife"));
        var verified = s.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.url("/v1/images/verify")))
                .header("Authorization", "Bearer " + s.key).header("Content-Type", "image/png")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(png)));
        assertThat(TestServer.json(verified).path("content_credentials").path("status").asText()).as(verified.body()).isEqualTo("valid");
    }
}
