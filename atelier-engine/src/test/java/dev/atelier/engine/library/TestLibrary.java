package dev.atelier.engine.library;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Writes small libraries for tests: every sprite one solid colour that says which entry and style it is. */
final class TestLibrary {
    static final List<String> STYLES = List.of("noto", "twemoji", "openmoji", "openmoji-line", "fluent-3d", "fluent-color", "fluent-flat");
    static final List<String> PREFERENCE = List.of("noto", "twemoji", "fluent-flat", "fluent-color", "openmoji", "fluent-3d", "openmoji-line");
    static final Map<String, List<String>> STYLE_WORDS = Map.of(
            "noto", List.of("noto style"), "twemoji", List.of("twemoji style", "twemoji"),
            "openmoji", List.of("openmoji style", "openmoji"), "openmoji-line", List.of("openmoji line art", "outline drawing"),
            "fluent-3d", List.of("fluent 3d style", "3d style"), "fluent-color", List.of("fluent style"),
            "fluent-flat", List.of("fluent flat style", "flat style"));
    static final int COLUMNS = 2;

    /** A concept: its id, label, names, the styles it is drawn in and its tag names. */
    record Concept(String id, String label, List<String> names, List<String> styles, List<String> tagNames) {
        Concept(String id, String label, List<String> names, List<String> styles) {
            this(id, label, names, styles, List.of());
        }
    }

    private TestLibrary() {
    }

    /** The colour of {@code id}'s sprite in {@code style}: red is the concept's position, green the style's. */
    static int[] colour(int concept, int style) {
        return new int[] {10 + concept * 20, 10 + style * 30, 200, 255};
    }

    static Path write(Path dir, List<Concept> concepts) throws IOException {
        Files.createDirectories(dir);
        var mapper = new ObjectMapper();
        ObjectNode meta = mapper.createObjectNode();
        meta.put("format", 1).put("reference_size", 64).put("columns", COLUMNS);
        STYLES.forEach(meta.putArray("styles")::add);
        PREFERENCE.forEach(meta.putArray("style_preference")::add);
        ObjectNode atlases = meta.putObject("atlases");
        ObjectNode words = meta.putObject("style_words");
        var entries = meta.putArray("entries");
        Map<String, List<int[]>> perStyle = new LinkedHashMap<>();
        STYLES.forEach(s -> perStyle.put(s, new ArrayList<>()));
        for (int c = 0; c < concepts.size(); c++) {
            Concept concept = concepts.get(c);
            ObjectNode e = entries.addObject();
            e.put("id", concept.id()).put("emoji", "?").put("label", concept.label()).put("group", "objects");
            concept.names().forEach(e.putArray("names")::add);
            if (!concept.tagNames().isEmpty()) concept.tagNames().forEach(e.putArray("tag_names")::add);
            ObjectNode sprites = e.putObject("sprites");
            for (String s : concept.styles()) {
                sprites.put(s, perStyle.get(s).size());
                perStyle.get(s).add(colour(c, STYLES.indexOf(s)));
            }
        }
        for (String s : STYLES) {
            atlases.put(s, "atlas-" + s + ".png");
            STYLE_WORDS.get(s).forEach(words.putArray(s)::add);
            writeAtlas(dir.resolve("atlas-" + s + ".png"), perStyle.get(s));
        }
        mapper.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("library.json").toFile(), meta);
        return dir;
    }

    private static void writeAtlas(Path file, List<int[]> colours) throws IOException {
        int rows = Math.max(1, (colours.size() + COLUMNS - 1) / COLUMNS);
        var image = new BufferedImage(COLUMNS * 64, rows * 64, BufferedImage.TYPE_4BYTE_ABGR);
        for (int i = 0; i < colours.size(); i++) {
            int x0 = (i % COLUMNS) * 64;
            int y0 = (i / COLUMNS) * 64;
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) image.getRaster().setPixel(x0 + x, y0 + y, colours.get(i));
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    /** A sprite of one colour. */
    static Sprite solid(int r, int g, int b, int a) {
        byte[] px = new byte[Sprite.BYTES];
        for (int i = 0; i < px.length; i += 4) {
            px[i] = (byte) r;
            px[i + 1] = (byte) g;
            px[i + 2] = (byte) b;
            px[i + 3] = (byte) a;
        }
        return new Sprite(px);
    }
}
