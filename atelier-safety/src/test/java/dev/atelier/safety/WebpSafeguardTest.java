package dev.atelier.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.image.ImageFormat;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.image.WebpEncoder;
import dev.atelier.safety.c2pa.ContentCredentials;
import dev.atelier.safety.c2pa.CredentialReader;
import dev.atelier.safety.c2pa.CredentialReport;
import dev.atelier.safety.c2pa.SigningIdentity;
import dev.atelier.safety.c2pa.SoftwareAgent;
import dev.atelier.safety.moderation.ModerationLevel;
import dev.atelier.safety.watermark.Watermark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WebP output is watermarked and carries content credentials in a {@code C2PA} RIFF chunk, as PNG and JPEG do (docs/safety.md). */
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
    void aWebpImageIsWatermarkedAndSigned() {
        var identity = SigningIdentity.loadOrCreate(folder.resolve("c2pa"));
        var guard = new ImageSafeguard(null, null, Watermark.atelier(), new ContentCredentials(identity), new SoftwareAgent("Atelier", "test"));
        byte[] out = guard.protect(noise(), ImageFormat.WEBP, img -> WebpEncoder.encode(img, 100), "m", "m", ModerationLevel.AUTO).bytes();
        assertThat(new String(out, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        assertThat(ContentCredentials.signs(ImageFormat.WEBP)).isTrue();
        Verifier.Report report = new Verifier(CredentialReader.trusting(identity), Watermark.atelier()).verify(out);
        assertThat(report.credentials().status()).isEqualTo(CredentialReport.Status.VALID);
        assertThat(report.credentials().model()).isEqualTo("m");
        assertThat(report.watermark().present()).isTrue();
    }
}
