package dev.atelier.engine.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.engine.library.LibraryEntry.Origin;
import dev.atelier.engine.model.ModelPackageException;
import dev.atelier.engine.model.PackageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The user's entries: {@code library/user/user.json} and one PNG per entry beside it (docs/model-package.md, "User
 * entries"). Immutable; {@link #with} and {@link #without} make the next version, {@link #write} stores it.
 *
 * @param folder  the {@code user/} folder
 * @param records the entries, in the order added
 */
record UserFile(Path folder, List<UserFile.Record> records) {
    static final String FOLDER = "user";
    static final String INDEX = "user.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One user entry as stored.
     *
     * @param id     {@code user:} and its first name
     * @param label  the name as the user wrote it (cleaned, {@link PromptText#cleanName})
     * @param names  its normalised names
     * @param tags   the user's tags (kept, not matched)
     * @param file   its sprite's file name in the user folder
     * @param source the file it was made from (informative)
     */
    record Record(String id, String label, List<String> names, List<String> tags, String file, String source) {
        Record {
            names = List.copyOf(names);
            tags = List.copyOf(tags);
        }
    }

    UserFile {
        records = List.copyOf(records);
    }

    static UserFile read(Path folder) {
        Path file = folder.resolve(INDEX);
        if (!Files.exists(file)) return new UserFile(folder, List.of());
        JsonNode doc = PackageFiles.readJson(file, "the user's library entries");
        var f = new Library.Fields(file);
        if (f.integer(doc, "format") != Library.FORMAT) throw f.bad("format must be " + Library.FORMAT + ", got " + doc.get("format"));
        var records = new ArrayList<Record>();
        var ids = new HashSet<String>();
        for (JsonNode e : f.array(doc, "entries")) {
            String id = f.text(e, "id");
            String name = f.text(e, "file");
            if (!id.startsWith("user:")) throw new ModelPackageException(file, "a user entry's id starts with \"user:\", got " + id);
            if (!ids.add(id)) throw new ModelPackageException(file, "entry id " + id + " occurs twice");
            if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                throw new ModelPackageException(file, "entry " + id + ": file must be a file name in " + folder + ", got " + name);
            }
            List<String> tags = e.has("tags") ? f.strings(e, "tags") : List.of();
            records.add(new Record(id, f.text(e, "label"), f.strings(e, "names"), tags, name, e.path("source").asText("")));
        }
        return new UserFile(folder, records);
    }

    /** The entries as the library ranks them. */
    List<LibraryEntry> entries() {
        Path file = folder.resolve(INDEX);
        var f = new Library.Fields(file);
        return records.stream().map(r -> f.entry(() -> new LibraryEntry(r.id(), r.label(), "", "", r.names(),
                List.of(Library.USER_STYLE), Origin.USER, r.tags(), List.of()))).toList();
    }

    /** Entry id to its sprite file. */
    Map<String, Path> files() {
        var out = new LinkedHashMap<String, Path>();
        records.forEach(r -> out.put(r.id(), folder.resolve(r.file())));
        return out;
    }

    UserFile with(Record r) {
        var next = new ArrayList<>(records.stream().filter(x -> !x.id().equals(r.id())).toList());
        next.add(r);
        return new UserFile(folder, next);
    }

    UserFile without(String id) {
        return new UserFile(folder, records.stream().filter(x -> !x.id().equals(id)).toList());
    }

    /** A sprite file name no entry uses: the next number, as the Python writer makes them. */
    String nextFile(int offset) {
        int max = records.stream().mapToInt(r -> {
            String stem = r.file().contains(".") ? r.file().substring(0, r.file().indexOf('.')) : r.file();
            try {
                return Integer.parseInt(stem);
            } catch (NumberFormatException e) {
                return 0;
            }
        }).max().orElse(0);
        return String.format("%04d.png", max + 1 + offset);
    }

    /** Writes user.json (atomically: readers see the old or the new file, never half of one). */
    void write() throws IOException {
        Files.createDirectories(folder);
        ObjectNode doc = JSON.createObjectNode();
        doc.put("format", Library.FORMAT);
        ArrayNode entries = doc.putArray("entries");
        for (Record r : records) {
            ObjectNode e = entries.addObject();
            e.put("id", r.id());
            e.put("label", r.label());
            ArrayNode names = e.putArray("names");
            r.names().forEach(names::add);
            ArrayNode tags = e.putArray("tags");
            r.tags().forEach(tags::add);
            e.put("file", r.file());
            e.put("source", r.source());
        }
        Path tmp = folder.resolve(INDEX + ".tmp");
        JSON.writeValue(tmp.toFile(), doc);
        Files.move(tmp, folder.resolve(INDEX), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
