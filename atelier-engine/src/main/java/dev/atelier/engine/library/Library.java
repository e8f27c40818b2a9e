package dev.atelier.engine.library;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.engine.library.LibraryEntry.Origin;
import dev.atelier.engine.model.ModelPackageException;
import dev.atelier.engine.model.PackageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference library of a retrieval model: the package's {@code library/} folder (docs/model-package.md,
 * "Reference library"). {@code library.json} and the user's {@code user/user.json} are read when it opens; an atlas
 * is read when one of its sprites is first asked for (about 27 MiB per style for the full library) and kept.
 * Thread-safe.
 */
public final class Library {
    /** The {@code format} of library.json and user.json this reads. */
    public static final int FORMAT = 1;
    /** The library's folder in a model package. */
    public static final String FOLDER = "library";
    /** The one style of a user entry. */
    public static final String USER_STYLE = "user";

    private final Path root;
    private final int columns;
    private final List<String> styles;
    private final List<String> stylePreference;
    private final Map<String, List<String>> styleWords;
    private final Map<String, Path> atlasFiles;
    private final List<LibraryEntry> shipped;
    private final List<LibraryEntry> user;
    private final Map<String, Map<String, Integer>> atlasIndex; // entry id -> style -> index in that style's atlas
    private final Map<String, Path> userFiles;                   // entry id -> its PNG
    private final Map<String, Atlas> atlases = new ConcurrentHashMap<>();
    private final Map<Path, Sprite> userSprites = new ConcurrentHashMap<>();

    private Library(Path root, JsonNode meta, UserFile userFile) {
        this.root = root;
        Path file = root.resolve("library.json");
        Fields f = new Fields(file);
        if (f.integer(meta, "format") != FORMAT) throw f.bad("format must be " + FORMAT + ", got " + meta.get("format"));
        int size = f.integer(meta, "reference_size");
        if (size != Sprite.SIZE) throw f.bad("reference_size must be " + Sprite.SIZE + ", got " + size);
        columns = f.integer(meta, "columns");
        if (columns < 1) throw f.bad("columns must be at least 1, got " + columns);
        styles = f.strings(meta, "styles");
        if (styles.isEmpty() || styles.contains(USER_STYLE)) {
            throw f.bad("styles must be a non-empty list without \"" + USER_STYLE + "\", got " + styles);
        }
        stylePreference = f.strings(meta, "style_preference");
        for (String s : stylePreference) {
            if (!styles.contains(s)) throw f.bad("style_preference names \"" + s + "\", which is not one of styles " + styles);
        }
        atlasFiles = new LinkedHashMap<>();
        styleWords = new LinkedHashMap<>();
        JsonNode atlasNode = f.object(meta, "atlases");
        JsonNode wordsNode = f.object(meta, "style_words");
        for (String s : styles) {
            // a library built with only some styles' sprites (--styles) has no atlas for the others; their words stay
            if (atlasNode.has(s)) atlasFiles.put(s, root.resolve(f.text(atlasNode, s)));
            styleWords.put(s, wordsNode.has(s) ? f.strings(wordsNode, s) : List.of());
        }
        if (atlasFiles.isEmpty()) throw f.bad("atlases must name the atlas of at least one of styles " + styles);
        shipped = new ArrayList<>();
        atlasIndex = new HashMap<>();
        for (JsonNode e : f.array(meta, "entries")) {
            String id = f.text(e, "id");
            Map<String, Integer> where = spriteIndex(f, id, f.object(e, "sprites"));
            if (atlasIndex.put(id, where) != null) throw f.bad("entry id " + id + " occurs twice");
            List<String> tagNames = e.has("tag_names") ? f.strings(e, "tag_names") : List.of();
            shipped.add(f.entry(() -> new LibraryEntry(id, f.text(e, "label"), e.path("emoji").asText(""),
                    e.path("group").asText(""), f.strings(e, "names"), List.copyOf(where.keySet()), Origin.SHIPPED, List.of(),
                    tagNames)));
        }
        user = userFile.entries();
        userFiles = userFile.files();
    }

    // An entry's "sprites": style -> index in that style's atlas, in the library's style order.
    private Map<String, Integer> spriteIndex(Fields f, String id, JsonNode sprites) {
        sprites.properties().forEach(p -> {
            if (!atlasFiles.containsKey(p.getKey())) {
                throw f.bad("entry " + id + " has a sprite in \"" + p.getKey() + "\", which is not one of the styles with an atlas "
                        + atlasFiles.keySet());
            }
            if (!p.getValue().canConvertToInt() || p.getValue().asInt() < 0) {
                throw f.bad("entry " + id + ": the " + p.getKey() + " sprite index must be a non-negative integer, got " + p.getValue());
            }
        });
        Map<String, Integer> where = new LinkedHashMap<>();
        for (String s : styles) {
            if (sprites.has(s)) where.put(s, sprites.get(s).asInt());
        }
        return where;
    }

    /** Opens the library in {@code dir} (a package's {@code library/} folder) with the user's entries, if any. */
    public static Library open(Path dir) {
        JsonNode meta = PackageFiles.readJson(dir.resolve("library.json"),
                "the reference library's index (docs/model-package.md)");
        return new Library(dir, meta, UserFile.read(dir.resolve(UserFile.FOLDER)));
    }

    /** Whether {@code packageRoot} has a library, i.e. is a retrieval model. */
    public static boolean inPackage(Path packageRoot) {
        return Files.isRegularFile(packageRoot.resolve(FOLDER).resolve("library.json"));
    }

    /** The library folder. */
    public Path root() {
        return root;
    }

    /** The folder of the user's entries (it may not exist yet). */
    public Path userFolder() {
        return root.resolve(UserFile.FOLDER);
    }

    /** The shipped styles, in the library's order. */
    public List<String> styles() {
        return styles;
    }

    /** The style order used when a prompt names none: an entry is drawn in the first of these it has. */
    public List<String> stylePreference() {
        return stylePreference;
    }

    /** The phrases that ask for each style, as written in library.json. */
    public Map<String, List<String>> styleWords() {
        return styleWords;
    }

    /** All entries in retrieval rank: the user's first (in the order added), then the shipped ones. */
    public List<LibraryEntry> entries() {
        var all = new ArrayList<LibraryEntry>(user.size() + shipped.size());
        all.addAll(user);
        all.addAll(shipped);
        return all;
    }

    /** The shipped entries, in library.json's order. */
    public List<LibraryEntry> shipped() {
        return List.copyOf(shipped);
    }

    /** The user's entries, in the order added. */
    public List<LibraryEntry> user() {
        return List.copyOf(user);
    }

    /** The sprite of {@code entry} in {@code style}, one of {@code entry.styles()}. */
    public Sprite sprite(LibraryEntry entry, String style) {
        if (!entry.styles().contains(style)) {
            throw new IllegalArgumentException(entry.id() + " has no sprite in style " + style + "; it has " + entry.styles());
        }
        if (entry.origin() == Origin.USER) {
            return userSprites.computeIfAbsent(userFiles.get(entry.id()), SpriteFiles::readSprite);
        }
        Atlas atlas = atlases.computeIfAbsent(style, s -> Atlas.read(atlasFiles.get(s), columns));
        return atlas.sprite(atlasIndex.get(entry.id()).get(style));
    }

    /** Reads fields of a JSON file with errors that name the file and the field. */
    record Fields(Path file) {
        ModelPackageException bad(String problem) {
            return new ModelPackageException(file, problem);
        }

        int integer(JsonNode n, String key) {
            JsonNode v = n.get(key);
            if (v == null || !v.canConvertToInt()) throw bad("\"" + key + "\" must be an integer, got " + v);
            return v.asInt();
        }

        String text(JsonNode n, String key) {
            JsonNode v = n.get(key);
            if (v == null || !v.isTextual()) throw bad("\"" + key + "\" must be a string, got " + v);
            return v.asText();
        }

        List<String> strings(JsonNode n, String key) {
            JsonNode v = n.get(key);
            if (v == null || !v.isArray()) throw bad("\"" + key + "\" must be a list of strings, got " + v);
            var out = new ArrayList<String>();
            for (JsonNode s : v) {
                if (!s.isTextual()) throw bad("\"" + key + "\" must be a list of strings, got " + v);
                out.add(s.asText());
            }
            return List.copyOf(out);
        }

        JsonNode object(JsonNode n, String key) {
            JsonNode v = n.get(key);
            if (v == null || !v.isObject()) throw bad("\"" + key + "\" must be an object, got " + v);
            return v;
        }

        JsonNode array(JsonNode n, String key) {
            JsonNode v = n.get(key);
            if (v == null || !v.isArray()) throw bad("\"" + key + "\" must be a list, got " + v);
            return v;
        }

        LibraryEntry entry(java.util.function.Supplier<LibraryEntry> make) {
            try {
                return make.get();
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
        }
    }
}
