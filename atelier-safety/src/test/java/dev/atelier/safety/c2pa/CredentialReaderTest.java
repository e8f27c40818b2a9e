package dev.atelier.safety.c2pa;

import dev.atelier.engine.image.ImageFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link CredentialReader} agrees with the C2PA reference implementation (c2pa-wasm) on each kind of file. */
class CredentialReaderTest {
    @TempDir
    static Path folder;
    static SigningIdentity identity;
    static CredentialReader reader;

    @BeforeAll
    static void identity() {
        identity = SigningIdentity.loadOrCreate(folder.resolve("c2pa"));
        reader = CredentialReader.trusting(identity);
    }

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void aSignedImageIsValidAndReportsWhoMadeIt(ImageFormat format) throws Exception {
        byte[] signed = sign(format);

        CredentialReport report = reader.read(signed);

        assertThat(report.status()).isEqualTo(CredentialReport.Status.VALID);
        assertThat(report.problems()).isEmpty();
        assertThat(report.title()).isEqualTo("cat.png");
        assertThat(report.claimGenerator()).isEqualTo("Atelier 0.1.0");
        assertThat(report.actions()).containsExactly(new CredentialReport.Action("c2pa.created",
                "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", "Atelier 0.1.0"));
        assertThat(report.model()).isEqualTo("atelier-tiny-v2");
        assertThat(report.signer()).contains("CN=Atelier content credentials");
        assertThat(C2paWasm.verify(signed, anchor(), folder).failures()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void anImageWithOnePixelChangedIsInvalidForItsDataHash(ImageFormat format) throws Exception {
        byte[] tampered = TestImages.withOnePixelChanged(sign(format), format);

        CredentialReport report = reader.read(tampered);

        assertThat(report.status()).isEqualTo(CredentialReport.Status.INVALID);
        assertThat(report.problems()).containsExactly("data hash mismatch");
        assertThat(C2paWasm.verify(tampered, anchor(), folder).failures()).containsExactly("assertion.dataHash.mismatch");
    }

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void anUnsignedImageHasNoCredentials(ImageFormat format) throws Exception {
        byte[] plain = TestImages.encode(TestImages.gradient(), format);

        assertThat(reader.read(plain)).isEqualTo(CredentialReport.none());
        assertThat(C2paWasm.verify(plain, anchor(), folder).found()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void anImageSignedByAnotherInstallationIsUntrusted(ImageFormat format) throws Exception {
        SigningIdentity stranger = SigningIdentity.loadOrCreate(folder.resolve("other-installation"));
        byte[] signed = new ContentCredentials(stranger).sign(TestImages.encode(TestImages.gradient(), format), format, TestImages.INFO);

        CredentialReport report = reader.read(signed);

        assertThat(report.problems()).containsExactly("untrusted signer");
        assertThat(C2paWasm.verify(signed, anchor(), folder).failures()).containsExactly("signingCredential.untrusted");
    }

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void aChangedClaimFailsItsSignature(ImageFormat format) throws Exception {
        byte[] signed = sign(format);
        byte[] forged = signed.clone();
        int title = indexOf(forged, "cat.png".getBytes());
        forged[title] = 'b';  // "bat.png": same length, so only the signature can tell

        CredentialReport report = reader.read(forged);

        assertThat(report.problems()).containsExactly("signature invalid");
        assertThat(C2paWasm.verify(forged, anchor(), folder).failures()).contains("claimSignature.mismatch");
    }

    private static byte[] sign(ImageFormat format) {
        return new ContentCredentials(identity).sign(TestImages.encode(TestImages.gradient(), format), format, TestImages.INFO);
    }

    private static java.security.cert.X509Certificate anchor() {
        return identity.trustAnchor().orElseThrow();
    }

    private static int indexOf(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= data.length; i++) {
            for (int j = 0; j < part.length; j++) if (data[i + j] != part[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}
