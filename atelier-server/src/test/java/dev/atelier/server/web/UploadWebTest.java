package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Studio jobs that start from an uploaded picture ({@code "image"}: a PNG or JPEG data URL), the editor's upload. */
class UploadWebTest {
    @TempDir
    static Path dir;
    static WebTestServer s;
    static WebTestServer.Client user;

    @BeforeAll
    static void start() throws Exception {
        s = WebTestServer.start(dir, 20);
        user = s.client();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    /** A 64×64 picture: four coloured quadrants, so that kept and redrawn pixels are easy to tell apart. */
    static BufferedImage quadrants() {
        return quadrants(64);
    }

    static BufferedImage quadrants(int side) {
        var img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        int[] colours = {0xd03030, 0x30a040, 0x3050d0, 0xe0c020};
        int half = side / 2;
        for (int y = 0; y < side; y++) for (int x = 0; x < side; x++) img.setRGB(x, y, colours[(y / half) * 2 + x / half]);
        return img;
    }

    static String dataUrl(BufferedImage img, String format) throws Exception {
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return "data:image/" + (format.equals("jpg") ? "jpeg" : format) + ";base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private JsonNode submitAndAwait(String json) throws Exception {
        var r = user.post("/studio/api/jobs", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode job = user.awaitJob(TestServer.json(r).path("id").asText());
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("succeeded");
        return job;
    }

    @Test
    void anUploadedPngIsInpaintedAndItsUnmaskedPixelsKeptExactly() throws Exception {
        JsonNode job = submitAndAwait("{\"image\": \"" + dataUrl(quadrants(), "png") + "\", \"prompt\": \"a green apple\", "
                + "\"steps\": 4, \"mask\": \"" + FromImageWebTest.maskUrl(64, 64) + "\"}");
        assertThat(job.path("size").asText()).isEqualTo("64x64");
        assertThat(job.path("edit").path("mask").asBoolean()).isTrue();
        JsonNode page = TestServer.json(user.get("/studio/api/images/" + job.path("images").get(0).path("id").asText()));
        assertThat(page.has("made_from")).isFalse();
        assertThat(page.path("png_parameters").asText()).contains("Init image: upload.png").contains("Mask: yes");
        var after = ImageIO.read(new ByteArrayInputStream(user.bytes(page.path("url").asText()).body()));
        var before = quadrants();
        int changed = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                if (x >= 32) assertThat(after.getRGB(x, y) & 0xFFFFFF).as("kept pixel %d,%d", x, y).isEqualTo(before.getRGB(x, y) & 0xFFFFFF);
                else if ((after.getRGB(x, y) & 0xFFFFFF) != (before.getRGB(x, y) & 0xFFFFFF)) changed++;
            }
        }
        assertThat(changed).isGreaterThan(64 * 32 / 2);
    }

    @Test
    void anUploadedJpegIsVariedAtStrength06() throws Exception {
        JsonNode job = submitAndAwait("{\"image\": \"" + dataUrl(quadrants(), "jpg") + "\", \"prompt\": \"four squares\", \"steps\": 5}");
        assertThat(job.path("edit").path("strength").asDouble()).isEqualTo(0.6);
        assertThat(job.path("edit").path("mask").asBoolean()).isFalse();
        JsonNode page = TestServer.json(user.get("/studio/api/images/" + job.path("images").get(0).path("id").asText()));
        assertThat(page.path("png_parameters").asText()).contains("Init image: upload.jpg");
    }

    @Test
    void badUploadsAre400sNamingTheImage() throws Exception {
        for (String image : new String[] {"data:image/gif;base64,R0lGODlh", "data:image/png;base64,###",
                "data:image/jpeg;base64,aGVsbG8=", "data:image/png;base64,aGVsbG8=", "https://example.com/a.png"}) {
            var r = user.post("/studio/api/jobs", "{\"image\": \"" + image + "\", \"prompt\": \"a cat\"}");
            assertThat(r.statusCode()).as(image).isEqualTo(400);
            assertThat(TestServer.json(r).path("error").path("param").asText()).as(image).isEqualTo("image");
        }
        var both = user.post("/studio/api/jobs", "{\"image\": \"" + dataUrl(quadrants(), "png") + "\", \"from_image\": \"img_x\", \"prompt\": \"a\"}");
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(both).path("error").path("message").asText()).contains("not both");
        var noPrompt = user.post("/studio/api/jobs", "{\"image\": \"" + dataUrl(quadrants(), "png") + "\"}");
        assertThat(noPrompt.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(noPrompt).path("error").path("param").asText()).isEqualTo("prompt");
    }
}
