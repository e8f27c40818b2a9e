package dev.atelier.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.images.ImageGenStreamEvent;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImageModel;
import com.openai.models.images.ImagesResponse;
import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official OpenAI Java SDK, unchanged but for its base URL, against the server on a real socket. */
class OpenAiSdkTest {
    @TempDir
    static Path dir;
    static TestServer s;
    static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir, TestDatabases.fresh("sqlite", dir), c -> c);
        TestServer.install(s.config, "atelier-image-2");
        client = OpenAIOkHttpClient.builder().apiKey(s.key).baseUrl(s.server.baseUrl() + "/v1").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        s.close();
    }

    static ImageGenerateParams.Builder params(String prompt) {
        return ImageGenerateParams.builder().model(ImageModel.of("tiny-sd")).prompt(prompt)
                .size(ImageGenerateParams.Size.of("64x64")).putAdditionalBodyProperty("steps", JsonValue.from(4));
    }

    static BufferedImage decode(byte[] bytes) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(img).isNotNull();
        return img;
    }

    @Test
    void generatesB64Json() throws Exception {
        ImagesResponse r = client.images().generate(params("a lighthouse").n(2)
                .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON).build());
        assertThat(r.created()).isPositive();
        assertThat(r.data().orElseThrow()).hasSize(2);
        BufferedImage img = decode(Base64.getDecoder().decode(r.data().orElseThrow().getFirst().b64Json().orElseThrow()));
        assertThat(img.getWidth()).isEqualTo(64);
        assertThat(r.usage().orElseThrow().inputTokens()).isPositive();
    }

    @Test
    void generatesUrls() throws Exception {
        ImagesResponse r = client.images().generate(params("a lighthouse")
                .responseFormat(ImageGenerateParams.ResponseFormat.URL).build());
        String url = r.data().orElseThrow().getFirst().url().orElseThrow();
        var file = s.bytes(URI.create(url).toString());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(decode(file.body()).getHeight()).isEqualTo(64);
    }

    @Test
    void streamsPartialImagesThenTheCompletedImage() throws Exception {
        var events = new ArrayList<ImageGenStreamEvent>();
        try (var stream = client.images().generateStreaming(params("a lighthouse").partialImages(2).build())) {
            stream.stream().forEach(events::add);
        }
        var partials = events.stream().flatMap(e -> e.generationPartialImage().stream()).toList();
        var completed = events.stream().flatMap(e -> e.generationCompleted().stream()).toList();
        assertThat(partials).hasSize(2);
        assertThat(partials.get(0).partialImageIndex()).isEqualTo(0);
        assertThat(partials.get(1).partialImageIndex()).isEqualTo(1);
        assertThat(decode(Base64.getDecoder().decode(partials.getFirst().b64Json())).getWidth()).isEqualTo(64);
        assertThat(completed).hasSize(1);
        assertThat(decode(Base64.getDecoder().decode(completed.getFirst().b64Json())).getWidth()).isEqualTo(64);
        assertThat(completed.getFirst().usage().totalTokens()).isPositive();
        assertThat(events.getLast().generationCompleted()).isPresent();
    }

    @Test
    void aTransparentBackgroundIsAnRgbaPngWithRealTransparency() throws Exception {
        ImagesResponse r = client.images().generate(ImageGenerateParams.builder().model(ImageModel.of("atelier-image-2"))
                .prompt("a red apple").background(ImageGenerateParams.Background.TRANSPARENT)
                .putAdditionalBodyProperty("seed", JsonValue.from(1)).build());
        assertThat(r.background()).contains(ImagesResponse.Background.TRANSPARENT);
        BufferedImage img = decode(Base64.getDecoder().decode(r.data().orElseThrow().getFirst().b64Json().orElseThrow()));
        assertThat(img.getWidth()).isEqualTo(256);
        assertThat(img.getColorModel().hasAlpha()).isTrue();
        assertThat(meanAlpha(img, 0, 0, 32)).as("a transparent corner").isLessThan(32);
        assertThat(meanAlpha(img, 112, 112, 32)).as("an opaque apple in the centre").isGreaterThan(200);
    }

    static double meanAlpha(BufferedImage img, int x0, int y0, int side) {
        double sum = 0;
        for (int y = y0; y < y0 + side; y++) for (int x = x0; x < x0 + side; x++) sum += img.getRGB(x, y) >>> 24;
        return sum / (side * side);
    }

    @Test
    void aTransparentBackgroundIsRefusedForJpegAndForAModelWithoutAlpha() {
        assertThatThrownBy(() -> client.images().generate(params("x").background(ImageGenerateParams.Background.TRANSPARENT)
                .outputFormat(ImageGenerateParams.OutputFormat.JPEG).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("output_format");
        assertThatThrownBy(() -> client.images().generate(params("x").background(ImageGenerateParams.Background.TRANSPARENT).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("tiny-sd").hasMessageContaining("allowed: auto, opaque");
    }

    @Test
    void clientErrorsSurfaceAsTheSdksExceptions() {
        assertThatThrownBy(() -> client.images().generate(params("x").n(11).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("n");
        OpenAIClient bad = OpenAIOkHttpClient.builder().apiKey("sk-atelier-wrong").baseUrl(s.server.baseUrl() + "/v1")
                .maxRetries(0).build();
        try {
            assertThatThrownBy(() -> bad.images().generate(params("x").build())).isInstanceOf(UnauthorizedException.class);
        } finally {
            bad.close();
        }
    }
}
