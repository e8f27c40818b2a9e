package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safeguards from the command line: generate moderates and signs, verify reports, the blocklist is managed. */
class SafetyCommandsTest {
    static final String TINY = Path.of(System.getProperty("atelier.root")).resolve("../shared/fixtures/tiny-sd-onnx").normalize().toString();

    @TempDir
    Path tmp;

    @Test
    void aHarmfulPromptIsRefusedWithTheCategoryAndNoImageIsWritten() {
        Path out = tmp.resolve("x.png");
        CliRun r = CliRun.of("generate", "a man stabbing another man with a knife, blood everywhere", "--model", TINY,
                "--size", "64x64", "--steps", "1", "-o", out.toString(), "-q");
        assertThat(r.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("rejected by the safety system").contains("violence");
        assertThat(out).doesNotExist();
    }

    @Test
    void aGeneratedImageIsSignedAndVerifyReportsItAndATamperedCopy() throws Exception {
        Path out = tmp.resolve("apple.png");
        CliRun g = CliRun.of("generate", "a red apple", "--model", TINY, "--size", "256x256", "--steps", "2", "--seed", "4",
                "-o", out.toString(), "-q");
        assertThat(g.exit()).as(g.err()).isZero();
        CliRun v = CliRun.of("verify", out.toString());
        assertThat(v.exit()).as(v.err()).isZero();
        assertThat(v.out()).contains("content credentials: valid").contains("c2pa.created")
                .contains("trainedAlgorithmicMedia").contains("model tiny-sd-onnx");

        byte[] png = Files.readAllBytes(out);
        Path tampered = tmp.resolve("tampered.png");
        Files.write(tampered, new String(png, java.nio.charset.StandardCharsets.ISO_8859_1).replace("a red apple", "a red pear!")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(CliRun.of("verify", tampered.toString()).out()).contains("content credentials: invalid").contains("data hash");
    }

    @Test
    void aGeneratedWebpIsSignedAndVerifyReportsIt() {
        Path out = tmp.resolve("apple.webp");
        CliRun g = CliRun.of("generate", "a red apple", "--model", TINY, "--size", "256x256", "--steps", "2", "--seed", "4",
                "-o", out.toString(), "-q");
        assertThat(g.exit()).as(g.err()).isZero();
        CliRun v = CliRun.of("verify", out.toString());
        assertThat(v.exit()).as(v.err()).isZero();
        assertThat(v.out()).contains("content credentials: valid").contains("model tiny-sd-onnx");
    }

    @Test
    void verifyingAFileThatIsNotAnImageIsAUserError() throws Exception {
        Path txt = Files.writeString(tmp.resolve("notes.png"), "hello");
        CliRun r = CliRun.of("verify", txt.toString());
        assertThat(r.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("notes.png").contains("PNG, JPEG or WebP");
        assertThat(CliRun.of("verify", tmp.resolve("missing.png").toString()).err()).contains("no such file");
    }

    @Test
    void blocklistAddListRemove() {
        String data = tmp.resolve("data").toString();
        CliRun add = CliRun.of("blocklist", "add", "project zebra", "acme corp", "--data-dir", data);
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(CliRun.of("blocklist", "list", "--data-dir", data).out()).contains("project zebra").contains("acme corp");
        assertThat(CliRun.of("blocklist", "remove", "acme corp", "--data-dir", data).exit()).isZero();
        assertThat(CliRun.of("blocklist", "list", "--data-dir", data).out()).contains("project zebra").doesNotContain("acme corp");
        CliRun missing = CliRun.of("blocklist", "remove", "nothing here", "--data-dir", data);
        assertThat(missing.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(missing.err()).contains("no blocklist entry").contains("nothing here");
        CliRun blank = CliRun.of("blocklist", "add", " ", "--data-dir", data);
        assertThat(blank.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(blank.err()).contains("must not be empty");
    }
}
