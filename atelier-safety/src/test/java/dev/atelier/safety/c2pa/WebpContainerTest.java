package dev.atelier.safety.c2pa;

import dev.atelier.engine.image.ImageFormat;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.image.WebpEncoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebP signing: the {@code C2PA} chunk goes last in an extended-format file (a simple-format one gains a {@code VP8X}),
 * the RIFF size counts it, and the image decodes as before. Lossless (quality 100) and lossy, opaque and transparent.
 */
class WebpContainerTest {
    @TempDir
    static Path folder;
    static SigningIdentity identity;

    @BeforeAll
    static void identity() {
        identity = SigningIdentity.loadOrCreate(folder.resolve("c2pa"));
    }

    @ParameterizedTest(name = "quality {0}, alpha {1}")
    @CsvSource({"100, false", "100, true", "80, false", "80, true"})
    void aSignedWebpIsExtendedFormatWithTheC2paChunkLastAndTheRiffSizeCountingIt(int quality, boolean alpha) {
        byte[] signed = sign(WebpEncoder.encode(image(alpha), quality));

        List<String> chunks = chunks(signed);
        assertThat(chunks.getFirst()).isEqualTo("VP8X");
        assertThat(chunks.getLast()).isEqualTo("C2PA");
        assertThat(chunks).containsOnlyOnce("C2PA");
        assertThat(le32(signed, 4)).isEqualTo(signed.length - 8);
        Container.Embedded manifest = new WebpContainer().find(signed).orElseThrow();
        assertThat(manifest.store().length % 2).as("store padded to even length by the data hash's pad").isZero();
        assertThat(manifest.start() + manifest.length()).as("the chunk ends the file, no pad byte").isEqualTo(signed.length);
        // VP8X: the alpha flag (0x10) as the image has transparency, the canvas as 24-bit width − 1 and height − 1
        assertThat((signed[20] & 0x10) != 0).isEqualTo(alpha);
        assertThat(le24(signed, 24) + 1).isEqualTo(TestImages.SIDE);
        assertThat(le24(signed, 27) + 1).isEqualTo(TestImages.SIDE);
    }

    @ParameterizedTest(name = "quality {0}")
    @ValueSource(ints = {100, 80})
    void anOpaqueImageComesFromTheEncoderInSimpleFormatAndGainsAVp8xWithoutTheAlphaFlag(int quality) {
        byte[] plain = WebpEncoder.encode(image(false), quality);

        byte[] signed = sign(plain);

        assertThat(chunks(plain)).containsExactly(quality == 100 ? "VP8L" : "VP8 ");
        assertThat(chunks(signed)).containsExactly("VP8X", quality == 100 ? "VP8L" : "VP8 ", "C2PA");
        assertThat(signed[20] & 0x10).isZero();
    }

    @ParameterizedTest(name = "quality {0}, alpha {1}")
    @CsvSource({"100, false", "100, true", "80, false", "80, true"})
    void aSignedWebpDecodesToTheSamePixelsAndVerifiesHereAndInTheReferenceImplementation(int quality, boolean alpha) throws Exception {
        byte[] plain = WebpEncoder.encode(image(alpha), quality);
        byte[] signed = sign(plain);

        assertThat(argb(signed)).isEqualTo(argb(plain));
        assertThat(CredentialReader.trusting(identity).read(signed).problems()).isEmpty();
        C2paWasm.Report report = C2paWasm.verify(signed, identity.trustAnchor().orElseThrow(), folder);
        assertThat(report.failures()).as(report.raw()).isEmpty();
        assertThat(report.state()).as(report.raw()).isEqualTo("Trusted");
    }

    @Test
    void aFlippedByteInTheCompressedPixelsFailsTheDataHash() {
        byte[] signed = sign(WebpEncoder.encode(image(false), 80));

        byte[] tampered = TestImages.withOnePixelChanged(signed, ImageFormat.WEBP);

        assertThat(CredentialReader.trusting(identity).read(tampered).problems()).containsExactly("data hash mismatch");
    }

    @Test
    void anOddSizedStoreIsPaddedToAnEvenChunkWhosePadByteIsNotPartOfTheManifest() {
        var container = new WebpContainer();
        byte[] image = container.prepare(WebpEncoder.encode(image(false), 100));
        byte[] store = {1, 2, 3};

        byte[] file = container.insert(image, container.insertionPoint(image), container.wrap(store));

        Container.Embedded found = container.find(file).orElseThrow();
        assertThat(found.store()).containsExactly(1, 2, 3);
        assertThat(found.start()).isEqualTo(image.length);
        assertThat(found.length()).isEqualTo(8 + 3);
        assertThat(file.length).isEqualTo(image.length + 8 + 3 + 1);
        assertThat(file[file.length - 1]).isZero();
        assertThat(le32(file, 4)).isEqualTo(file.length - 8);
    }

    private static byte[] sign(byte[] webp) {
        return new ContentCredentials(identity).sign(webp, ImageFormat.WEBP, TestImages.INFO);
    }

    private static RgbImage image(boolean alpha) {
        RgbImage gradient = TestImages.gradient();
        if (!alpha) return gradient;
        float[] coverage = new float[TestImages.SIDE * TestImages.SIDE];
        for (int i = 0; i < coverage.length; i++) coverage[i] = (i % TestImages.SIDE) < TestImages.SIDE / 2 ? 1f : 0.25f;
        return new RgbImage(TestImages.SIDE, TestImages.SIDE, gradient.pixels(), coverage);
    }

    private static int[] argb(byte[] webp) throws IOException {
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(webp));
        assertThat(decoded).as("ImageIO decodes the WebP").isNotNull();
        return decoded.getRGB(0, 0, decoded.getWidth(), decoded.getHeight(), null, 0, decoded.getWidth());
    }

    // The top-level chunk types after the RIFF header, walked by their sizes (odd sizes padded).
    private static List<String> chunks(byte[] webp) {
        var types = new ArrayList<String>();
        for (int at = 12; at + 8 <= webp.length; at += 8 + (le32(webp, at + 4) + 1) / 2 * 2) {
            types.add(new String(webp, at, 4, java.nio.charset.StandardCharsets.US_ASCII));
        }
        return types;
    }

    private static int le32(byte[] data, int at) {
        return ByteBuffer.wrap(data, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static int le24(byte[] data, int at) {
        return (data[at] & 0xff) | (data[at + 1] & 0xff) << 8 | (data[at + 2] & 0xff) << 16;
    }
}
