package dev.atelier.deploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image tar that {@code mvn package} builds with Jib (deploy/pom.xml): a valid OCI image layout whose config
 * runs the CLI as a non-root user with the JVM flags of config/jvm.options, and whose layers carry the Java
 * runtime, the C and C++ libraries, the application and the default models.
 */
class ImageTarIT {
    @TempDir
    static Path layout;
    static OciImage image;
    static List<String> files = new ArrayList<>();
    static List<String> uncompressed;

    @BeforeAll
    static void unpack() throws Exception {
        Path tar = Path.of(System.getProperty("atelier.image.tar"));
        assertThat(tar).as("the image tar built in the package phase").isRegularFile();
        Commands.run(List.of("tar", "-xf", tar.toString(), "-C", layout.toString()));
        image = OciImage.read(layout);
        uncompressed = image.uncompressedDigests();
        for (Path layer : image.layers()) {
            Commands.run(List.of("tar", "--warning=no-unknown-keyword", "-tzf", layer.toString())).lines().map(l -> "/" + l.replaceFirst("^\\./", "")).forEach(files::add);
        }
    }

    @Test
    void isAnOciImageWhoseBlobsAndLayersMatchTheirDigests() {
        assertThat(image.index().path("manifests").get(0).path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(image.manifest().path("config").path("mediaType").asText()).isEqualTo("application/vnd.oci.image.config.v1+json");
        assertThat(image.manifest().path("layers")).allSatisfy(l ->
                assertThat(l.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip"));
        assertThat(image.config().path("os").asText()).isEqualTo("linux");
        assertThat(image.config().path("architecture").asText()).isEqualTo("amd64");
        assertThat(strings(image.config().path("rootfs").path("diff_ids"))).isEqualTo(uncompressed);
    }

    @Test
    void entrypointRunsTheCliWithTheJvmFlagsOfConfigJvmOptions() throws Exception {
        assertThat(strings(image.runConfig().path("Entrypoint")))
                .containsExactly("/opt/java/bin/java", "@/app/jvm.options", "-cp", "@/app/jib-classpath-file", "dev.atelier.cli.Main");
        assertThat(strings(image.runConfig().path("Cmd"))).containsExactly("serve", "--host", "0.0.0.0");
        assertThat(files).contains("/app/jvm.options", "/app/jib-classpath-file", "/opt/java/bin/java");
        Path jvmOptions = Path.of(System.getProperty("atelier.root"), "config/jvm.options");
        assertThat(Files.readString(jvmOptions)).contains("--enable-native-access=ALL-UNNAMED");
    }

    @Test
    void runsAsANonRootUserAndExposesThePort() {
        assertThat(image.runConfig().path("User").asText()).isEqualTo("10001:10001");
        assertThat(image.runConfig().path("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(strings(image.runConfig().path("Env")))
                .contains("ATELIER_MODELS=/app/models", "ATELIER_DATA=/var/lib/atelier/data", "JAVA_HOME=/opt/java");
    }

    @Test
    void carriesTheDefaultModelsTheApplicationAndItsNativeLibraries() throws Exception {
        try (var models = Files.list(Path.of(System.getProperty("atelier.root"), "models"))) {
            List<String> installed = models.filter(p -> Files.isRegularFile(p.resolve("model_index.json")))
                    .map(p -> "/app/models/" + p.getFileName() + "/").toList();
            assertThat(installed).contains("/app/models/atelier-image-2/", "/app/models/atelier-image-1/");
            assertThat(files).containsAll(installed);
        }
        assertThat(files).noneMatch(f -> f.contains("/test_vectors/") || f.startsWith("/app/models/atelier-judge"));
        assertThat(files).contains("/app/models/atelier-image-2/model_index.json");
        assertThat(files).anyMatch(f -> f.matches("/app/libs/atelier-cli.*\\.jar"));
        assertThat(files).anyMatch(f -> f.matches("/app/libs/onnxruntime-.*\\.jar"));
        // glibc and the C++ runtime that ONNX Runtime's and SQLite's bundled native libraries load
        assertThat(files).contains("/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2",
                "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libgcc_s.so.1",
                "/usr/share/doc/libc6/copyright", "/var/lib/dpkg/status.d/libc6", "/etc/passwd");
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
