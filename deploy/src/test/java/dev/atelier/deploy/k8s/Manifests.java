package dev.atelier.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Kubernetes objects read from YAML: every document of every {@code .yaml} file, in file order. */
final class Manifests {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Manifests() {
    }

    /** The repository's root (the build passes it; tests run from the module folder otherwise). */
    static Path root() {
        return Path.of(System.getProperty("atelier.root", ".."));
    }

    static List<JsonNode> readDir(Path dir) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) out.addAll(parse(Files.readString(f)));
        }
        return out;
    }

    static List<JsonNode> parse(String yaml) {
        try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            List<JsonNode> out = new ArrayList<>();
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isMissingNode() && !doc.isNull()) out.add(doc);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code kind/name}, the key objects are compared and looked up by. */
    static String key(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }

    static JsonNode find(List<JsonNode> objects, String kind, String name) {
        return objects.stream().filter(o -> key(o).equals(kind + "/" + name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " among " + objects.stream().map(Manifests::key).toList()));
    }
}
