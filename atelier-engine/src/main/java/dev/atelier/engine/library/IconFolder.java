package dev.atelier.engine.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A folder of the user's icons for {@code atelier library add}: PNG and SVG files, and optionally a names file
 * ({@code names.json}, or {@code library.json}) that gives a file its name, extra names and tags (docs/model-package.md,
 * "User entries"). A file the names file does not mention is named by its stem, {@code '-'} and {@code '_'} read as
 * spaces. Every other file is an error, as is a folder with no icon; dot files and sub-folders are left alone.
 */
public final class IconFolder {
    /** The names files a folder may have (one at most). */
    public static final List<String> NAMES_FILES = List.of("names.json", "library.json");
    /** The longest side of a PNG that is read (a larger one is refused before it is decoded). */
    public static final int MAX_SIDE = 4096;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private IconFolder() {
    }

    /** The icons in {@code dir}, sorted by file name, each fitted into a sprite ({@link SpriteFit}). */
    public static List<UserLibrary.Icon> read(Path dir, SvgRenderer svg) throws IOException {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("not a folder: " + dir);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
        List<Path> namesFiles = files.stream().filter(p -> NAMES_FILES.contains(p.getFileName().toString())).toList();
        if (namesFiles.size() > 1) throw new IllegalArgumentException(dir + ": give names in one of " + NAMES_FILES + ", not both");
        Map<String, Naming> naming = namesFiles.isEmpty() ? Map.of() : readNames(namesFiles.getFirst());
        var icons = new ArrayList<UserLibrary.Icon>();
        var seen = new ArrayList<String>();
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            if (namesFiles.contains(file)) continue;
            String ext = fileName.contains(".") ? fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
            BufferedImage image = switch (ext) {
                case "png" -> readPng(file);
                case "svg" -> svg.render(file);
                default -> throw new IllegalArgumentException(file + ": not a PNG or SVG file (an icon folder holds *.png and"
                        + " *.svg files and an optional names.json)");
            };
            Sprite sprite;
            try {
                sprite = SpriteFit.fit(image);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage());
            }
            Naming n = naming.getOrDefault(fileName, new Naming(stemName(fileName), List.of(), List.of()));
            icons.add(new UserLibrary.Icon(n.name(), n.names(), n.tags(), fileName, sprite));
            seen.add(fileName);
        }
        for (String named : naming.keySet()) {
            if (!seen.contains(named)) {
                throw new IllegalArgumentException(namesFiles.getFirst() + ": names \"" + named + "\", which is not a PNG or SVG file in "
                        + dir);
            }
        }
        if (icons.isEmpty()) throw new IllegalArgumentException(dir + ": no PNG or SVG files to add");
        return icons;
    }

    /** A file's default name: its stem, with '-' and '_' as spaces ({@code blue_whale-2.png -> blue whale 2}). */
    static String stemName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return (dot > 0 ? fileName.substring(0, dot) : fileName).replace('-', ' ').replace('_', ' ');
    }

    private record Naming(String name, List<String> names, List<String> tags) {
    }

    // {"file.png": "a name"} or {"file.png": {"name": "...", "names": [...], "tags": [...]}}
    private static Map<String, Naming> readNames(Path file) throws IOException {
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        String shape = " (expected {\"file.png\": \"name\"} or {\"file.png\": {\"name\": ..., \"names\": [...], \"tags\": [...]}})";
        if (doc == null || !doc.isObject()) throw new IllegalArgumentException(file + ": must be a JSON object" + shape);
        var out = new HashMap<String, Naming>();
        for (var p : doc.properties()) {
            JsonNode v = p.getValue();
            String where = file + ": \"" + p.getKey() + "\"";
            if (v.isTextual()) {
                out.put(p.getKey(), new Naming(v.asText(), List.of(), List.of()));
            } else if (v.isObject() && v.path("name").isTextual()) {
                out.put(p.getKey(), new Naming(v.get("name").asText(), strings(v, "names", where + shape),
                        strings(v, "tags", where + shape)));
            } else {
                throw new IllegalArgumentException(where + " needs a name" + shape);
            }
        }
        return out;
    }

    private static List<String> strings(JsonNode v, String key, String where) {
        JsonNode list = v.get(key);
        if (list == null) return List.of();
        if (!list.isArray()) throw new IllegalArgumentException(where + ": \"" + key + "\" must be a list of strings");
        var out = new ArrayList<String>();
        for (JsonNode s : list) {
            if (!s.isTextual()) throw new IllegalArgumentException(where + ": \"" + key + "\" must be a list of strings");
            out.add(s.asText());
        }
        return out;
    }

    private static BufferedImage readPng(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(24); // signature, IHDR length and type, width, height
            if (head.length < 24 || !java.util.Arrays.equals(head, 0, 8, PNG_SIGNATURE, 0, 8)) {
                throw new IllegalArgumentException(file + ": not a PNG image");
            }
            long w = readUint(head, 16);
            long h = readUint(head, 20);
            if (w > MAX_SIDE || h > MAX_SIDE) {
                throw new IllegalArgumentException(file + ": " + w + "x" + h + " is larger than " + MAX_SIDE + " px on a side");
            }
        }
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) throw new IllegalArgumentException(file + ": not a PNG image");
            return image;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a readable PNG (" + e.getMessage() + ")");
        }
    }

    private static long readUint(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
