package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.store.Database;
import dev.atelier.server.store.Settings;
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

    @Test
    void rotateSecretsReplacesOnlyTheNamedSecrets() {
        String data = dir.resolve("data").toString();
        assertThat(CliRun.of("keys", "create", "--name", "ci", "--data-dir", data).exit()).isZero();
        String url = "jdbc:sqlite:" + dir.resolve("data/atelier.db");
        String signing;
        String session;
        try (Database db = Database.open(url)) {
            signing = Settings.getOrCreate(db, Settings.URL_SIGNING_SECRET, Settings.newSecret());
            session = Settings.getOrCreate(db, Settings.SESSION_SECRET, Settings.newSecret());
        }

        CliRun r = CliRun.of("keys", "rotate-secrets", "url-signing", "--data-dir", data);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("rotated url_signing_secret").contains("restart");
        try (Database db = Database.open(url)) {
            assertThat(Settings.get(db, Settings.URL_SIGNING_SECRET)).isPresent().get().isNotEqualTo(signing);
            assertThat(Settings.get(db, Settings.SESSION_SECRET)).hasValue(session);
        }
        assertThat(CliRun.of("keys", "rotate-secrets", "sessions", "--data-dir", data).exit()).isZero();
        try (Database db = Database.open(url)) {
            assertThat(Settings.get(db, Settings.SESSION_SECRET)).isPresent().get().isNotEqualTo(session);
        }
        CliRun bad = CliRun.of("keys", "rotate-secrets", "api-keys", "--data-dir", data);
        assertThat(bad.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(bad.err()).contains("url-signing, sessions");
    }
}
