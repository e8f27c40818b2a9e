package dev.atelier.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetyConfigTest {
    @TempDir
    Path dir;

    @Test
    void theShippedExampleSaysExactlyTheDefaults() {
        Path example = Path.of(System.getProperty("atelier.root"), "config", "safety.example.yaml");
        assertThat(SafetyConfig.load(example)).isEqualTo(SafetyConfig.defaults());
    }

    @Test
    void switchesAndAnOperatorCertificateAreRead() throws Exception {
        Path f = Files.writeString(dir.resolve("safety.yaml"), """
                images: {classifier: false}
                provenance:
                  watermark: false
                  certificate: {pkcs12: certs/signer.p12, password_env: MY_PASSWORD}
                """);
        var c = SafetyConfig.load(f);
        assertThat(c.classifier()).isFalse();
        assertThat(c.watermark()).isFalse();
        assertThat(c.c2pa()).isTrue();
        assertThat(c.signer()).isEqualTo(new SafetyConfig.Signer.Pkcs12(dir.resolve("certs/signer.p12"), "MY_PASSWORD"));
    }

    @Test
    void mistakesNameTheFileTheKeyAndWhatIsAllowed() throws Exception {
        Path f = Files.writeString(dir.resolve("safety.yaml"), "provenance: {watermark: yes please}\n");
        assertThatThrownBy(() -> SafetyConfig.load(f)).hasMessageContaining("safety.yaml: provenance.watermark")
                .hasMessageContaining("true or false");
        Files.writeString(f, "images: {nsfw: {explicit_high: 2}}\n");
        assertThatThrownBy(() -> SafetyConfig.load(f)).hasMessageContaining("images.nsfw").hasMessageContaining("explicitHigh");
        Files.writeString(f, "provenance: {certificate: {pkcs12: x.p12}}\n");
        assertThatThrownBy(() -> SafetyConfig.load(f)).hasMessageContaining("password_env");
        Files.writeString(f, "moderaton: {}\n");
        assertThatThrownBy(() -> SafetyConfig.load(f)).hasMessageContaining("unknown key 'moderaton'");
        assertThatThrownBy(() -> SafetyConfig.load(dir.resolve("missing.yaml"))).hasMessageContaining("cannot read the safety file");
    }

    @Test
    void aPkcs12PasswordMustBeInItsEnvironmentVariable() throws Exception {
        Path f = Files.writeString(dir.resolve("safety.yaml"), "provenance: {certificate: {pkcs12: s.p12, password_env: ATELIER_TEST_UNSET_VAR}}\n");
        assertThatThrownBy(() -> Provenance.identity(SafetyConfig.load(f), dir)).hasMessageContaining("ATELIER_TEST_UNSET_VAR")
                .hasMessageContaining("not set");
    }
}
