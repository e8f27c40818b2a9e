package dev.atelier.safety.c2pa;

import dev.atelier.engine.image.ImageFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContentCredentialsTest {
    @TempDir
    static Path folder;
    static ContentCredentials credentials;

    @BeforeAll
    static void identity() {
        credentials = new ContentCredentials(SigningIdentity.loadOrCreate(folder.resolve("c2pa")));
    }

    @ParameterizedTest
    @EnumSource(value = ImageFormat.class, names = {"PNG", "JPEG"})
    void signingOnlyInsertsTheManifestAndItsExclusionCoversExactlyThoseBytes(ImageFormat format) {
        byte[] image = TestImages.encode(TestImages.gradient(), format);
        byte[] signed = credentials.sign(image, format, TestImages.INFO);

        Container.Embedded manifest = Container.of(format).find(signed).orElseThrow();
        var rest = new ByteArrayOutputStream();
        rest.write(signed, 0, (int) manifest.start());
        rest.write(signed, (int) (manifest.start() + manifest.length()), (int) (signed.length - manifest.start() - manifest.length()));

        assertThat(rest.toByteArray()).isEqualTo(image);
        assertThat(signed.length).isEqualTo(image.length + manifest.length());
    }

    @Test
    void aPngCarriesTheManifestInACaBxChunkRightAfterIhdr() {
        byte[] signed = credentials.sign(TestImages.encode(TestImages.gradient(), ImageFormat.PNG), ImageFormat.PNG, TestImages.INFO);

        assertThat(new String(signed, 12, 4)).isEqualTo("IHDR");
        assertThat(new String(signed, 33 + 4, 4)).isEqualTo("caBX");
    }

    @Test
    void aJpegCarriesTheManifestInApp11SegmentsAfterJfif() {
        byte[] jpeg = TestImages.encode(TestImages.gradient(), ImageFormat.JPEG);
        byte[] signed = credentials.sign(jpeg, ImageFormat.JPEG, TestImages.INFO);
        int afterApp0 = 4 + ((jpeg[4] & 0xff) << 8 | jpeg[5] & 0xff);

        assertThat(jpeg[3] & 0xff).as("APP0").isEqualTo(0xE0);
        assertThat(Arrays.copyOfRange(signed, afterApp0, afterApp0 + 2)).containsExactly(0xFF, 0xEB);
        assertThat(new String(signed, afterApp0 + 4, 2)).isEqualTo("JP");
    }

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void anImageThatAlreadyHasCredentialsIsRefused(ImageFormat format) {
        byte[] signed = credentials.sign(TestImages.encode(TestImages.gradient(), format), format, TestImages.INFO);

        assertThatThrownBy(() -> credentials.sign(signed, format, TestImages.INFO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already has content credentials");
    }

    @Test
    void bytesOfTheWrongFormatAreRefused() {
        byte[] png = TestImages.encode(TestImages.gradient(), ImageFormat.PNG);

        assertThatThrownBy(() -> credentials.sign(png, ImageFormat.JPEG, TestImages.INFO)).hasMessageContaining("not a JPEG");
    }

    @Test
    void aSignedPngGrowsByItsManifestOnly() {
        // the time it takes is printed for the record (scripts/bench-safety measures it); a test asserts no speed
        byte[] png = TestImages.encode(TestImages.noise(), ImageFormat.PNG);
        for (int i = 0; i < 200; i++) credentials.sign(png, ImageFormat.PNG, TestImages.INFO);  // warm up the JIT

        int runs = 200;
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            credentials.sign(png, ImageFormat.PNG, TestImages.INFO);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        double median = nanos[runs / 2] / 1e6;
        double p95 = nanos[runs * 95 / 100] / 1e6;
        long manifest = Container.of(ImageFormat.PNG).find(credentials.sign(png, ImageFormat.PNG, TestImages.INFO)).orElseThrow().length();
        System.out.printf("C2PA signing of a 256x256 PNG (%d bytes): median %.2f ms, p95 %.2f ms, manifest %d bytes%n",
                png.length, median, p95, manifest);

        byte[] signed = credentials.sign(png, ImageFormat.PNG, TestImages.INFO);
        assertThat(manifest).as("manifest bytes").isBetween(1_000L, 16_000L);
        assertThat(signed.length).as("signed PNG = the PNG + its caBX chunk").isEqualTo(png.length + manifest);
    }
}
