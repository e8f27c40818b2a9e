package dev.atelier.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.models.images.ImageEditParams;
import dev.atelier.server.TestDatabases;
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

/** {@code POST /v1/images/edits} through the official OpenAI SDK, which sends multipart. */
class EditsApiTest {
    @TempDir
    static Path dir;
    static TestServer s;
    static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir, TestDatabases.fresh("sqlite", dir), c -> c);
        client = OpenAIOkHttpClient.builder().apiKey(s.key).baseUrl(s.server.baseUrl() + "/v1").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    // a 64x64 picture with structure in every quarter
    static byte[] picture() throws Exception {
        var img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | ((x ^ y) * 4 & 255));
        return png(img);
    }

    // transparent (edit) on the left half, opaque (keep) on the right
    static byte[] leftHalfMask(int size) throws Exception {
        var img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) img.setRGB(x, y, x < size / 2 ? 0x00000000 : 0xFF000000);
        return png(img);
    }

    static byte[] png(BufferedImage img) throws Exception {
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static ImageEditParams.Builder edit(byte[] image) {
        return ImageEditParams.builder().model("tiny-sd").prompt("a red apple").image(image)
                .putAdditionalBodyProperty("steps", com.openai.core.JsonValue.from(4));
    }

    @Test
    void anEditWithAMaskKeepsEveryPixelOutsideItAndChangesInside() throws Exception {
        byte[] start = picture();
        var res = client.images().edit(edit(start).mask(leftHalfMask(64)).build());
        byte[] out = Base64.getDecoder().decode(res.data().orElseThrow().getFirst().b64Json().orElseThrow());
        BufferedImage a = ImageIO.read(new ByteArrayInputStream(start));
        BufferedImage b = ImageIO.read(new ByteArrayInputStream(out));
        assertThat(b.getWidth()).isEqualTo(64);
        int changedInside = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                if (x >= 32) assertThat(b.getRGB(x, y) & 0xFFFFFF).as("kept pixel %d,%d", x, y).isEqualTo(a.getRGB(x, y) & 0xFFFFFF);
                else if ((b.getRGB(x, y) & 0xFFFFFF) != (a.getRGB(x, y) & 0xFFFFFF)) changedInside++;
            }
        }
        assertThat(changedInside).as("pixels changed in the masked half").isGreaterThan(32 * 64 / 2);
    }

    @Test
    void anImageToImageEditWithoutAMaskAnswersOneImage() throws Exception {
        var res = client.images().edit(edit(picture()).n(2).build());
        assertThat(res.data().orElseThrow()).hasSize(2);
    }

    @Test
    void aMaskOfTheWrongSizeIsA400NamingTheMask() {
        assertThatThrownBy(() -> client.images().edit(edit(picture()).mask(leftHalfMask(32)).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage()).contains("mask").contains("64x64"));
    }

    @Test
    void aFileThatIsNotAnImageIsA400() {
        assertThatThrownBy(() -> client.images().edit(edit("not a picture".getBytes()).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage()).contains("image"));
    }

    @Test
    void severalImagesAreRefusedSayingHowManyOneIsAccepted() throws Exception {
        String boundary = "b0undary";
        byte[] p = picture();
        var body = new ByteArrayOutputStream();
        for (String name : new String[] {"image[]", "image[]"}) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"a.png\"\r\n"
                    + "Content-Type: image/png\r\n\r\n").getBytes());
            body.write(p);
            body.write("\r\n".getBytes());
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\na cat\r\n--" + boundary + "--\r\n").getBytes());
        var r = s.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.url("/v1/images/edits")))
                .header("Authorization", "Bearer " + s.key).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("one image per request").contains("got 2");
    }

    @Test
    void aHugeDeclaredPictureIsRefusedBeforeItIsDecoded() throws Exception {
        // a PNG header claiming 20000x20000 pixels: a decompression bomb's first bytes
        byte[] p = picture();
        java.nio.ByteBuffer.wrap(p, 16, 8).putInt(20000).putInt(20000);
        assertThatThrownBy(() -> client.images().edit(edit(p).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage()).contains("20000x20000").contains("4096x4096"));
    }

    @Test
    void aVariationTakesThePromptTheImageCarries() throws Exception {
        var made = client.images().generate(com.openai.models.images.ImageGenerateParams.builder().model("tiny-sd")
                .prompt("a green frog").putAdditionalBodyProperty("steps", com.openai.core.JsonValue.from(2))
                .putAdditionalBodyProperty("size", com.openai.core.JsonValue.from("64x64")).build());
        byte[] png = Base64.getDecoder().decode(made.data().orElseThrow().getFirst().b64Json().orElseThrow());
        var res = client.images().createVariation(com.openai.models.images.ImageCreateVariationParams.builder()
                .image(png).model("tiny-sd").n(2).build());
        assertThat(res.data().orElseThrow()).hasSize(2);
        byte[] v = Base64.getDecoder().decode(res.data().orElseThrow().getFirst().b64Json().orElseThrow());
        assertThat(dev.atelier.engine.image.PngText.read(v, "parameters").orElseThrow()).startsWith("a green frog")
                .contains("Denoising strength: 0.6");
    }

    @Test
    void aVariationOfAnImageWithoutAPromptPointsToEdits() {
        assertThatThrownBy(() -> client.images().createVariation(com.openai.models.images.ImageCreateVariationParams.builder()
                .image(picture()).model("tiny-sd").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage()).contains("no prompt").contains("/v1/images/edits"));
    }

    @Test
    void anEditCanBeQueuedAsAJob() throws Exception {
        String boundary = "j0b";
        var body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"start.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes());
        body.write(picture());
        body.write(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\na cat\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"steps\"\r\n\r\n4\r\n--" + boundary + "--\r\n").getBytes());
        var r = s.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.url("/v1/images/jobs")))
                .header("Authorization", "Bearer " + s.key).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        var job = s.awaitJob(TestServer.json(r).path("id").asText(), java.time.Duration.ofSeconds(60));
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("succeeded");
    }
}
