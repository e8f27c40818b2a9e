package dev.atelier.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engine.image.ImageFormat;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.image.WebpEncoder;
import dev.atelier.safety.c2pa.ContentCredentials;
import dev.atelier.safety.c2pa.CreationInfo;
import dev.atelier.safety.c2pa.SigningIdentity;
import dev.atelier.safety.c2pa.SoftwareAgent;
import dev.atelier.safety.moderation.ModerationLevel;
import dev.atelier.safety.watermark.Watermark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WebP output is watermarked but carries no content credentials (docs/safety.md): signing is skipped, not failed. */
class WebpSafeguardTest {
    @TempDir
    Path folder;

    private static RgbImage noise() {
        var random = new java.util.Random(7);
        float[] pixels = new float[256 * 256 * 3];
        for (int i = 0; i < pixels.length; i++) pixels[i] = 0.3f + 0.4f * random.nextFloat();
        return new RgbImage(256, 256, pixels);
    }

    @Test
    void aWebpImageIsWatermarkedAndLeftUnsigned() {
        var credentials = new ContentCredentials(SigningIdentity.loadOrCreate(folder.resolve("c2pa")));
        var guard = new ImageSafeguard(null, null, Watermark.atelier(), credentials, new SoftwareAgent("Atelier", "test"));
        byte[] out = guard.protect(noise(), ImageFormat.WEBP, img -> WebpEncoder.encode(img, 100), "m", "m", ModerationLevel.AUTO).bytes();
        assertThat(new String(out, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        assertThat(Watermark.atelier().detect(out).present()).isTrue();
        assertThat(ContentCredentials.signs(ImageFormat.WEBP)).isFalse();
        assertThat(ContentCredentials.signs(ImageFormat.PNG)).isTrue();
    }

    @Test
    void signingAWebpDirectlyIsRefusedSayingWhichFormatsAreSigned() {
        var credentials = new ContentCredentials(SigningIdentity.loadOrCreate(folder.resolve("c2pa")));
        byte[] webp = WebpEncoder.encode(noise(), 90);
        assertThatThrownBy(() -> credentials.sign(webp, ImageFormat.WEBP, new CreationInfo(null, new SoftwareAgent("Atelier", "test"),
                "m", Instant.now()))).hasMessageContaining("WebP").hasMessageContaining("PNG and JPEG are signed");
    }
}
