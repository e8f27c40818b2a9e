package dev.atelier.safety.c2pa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The C2PA reference implementation (c2pa-rs as WebAssembly, {@code @contentauth/c2pa-wasm}) run under Node on a file,
 * with one trust anchor: {@code src/test/node-c2pa/verify.mjs}.
 */
final class C2paWasm {
    private static final Path PROJECT = Path.of("src/test/node-c2pa").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private C2paWasm() {
    }

    /**
     * What c2pa-wasm reported.
     *
     * @param found    whether it found a manifest store
     * @param state    its validation state (Invalid, Valid, Trusted), or null
     * @param failures the failure status codes
     * @param success  the success status codes
     * @param manifest the active manifest as c2pa-rs's JSON, or null
     * @param raw      the whole output, for failure messages
     */
    record Report(boolean found, String state, List<String> failures, List<String> success, JsonNode manifest, String raw) {
    }

    static Report verify(byte[] file, X509Certificate anchor, Path scratch) throws IOException, InterruptedException {
        if (!Files.isDirectory(PROJECT.resolve("node_modules/@contentauth/c2pa-wasm"))) {
            throw new IllegalStateException("c2pa-wasm is not installed; run: npm ci --prefix atelier-safety/src/test/node-c2pa");
        }
        Path image = Files.createTempFile(scratch, "image", ".bin");
        Path pem = Files.createTempFile(scratch, "anchor", ".pem");
        Files.write(image, file);
        Files.writeString(pem, Pem.encode(anchor));
        Process node = new ProcessBuilder("node", PROJECT.resolve("verify.mjs").toString(), image.toString(), pem.toString())
                .redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0) throw new IllegalStateException("node verify.mjs failed: " + out);
        JsonNode report = JSON.readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
        return new Report(report.path("found").asBoolean(), report.path("state").asText(null), codes(report.path("failure")),
                codes(report.path("success")), report.get("manifest"), out);
    }

    private static List<String> codes(JsonNode list) {
        var out = new ArrayList<String>();
        list.forEach(c -> out.add(c.path("code").asText()));
        return out;
    }
}
