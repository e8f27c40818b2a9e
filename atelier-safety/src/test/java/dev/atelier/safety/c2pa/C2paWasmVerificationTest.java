package dev.atelier.safety.c2pa;

import dev.atelier.engine.image.ImageFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Files signed by {@link ContentCredentials} as the C2PA reference implementation (c2pa-rs, via c2pa-wasm) sees them. */
class C2paWasmVerificationTest {
    @TempDir
    static Path folder;
    static SigningIdentity identity;

    @BeforeAll
    static void identity() {
        identity = SigningIdentity.loadOrCreate(folder.resolve("c2pa"));
    }

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void signedImageValidatesWithTheInstallationCaAsTrustAnchor(ImageFormat format) throws Exception {
        byte[] signed = new ContentCredentials(identity).sign(TestImages.encode(TestImages.gradient(), format), format, TestImages.INFO);

        C2paWasm.Report report = C2paWasm.verify(signed, identity.trustAnchor().orElseThrow(), folder);

        System.out.println(report.raw());
        assertThat(report.found()).as(report.raw()).isTrue();
        assertThat(report.failures()).as(report.raw()).isEmpty();
    }
}
