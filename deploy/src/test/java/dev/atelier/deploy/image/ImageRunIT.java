package dev.atelier.deploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image runs: its layers unpacked and started as a container runtime would start them (namespaces, changed root,
 * the image's user, environment and entrypoint; {@link ImageRoot}), with nothing from the build machine but the
 * kernel. The CLI answers, and the server answers its probes and generates an image with the default model, which
 * loads ONNX Runtime's and SQLite's native code against the image's own libraries.
 */
class ImageRunIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path work;
    static ImageRoot image;

    @BeforeAll
    static void unpack() throws Exception {
        var unsupported = ImageRoot.unsupported();
        assumeTrue(unsupported.isEmpty(), () -> unsupported.orElseThrow());
        Path layout = Files.createDirectories(work.resolve("layout"));
        Commands.run(List.of("tar", "-xf", System.getProperty("atelier.image.tar"), "-C", layout.toString()));
        image = ImageRoot.unpack(OciImage.read(layout), Files.createDirectories(work.resolve("root")));
    }

    @Test
    void theCliAnswersHelpAsTheImageUser() throws Exception {
        Output help = Output.of(image.start(List.of("--help")));
        assertThat(help.waitFor()).as(help.text()).isZero();
        assertThat(help.text()).contains("serve").contains("worker").contains("generate");
    }

    @Test
    void theServerAnswersItsProbesAndGeneratesWithTheDefaultModel() throws Exception {
        Output key = Output.of(image.start(List.of("keys", "create", "--name", "image-test")));
        assertThat(key.waitFor()).as(key.text()).isZero();
        String secret = key.text().lines().filter(l -> l.startsWith("sk-atelier-")).findFirst().orElseThrow();
        assertThat(image.root().resolve("var/lib/atelier/data/atelier.db")).as("the data folder is the image user's").exists();

        int port = freePort();
        Output server = Output.of(image.start(List.of("serve", "--host", "127.0.0.1", "--port", String.valueOf(port), "--workers", "1")));
        try {
            String base = "http://127.0.0.1:" + port;
            HttpResponse<String> health = awaitUp(base + "/healthz", server);
            assertThat(health.statusCode()).as(server.text()).isEqualTo(200);
            assertThat(get(base + "/readyz").statusCode()).as(server.text()).isEqualTo(200);

            HttpResponse<String> generated = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/images/generations"))
                    .header("Authorization", "Bearer " + secret).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"a red apple\", \"steps\": 2}"))
                    .timeout(Duration.ofMinutes(3)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(generated.statusCode()).as(generated.body() + "\n" + server.text()).isEqualTo(200);
            JsonNode body = JSON.readTree(generated.body());
            byte[] png = Base64.getDecoder().decode(body.path("data").get(0).path("b64_json").asText());
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');

            assertThat(get(base + "/metrics").body()).contains("atelier_queue_depth").contains("atelier_images_generated_total");
        } finally {
            server.stop();
        }
    }

    private static HttpResponse<String> awaitUp(String url, Output server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            try {
                return get(url);
            } catch (ConnectException notYet) {
                if (!server.process().isAlive()) throw new AssertionError("the server exited:\n" + server.text());
                if (System.nanoTime() > deadline) throw new AssertionError("no answer from " + url + ":\n" + server.text());
                Thread.sleep(200);
            }
        }
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A process's merged output, collected as it runs. */
    record Output(Process process, ByteArrayOutputStream bytes) {
        static Output of(Process p) {
            var out = new Output(p, new ByteArrayOutputStream());
            Thread.ofVirtual().start(() -> {
                try (var in = p.getInputStream()) {
                    in.transferTo(out.bytes);
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            return out;
        }

        int waitFor() throws InterruptedException {
            if (!process.waitFor(3, TimeUnit.MINUTES)) throw new AssertionError("still running after 3 minutes:\n" + text());
            return process.exitValue();
        }

        /**
         * Kills the process and what it started: the image's entrypoint is the PID namespace's first process, and
         * changing user for it cleared unshare's kill-the-child-on-exit signal, so it is killed by its host PID.
         */
        void stop() throws InterruptedException {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
