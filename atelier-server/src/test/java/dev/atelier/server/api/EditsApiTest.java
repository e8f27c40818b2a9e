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
    void severalImagesToAModelWithoutReferenceSlotsAreRefusedSayingItTakesOne() throws Exception {
        var r = new Form().file("image[]", "a.png", picture()).file("image[]", "b.png", picture()).field("prompt", "a cat")
                .field("model", "tiny-sd").post(s, "/v1/images/edits");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(r).path("error").path("message").asText())
                .isEqualTo("'image' got 2 pictures, but tiny-sd cannot draw from reference pictures: it takes 1 image (the one it edits).");
    }

    @Test
    void moreThanSixteenImagesAreRefused() throws Exception {
        var form = new Form().field("prompt", "a cat");
        byte[] p = picture();
        for (int i = 0; i < 17; i++) form.file("image[]", i + ".png", p);
        var r = form.post(s, "/v1/images/edits");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(r).path("error").path("message").asText()).contains("at most 16 images").contains("got 17");
    }

    @Test
    void aFurtherFileThatIsNotAnImageIsA400NamingIt() throws Exception {
        var r = new Form().file("image[]", "a.png", picture()).file("image[]", "notes.txt", "hello".getBytes()).field("prompt", "a cat")
                .post(s, "/v1/images/edits");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(r).path("error").path("message").asText()).contains("'notes.txt' is not a PNG, JPEG, WebP");
    }

    @Test
    void aFurtherFileThatClaimsAHugePictureIsRefusedBeforeItIsDecoded() throws Exception {
        byte[] bomb = picture();
        java.nio.ByteBuffer.wrap(bomb, 16, 8).putInt(30000).putInt(30000);
        var r = new Form().file("image[]", "a.png", picture()).file("image[]", "bomb.png", bomb).field("prompt", "a cat")
                .post(s, "/v1/images/edits");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(r).path("error").path("message").asText()).contains("'bomb.png' is 30000x30000 pixels");
    }

    @Test
    void aStreamedEditSendsImageEditEvents() throws Exception {
        var r = new Form().file("image", "a.png", picture()).field("prompt", "a cat").field("model", "tiny-sd").field("steps", "4")
                .field("stream", "true").field("partial_images", "2").post(s, "/v1/images/edits");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        var events = r.body().lines().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7)).toList();
        assertThat(events).containsExactly("image_edit.partial_image", "image_edit.partial_image", "image_edit.completed");
        var data = r.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        var completed = TestServer.JSON.readTree(data.getLast());
        assertThat(completed.path("type").asText()).isEqualTo("image_edit.completed");
        assertThat(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(completed.path("b64_json").asText())))).isNotNull();
        assertThat(TestServer.JSON.readTree(data.getFirst()).path("partial_image_index").asInt()).isZero();
    }

    @Test
    void highInputFidelityLowersTheDefaultStrength() throws Exception {
        byte[] start = picture();
        String low = parameters(client.images().edit(edit(start).putAdditionalBodyProperty("seed", com.openai.core.JsonValue.from(5)).inputFidelity(ImageEditParams.InputFidelity.LOW).build()));
        String high = parameters(client.images().edit(edit(start).putAdditionalBodyProperty("seed", com.openai.core.JsonValue.from(5)).inputFidelity(ImageEditParams.InputFidelity.HIGH).build()));
        assertThat(low).contains("Denoising strength: 0.75");
        assertThat(high).contains("Denoising strength: 0.5");
        String given = parameters(client.images().edit(edit(start).putAdditionalBodyProperty("seed", com.openai.core.JsonValue.from(5)).inputFidelity(ImageEditParams.InputFidelity.HIGH)
                .putAdditionalBodyProperty("strength", com.openai.core.JsonValue.from(0.9)).build()));
        assertThat(given).as("a strength the request names wins").contains("Denoising strength: 0.9");
    }

    private static String parameters(com.openai.models.images.ImagesResponse res) {
        byte[] png = Base64.getDecoder().decode(res.data().orElseThrow().getFirst().b64Json().orElseThrow());
        return dev.atelier.engine.image.PngText.read(png, "parameters").orElseThrow();
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
