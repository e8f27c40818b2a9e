package dev.atelier.safety.c2pa;

import com.fasterxml.jackson.databind.JsonNode;
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
    void aSignedImageIsTrustedUnderTheInstallationCaWithoutFailureCodes(ImageFormat format) throws Exception {
        C2paWasm.Report report = C2paWasm.verify(sign(format), identity.trustAnchor().orElseThrow(), folder);

        assertThat(report.found()).as(report.raw()).isTrue();
        assertThat(report.failures()).as(report.raw()).isEmpty();
        assertThat(report.state()).isEqualTo("Trusted");
        assertThat(report.success()).contains("claimSignature.validated", "assertion.dataHash.match", "signingCredential.trusted");
    }

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void theManifestRecordsACreatedActionByATrainedModel(ImageFormat format) throws Exception {
        C2paWasm.Report report = C2paWasm.verify(sign(format), identity.trustAnchor().orElseThrow(), folder);

        JsonNode action = actions(report.manifest()).get(0);
        assertThat(action.path("action").asText()).isEqualTo("c2pa.created");
        assertThat(action.path("digitalSourceType").asText())
                .isEqualTo("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia");
        assertThat(action.path("softwareAgent").path("name").asText()).isEqualTo("Atelier");
        assertThat(action.path("parameters").path("dev.atelier.model").asText()).isEqualTo("atelier-tiny-v2");
        assertThat(report.manifest().path("claim_generator_info").get(0).path("version").asText()).isEqualTo("0.1.0");
        assertThat(report.manifest().path("claim_version").asInt()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void anImageWithOnePixelChangedAfterSigningFailsTheDataHash(ImageFormat format) throws Exception {
        byte[] tampered = TestImages.withOnePixelChanged(sign(format), format);

        C2paWasm.Report report = C2paWasm.verify(tampered, identity.trustAnchor().orElseThrow(), folder);

        assertThat(report.failures()).as(report.raw()).containsExactly("assertion.dataHash.mismatch");
        assertThat(report.state()).isEqualTo("Invalid");
    }

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void anImageSignedWithoutNamingTheModelStillValidates(ImageFormat format) throws Exception {
        var anonymous = new CreationInfo(null, TestImages.INFO.agent(), null, TestImages.INFO.created());
        byte[] signed = new ContentCredentials(identity).sign(TestImages.encode(TestImages.gradient(), format), format, anonymous);

        C2paWasm.Report report = C2paWasm.verify(signed, identity.trustAnchor().orElseThrow(), folder);

        assertThat(report.failures()).as(report.raw()).isEmpty();
        assertThat(actions(report.manifest()).get(0).has("parameters")).isFalse();
    }

    private static byte[] sign(ImageFormat format) {
        return new ContentCredentials(identity).sign(TestImages.encode(TestImages.gradient(), format), format, TestImages.INFO);
    }

    private static JsonNode actions(JsonNode manifest) {
        for (JsonNode assertion : manifest.path("assertions")) {
            if (assertion.path("label").asText().equals("c2pa.actions.v2")) return assertion.path("data").path("actions");
        }
        throw new AssertionError("no c2pa.actions.v2 assertion in " + manifest);
    }
}
