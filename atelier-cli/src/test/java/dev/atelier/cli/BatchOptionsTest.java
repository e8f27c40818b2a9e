package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --batch-max} and {@code --batch-wait-ms} on {@code worker} and {@code serve}: a bad value is a user error naming its range. */
class BatchOptionsTest {
    @TempDir
    Path dir;

    @Test
    void aBatchOfNoImagesIsRefusedWithTheAllowedRange() {
        CliRun r = CliRun.of("worker", "--batch-max", "0", "--data-dir", dir.toString());
        assertThat(r.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("--batch-max must be in 1..64 images, got 0").doesNotContain("Exception");
    }

    @Test
    void aNegativeWaitIsRefusedWithTheAllowedRange() {
        CliRun r = CliRun.of("serve", "--batch-wait-ms", "-5", "--data-dir", dir.toString());
        assertThat(r.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("--batch-wait-ms must be in 0..10000, got -5");
    }
}
