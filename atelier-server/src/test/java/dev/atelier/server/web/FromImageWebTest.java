package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Studio jobs that start from one of the user's images ({@code from_image}): Vary, Edit with a mask, lineage, errors. */
class FromImageWebTest {
    @TempDir
    static Path dir;
    static WebTestServer s;
    static WebTestServer.Client owner;
    static String imageId;

    @BeforeAll
    static void start() throws Exception {
        s = WebTestServer.start(dir, 20);
        owner = s.client();
        JsonNode job = StudioWebTest.create(owner, "a red apple");
        imageId = job.path("images").get(0).path("id").asText();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static String maskUrl(int w, int h) throws Exception {
        var img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, x < w / 2 ? 0x00000000 : 0xFF000000);
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }

    JsonNode submitAndAwait(String json) throws Exception {
        var r = owner.post("/studio/api/jobs", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode job = owner.awaitJob(TestServer.json(r).path("id").asText());
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("succeeded");
        return job;
    }

    @Test
    void aVariationKeepsThePromptAtStrength06AndNamesItsOriginal() throws Exception {
        JsonNode job = submitAndAwait("{\"from_image\": \"" + imageId + "\"}");
        assertThat(job.path("prompt").asText()).isEqualTo("a red apple");
        assertThat(job.path("size").asText()).isEqualTo("64x64");
        assertThat(job.path("edit").path("strength").asDouble()).isEqualTo(0.6);
        assertThat(job.path("edit").path("mask").asBoolean()).isFalse();
        JsonNode page = TestServer.json(owner.get("/studio/api/images/" + job.path("images").get(0).path("id").asText()));
        assertThat(page.path("made_from").path("image_id").asText()).isEqualTo(imageId);
        assertThat(page.path("made_from").path("url").asText()).isEqualTo("/studio/files/" + imageId + ".png");
        assertThat(page.path("png_parameters").asText()).contains("Init image: " + imageId).contains("Denoising strength: 0.6");
        assertThat(TestServer.json(owner.get("/studio/api/images/" + imageId)).has("made_from")).isFalse();
    }

    @Test
    void anEditWithAMaskInpaintsWithTheNewPrompt() throws Exception {
        JsonNode job = submitAndAwait("{\"from_image\": \"" + imageId + "\", \"prompt\": \"a green apple\", \"strength\": 1, "
                + "\"mask\": \"" + maskUrl(64, 64) + "\"}");
        assertThat(job.path("prompt").asText()).isEqualTo("a green apple");
        assertThat(job.path("edit").path("mask").asBoolean()).isTrue();
        JsonNode page = TestServer.json(owner.get("/studio/api/images/" + job.path("images").get(0).path("id").asText()));
        assertThat(page.path("made_from").path("image_id").asText()).isEqualTo(imageId);
        assertThat(page.path("png_parameters").asText()).contains("Mask: yes");
        // the mask keeps the right half (opaque): those pixels are the original's exactly
        var before = ImageIO.read(new java.io.ByteArrayInputStream(owner.bytes("/studio/files/" + imageId + ".png").body()));
        var after = ImageIO.read(new java.io.ByteArrayInputStream(owner.bytes(page.path("url").asText()).body()));
        int changed = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                if (x >= 32) assertThat(after.getRGB(x, y)).as("kept pixel %d,%d", x, y).isEqualTo(before.getRGB(x, y));
                else if (after.getRGB(x, y) != before.getRGB(x, y)) changed++;
            }
        }
        assertThat(changed).isGreaterThan(64 * 32 / 2);
    }

    @Test
    void anotherUsersImageIsNotFound() throws Exception {
        var r = s.client().post("/studio/api/jobs", "{\"from_image\": \"" + imageId + "\"}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(TestServer.json(r).path("error").path("message").asText()).contains(imageId);
        assertThat(owner.post("/studio/api/jobs", "{\"from_image\": \"img_nope\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void aMaskOfTheWrongSizeIsA400NamingTheMask() throws Exception {
        var r = owner.post("/studio/api/jobs", "{\"from_image\": \"" + imageId + "\", \"mask\": \"" + maskUrl(32, 32) + "\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode e = TestServer.json(r).path("error");
        assertThat(e.path("param").asText()).isEqualTo("mask");
        assertThat(e.path("message").asText()).contains("64x64").contains("32x32");
    }

    @Test
    void aMaskThatIsNotAPngDataUrlIsA400() throws Exception {
        for (String mask : new String[] {"data:image/jpeg;base64,/9j/4AAQ", "data:image/png;base64,aGVsbG8=",
                "data:image/png;base64,###", "https://example.com/mask.png"}) {
            var r = owner.post("/studio/api/jobs", "{\"from_image\": \"" + imageId + "\", \"mask\": \"" + mask + "\"}");
            assertThat(r.statusCode()).as(mask).isEqualTo(400);
            assertThat(TestServer.json(r).path("error").path("param").asText()).as(mask).isEqualTo("mask");
        }
    }

    @Test
    void strengthOutOfRangeOrWithoutAnImageIsA400() throws Exception {
        var r = owner.post("/studio/api/jobs", "{\"from_image\": \"" + imageId + "\", \"strength\": 1.5}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(r).path("error").path("param").asText()).isEqualTo("strength");
        var plain = owner.post("/studio/api/jobs", "{\"prompt\": \"a pear\", \"strength\": 0.5}");
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(plain).path("error").path("message").asText()).contains("from_image");
    }
}
