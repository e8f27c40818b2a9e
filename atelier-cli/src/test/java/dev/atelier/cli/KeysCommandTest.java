package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atelier keys}: the secret is printed once, listings never show it, revoked keys are marked. */
class KeysCommandTest {
    @TempDir
    Path dir;

    @Test
    void createListRevoke() {
        String data = dir.resolve("data").toString();
        CliRun created = CliRun.of("keys", "create", "--name", "ci", "--tier", "free", "--data-dir", data);
        assertThat(created.exit()).as(created.err()).isZero();
        String secret = created.out().trim();
        assertThat(secret).startsWith("sk-atelier-");
        String id = created.err().replaceAll("(?s).*created (key_[0-9a-f]+).*", "$1");

        CliRun list = CliRun.of("keys", "list", "--data-dir", data);
        assertThat(list.out()).contains(id).contains("ci").contains("active").doesNotContain(secret);

        assertThat(CliRun.of("keys", "revoke", id, "--data-dir", data).exit()).isZero();
        assertThat(CliRun.of("keys", "list", "--data-dir", data).out()).contains("revoked");
        assertThat(CliRun.of("keys", "revoke", id, "--data-dir", data).exit()).isEqualTo(Main.USER_ERROR);
    }

    @Test
    void unknownTierIsAUserError() {
        CliRun r = CliRun.of("keys", "create", "--name", "x", "--tier", "gold", "--data-dir", dir.toString());
        assertThat(r.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("free, preview, partner");
    }
}
