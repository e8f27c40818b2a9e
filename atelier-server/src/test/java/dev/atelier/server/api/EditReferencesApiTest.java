package dev.atelier.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.images.ImageEditParams;
import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@code image[]} files on {@code POST /v1/images/edits}, sent by the official OpenAI SDK to atelier-image-2:
 * the first is edited, the others are reference pictures that change what is drawn.
 */
class EditReferencesApiTest {
    @TempDir
    static Path dir;
    static TestServer s;
    static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        // the body limit so that a file over the per-image limit reaches the form
        s = TestServer.start(dir, TestDatabases.fresh("sqlite", dir), c -> TestServer.installed(c, "atelier-image-2").withBodyLimit(24 << 20));
        client = OpenAIOkHttpClient.builder().apiKey(s.key).baseUrl(s.server.baseUrl() + "/v1").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    // a disc of one colour on a transparent square
    static byte[] disc(int rgb) throws Exception {
        var img = new BufferedImage(96, 96, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 96; y++) {
            for (int x = 0; x < 96; x++) if (Math.hypot(x - 47.5, y - 47.5) < 43) img.setRGB(x, y, 0xFF000000 | rgb);
        }
        return EditsApiTest.png(img);
    }

    private static BufferedImage edit(byte[]... images) throws Exception {
        List<InputStream> streams = java.util.Arrays.stream(images).map(b -> (InputStream) new ByteArrayInputStream(b)).toList();
        var res = client.images().edit(ImageEditParams.builder().model("atelier-image-2").prompt("a red apple on a white background")
                .imageOfInputStreams(streams).putAdditionalBodyProperty("seed", JsonValue.from(1)).build());
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(res.data().orElseThrow().getFirst().b64Json().orElseThrow())));
    }

    // mean absolute difference per channel, in 8-bit levels
    private static double difference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int sh = 0; sh <= 16; sh += 8) sum += Math.abs((p >> sh & 0xFF) - (q >> sh & 0xFF));
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    @Test
    void referencePicturesChangeTheEditedImage() throws Exception {
        byte[] start = EditsApiTest.picture();
        BufferedImage alone = edit(start);
        BufferedImage blue = edit(start, disc(0x2040E0));
        BufferedImage green = edit(start, disc(0x20C040));
        assertThat(blue.getWidth()).isEqualTo(256);
        assertThat(difference(alone, blue)).as("a blue reference changes the picture").isGreaterThan(3);
        assertThat(difference(blue, green)).as("another reference changes it again").isGreaterThan(3);
    }

    @Test
    void moreImagesThanTheModelTakesAreRefusedSayingHowMany() throws Exception {
        byte[] p = EditsApiTest.picture();
        var r = new Form().file("image[]", "a.png", p).file("image[]", "b.png", p).file("image[]", "c.png", p)
                .file("image[]", "d.png", p).field("prompt", "a cat").field("model", "atelier-image-2").post(s, "/v1/images/edits");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(r).path("error").path("message").asText()).isEqualTo("'image' got 4 pictures, but atelier-image-2 "
                + "takes at most 3 (the image it edits and 2 reference pictures).");
    }

    @Test
    void aFileOverTheLimitIsA400NamingIt() throws Exception {
        var r = new Form().file("image[]", "a.png", EditsApiTest.picture()).file("image[]", "huge.png", new byte[9 << 20])
                .field("prompt", "a cat").field("model", "atelier-image-2").post(s, "/v1/images/edits");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(r).path("error").path("message").asText())
                .isEqualTo("'huge.png' is 9437184 bytes; each image may be at most 8 MiB.");
    }

    @Test
    void aFullyTransparentReferenceIsA400() throws Exception {
        var r = new Form().file("image[]", "a.png", EditsApiTest.picture())
                .file("image[]", "empty.png", EditsApiTest.png(new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB)))
                .field("prompt", "a cat").field("model", "atelier-image-2").post(s, "/v1/images/edits");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(r).path("error").path("message").asText()).contains("reference picture 1 is fully transparent");
    }
}
