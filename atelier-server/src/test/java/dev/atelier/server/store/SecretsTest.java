package dev.atelier.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's secrets (URL signing, sessions) live in the database: with SQLite, the data folder and the database
 * files are the server user's alone, and each secret can be rotated.
 */
class SecretsTest {
    @TempDir
    Path dir;

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void theDataFolderAndTheSqliteFilesAreOwnerOnly() throws Exception {
        try (var s = TestServer.start(dir, null, c -> c)) {
            Path data = s.config.dataDir();
            assertThat(mode(data)).isEqualTo("rwx------");
            for (String f : new String[] {"atelier.db", "atelier.db-wal", "atelier.db-shm"}) {
                assertThat(data.resolve(f)).exists();
                assertThat(mode(data.resolve(f))).as(f).isEqualTo("rw-------");
            }
            assertThat(Settings.get(s.server.backend().database(), Settings.URL_SIGNING_SECRET)).isPresent();
        }
    }

    @Test
    void looserPermissionsAreTightenedAtStart() throws Exception {
        var s = TestServer.start(dir, null, c -> c);
        s.close();
        Path data = s.config.dataDir();
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("atelier.db"), PosixFilePermissions.fromString("rw-r--r--"));
        try (var again = s.restart(c -> c)) {
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(data.resolve("atelier.db"))).isEqualTo("rw-------");
        }
    }

    @Test
    void rotatingASecretVoidsWhatItSignedOnceServersRestart() throws Exception {
        var s = TestServer.start(dir, null, c -> c);
        var r = s.post("/v1/images/generations", "{\"prompt\": \"a link\", \"response_format\": \"url\", " + TestServer.SMALL + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String url = TestServer.json(r).path("data").get(0).path("url").asText();
        assertThat(s.bytes(url).statusCode()).isEqualTo(200);
        var browser = HttpClient.newHttpClient();
        String cookie = browser.send(HttpRequest.newBuilder(URI.create(s.url("/studio/api/session"))).build(),
                HttpResponse.BodyHandlers.ofString()).headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        s.close();

        try (Database db = Database.open(s.config.jdbcUrl())) {
            String before = Settings.get(db, Settings.URL_SIGNING_SECRET).orElseThrow();
            Settings.rotate(db, Settings.URL_SIGNING_SECRET);
            Settings.rotate(db, Settings.SESSION_SECRET);
            assertThat(Settings.get(db, Settings.URL_SIGNING_SECRET)).isPresent().isNotEqualTo(java.util.Optional.of(before));
        }
        try (var again = s.restart(c -> c)) {
            String moved = url.replaceFirst("http://[^/]+", again.server.baseUrl());
            assertThat(again.bytes(moved).statusCode()).isEqualTo(404);
            var session = browser.send(HttpRequest.newBuilder(URI.create(again.url("/studio/api/session"))).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(session.headers().firstValue("Set-Cookie")).as("the old cookie is void: a new session is issued").isPresent();
        }
    }
}
