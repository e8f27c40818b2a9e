package dev.atelier.server.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.server.TestDatabases;
import dev.atelier.server.store.Database;
import dev.atelier.server.store.ImageStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 store against s3rver (npm), an S3 API server on the local disk: {@code npm ci --prefix
 * atelier-server/src/test/node-s3} (scripts/test does it). Its credentials are its fixed {@code S3RVER} pair.
 */
class S3BlobStoreTest {
    static final Path SERVER = Path.of(System.getProperty("atelier.root"), "atelier-server/src/test/node-s3/node_modules/.bin/s3rver");
    static final S3BlobStore.Credentials KEY = new S3BlobStore.Credentials("S3RVER", "S3RVER", null);
    static Process s3rver;
    static URI endpoint;

    @TempDir
    static Path files;
    @TempDir
    Path dir;

    @BeforeAll
    static void startS3rver() throws Exception {
        assertThat(SERVER).as("run npm ci --prefix atelier-server/src/test/node-s3").exists();
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        s3rver = new ProcessBuilder(SERVER.toString(), "-d", files.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port), "-s",
                "--configure-bucket", "atelier-test").redirectErrorStream(true).redirectOutput(files.resolve("s3rver.log").toFile()).start();
        endpoint = URI.create("http://127.0.0.1:" + port);
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (var ignored = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException e) {
                if (System.nanoTime() > end || !s3rver.isAlive()) throw new AssertionError("s3rver did not start: " + Files.readString(files.resolve("s3rver.log")));
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void stopS3rver() {
        if (s3rver != null) s3rver.destroy();
    }

    static S3BlobStore store(String prefix, S3BlobStore.Credentials key) {
        return new S3BlobStore(new BlobStoreChoice.S3("atelier-test", prefix, endpoint, "us-east-1"), key);
    }

    @Test
    void writesReadsAndDeletesObjectsUnderItsPrefix() throws Exception {
        var s = store("images/", KEY);
        String key = s.newKey("png");
        byte[] bytes = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 255};
        s.put(key, bytes);
        assertThat(s.get(key)).hasValueSatisfying(b -> assertThat(b).containsExactly(bytes));
        assertThat(store("", KEY).get("images/" + key)).as("the prefix is part of the object's name").isPresent();
        assertThat(store("other/", KEY).get(key)).isEmpty();
        s.delete(key);
        assertThat(s.get(key)).isEmpty();
        s.delete(key); // deleting what is gone is not an error
    }

    @Test
    void anUnknownAccessKeyIsRefusedAndNamedInTheError() {
        var s = store("", new S3BlobStore.Credentials("NOT-A-KEY", "S3RVER", null));
        assertThatThrownBy(() -> s.put(s.newKey("png"), new byte[] {1})).isInstanceOf(IOException.class)
                .hasMessageContaining("HTTP 403").hasMessageContaining("InvalidAccessKeyId");
    }

    // s3rver checks the access key but not Version 4 signatures, so the signature is held to AWS's worked examples
    // (Amazon S3 API reference, "Signature calculations for the Authorization header", GET Bucket Lifecycle and
    // GET Bucket (List Objects)): example key, 2013-05-24, us-east-1, an empty payload
    @Test
    void signaturesMatchAwsWorkedExamples() {
        var example = new S3BlobStore.Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null);
        String empty = java.util.HexFormat.of().formatHex(S3BlobStore.sha256(new byte[0]));
        assertThat(S3BlobStore.authorization(example, "us-east-1", "GET", "examplebucket.s3.amazonaws.com", "/", "lifecycle=",
                "20130524T000000Z", empty)).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
        assertThat(S3BlobStore.authorization(example, "us-east-1", "GET", "examplebucket.s3.amazonaws.com", "/", "max-keys=2&prefix=J",
                "20130524T000000Z", empty)).endsWith("Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
    }

    @Test
    void anImageWhoseRecordNeverCommittedIsSweptFromTheBucket() throws Exception {
        try (var db = Database.open(TestDatabases.fresh("sqlite", dir))) {
            var s = store("sweep/", KEY);
            var images = new ImageStore(db, s);
            var orphan = images.stage(0, 1, "png", new byte[] {1, 2, 3}, null);
            assertThat(s.get(orphan.image().storageKey())).isPresent();
            assertThat(images.sweep(Duration.ZERO)).isEqualTo(1);
            assertThat(s.get(orphan.image().storageKey())).isEmpty();
            images.discard(List.of());
        }
    }
}
