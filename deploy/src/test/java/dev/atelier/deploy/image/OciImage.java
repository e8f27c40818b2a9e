package dev.atelier.deploy.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * An OCI image layout (the image tar, unpacked): {@code oci-layout}, {@code index.json}, and content-addressed
 * blobs. Reading it checks what a registry or a runtime would: every blob referenced is present, its size and its
 * SHA-256 match the descriptor (OCI image spec: image-layout, descriptor, manifest and config).
 */
record OciImage(Path dir, JsonNode index, JsonNode manifest, JsonNode config) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads the layout in {@code dir}, following the index's single manifest to its config. */
    static OciImage read(Path dir) throws IOException {
        JsonNode layout = JSON.readTree(dir.resolve("oci-layout").toFile());
        if (!"1.0.0".equals(layout.path("imageLayoutVersion").asText())) {
            throw new IOException("oci-layout: imageLayoutVersion is " + layout.path("imageLayoutVersion") + ", expected 1.0.0");
        }
        JsonNode index = JSON.readTree(dir.resolve("index.json").toFile());
        if (index.path("manifests").size() != 1) throw new IOException("index.json: expected one manifest, got " + index.path("manifests"));
        JsonNode manifest = JSON.readTree(blob(dir, index.path("manifests").get(0)));
        JsonNode config = JSON.readTree(blob(dir, manifest.path("config")));
        return new OciImage(dir, index, manifest, config);
    }

    /** The layers' files, in order (base first), each checked against its descriptor. */
    List<Path> layers() throws IOException {
        List<Path> out = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            blob(dir, layer);
            out.add(path(dir, layer));
        }
        return out;
    }

    /**
     * The SHA-256 of each layer uncompressed, in order: what the config's {@code rootfs.diff_ids} must list, and what
     * a runtime checks after unpacking.
     */
    List<String> uncompressedDigests() throws IOException {
        List<String> out = new ArrayList<>();
        for (Path layer : layers()) {
            MessageDigest sha = sha256();
            try (var in = new DigestInputStream(new GZIPInputStream(Files.newInputStream(layer), 1 << 16), sha)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            out.add("sha256:" + HexFormat.of().formatHex(sha.digest()));
        }
        return out;
    }

    /** The config's {@code config} object: entrypoint, command, user, environment, ports. */
    JsonNode runConfig() {
        return config.path("config");
    }

    private static byte[] blob(Path dir, JsonNode descriptor) throws IOException {
        Path file = path(dir, descriptor);
        if (!Files.isRegularFile(file)) throw new IOException("blob " + descriptor.path("digest").asText() + " is missing");
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != descriptor.path("size").asLong()) {
            throw new IOException("blob " + file.getFileName() + ": " + bytes.length + " bytes, descriptor says " + descriptor.path("size"));
        }
        String actual = "sha256:" + sha256(bytes);
        if (!actual.equals(descriptor.path("digest").asText())) {
            throw new IOException("blob " + file.getFileName() + " has digest " + actual + ", descriptor says " + descriptor.path("digest"));
        }
        return bytes;
    }

    private static Path path(Path dir, JsonNode descriptor) throws IOException {
        String digest = descriptor.path("digest").asText();
        if (!digest.matches("sha256:[0-9a-f]{64}")) throw new IOException("not a sha256 digest: " + digest);
        return dir.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
