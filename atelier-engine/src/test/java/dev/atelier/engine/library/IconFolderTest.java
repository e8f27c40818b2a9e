package dev.atelier.engine.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IconFolderTest {
    static final String SVG = """
            <svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">
              <rect x="0" y="0" width="40" height="20" fill="#1e90ff"/>
            </svg>""";
    @TempDir
    Path dir;

    static void png(Path file, int w, int h, Color colour) throws IOException {
        var image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        var g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, w, h);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    static boolean hasRsvgConvert() {
        try {
            return new ProcessBuilder("rsvg-convert", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void pngFilesOfAnySizeAreNamedByTheirStem() throws IOException {
        png(dir.resolve("blue_whale-2.png"), 300, 100, Color.BLUE);
        png(dir.resolve("dot.png"), 3, 3, Color.RED);
        List<UserLibrary.Icon> icons = IconFolder.read(dir, SvgRenderer.onPath());
        assertThat(icons).extracting(UserLibrary.Icon::name).containsExactly("blue whale 2", "dot");
        assertThat(icons.getFirst().source()).isEqualTo("blue_whale-2.png");
        Sprite whale = icons.getFirst().sprite();
        assertThat(whale.channel(32, 32, 2)).isEqualTo(255);
        assertThat(whale.channel(32, 10, 3)).isZero(); // 59 x 20 px: above it is empty
        assertThat(icons.get(1).sprite().channel(32, 32, 0)).isEqualTo(255); // 3 px scaled up to 59
    }

    @Test
    void aNamesFileGivesNamesExtraNamesAndTags() throws IOException {
        png(dir.resolve("a.png"), 10, 10, Color.GREEN);
        png(dir.resolve("b.png"), 10, 10, Color.GREEN);
        Files.writeString(dir.resolve("names.json"), """
                {"a.png": {"name": "Frog Prince", "names": ["froggy"], "tags": ["royal"]}, "b.png": "lily pad"}""");
        List<UserLibrary.Icon> icons = IconFolder.read(dir, SvgRenderer.onPath());
        assertThat(icons).extracting(UserLibrary.Icon::name).containsExactly("Frog Prince", "lily pad");
        assertThat(icons.getFirst().extraNames()).containsExactly("froggy");
        assertThat(icons.getFirst().tags()).containsExactly("royal");
    }

    @Test
    void svgFilesAreRenderedWithRsvgConvert() throws IOException {
        assumeTrue(hasRsvgConvert(), "rsvg-convert (librsvg2-bin) is not installed");
        Files.writeString(dir.resolve("wide-flag.svg"), SVG);
        Sprite sprite = IconFolder.read(dir, SvgRenderer.onPath()).getFirst().sprite();
        assertThat(new int[] {sprite.channel(32, 32, 0), sprite.channel(32, 32, 1), sprite.channel(32, 32, 2), sprite.channel(32, 32, 3)})
                .containsExactly(0x1e, 0x90, 0xff, 255);
        assertThat(sprite.channel(2, 32, 3)).isEqualTo(255);   // 59 px wide, from x = 2
        assertThat(sprite.channel(32, 12, 3)).isZero();        // 30 px high, from y = 17
        assertThat(sprite.channel(32, 18, 3)).isEqualTo(255);
    }

    @Test
    void withoutRsvgConvertAnSvgIsAClearError() throws IOException {
        Files.writeString(dir.resolve("icon.svg"), SVG);
        assertThatThrownBy(() -> IconFolder.read(dir, new SvgRenderer(dir.resolve("no-such-rsvg-convert").toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("icon.svg")
                .hasMessageContaining("needs rsvg-convert").hasMessageContaining("librsvg2-bin");
    }

    @Test
    void anSvgThatCannotBeRenderedIsAnErrorNamingIt() throws IOException {
        assumeTrue(hasRsvgConvert(), "rsvg-convert (librsvg2-bin) is not installed");
        Files.writeString(dir.resolve("broken.svg"), "<svg nope");
        assertThatThrownBy(() -> IconFolder.read(dir, SvgRenderer.onPath())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken.svg").hasMessageContaining("rsvg-convert can");
    }

    @Test
    void aFileThatIsNoImageIsAnErrorNamingIt() throws IOException {
        png(dir.resolve("ok.png"), 10, 10, Color.RED);
        Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> IconFolder.read(dir, SvgRenderer.onPath())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("notes.txt: not a PNG or SVG file");
        Files.delete(dir.resolve("notes.txt"));
        Files.writeString(dir.resolve("fake.png"), "not a png at all, really not");
        assertThatThrownBy(() -> IconFolder.read(dir, SvgRenderer.onPath())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fake.png: not a PNG image");
    }

    @Test
    void emptyAndOversizedImagesAreErrorsNamingThem() throws IOException {
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB), "png", dir.resolve("clear.png").toFile());
        assertThatThrownBy(() -> IconFolder.read(dir, SvgRenderer.onPath())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clear.png: the image is fully transparent");
        Files.delete(dir.resolve("clear.png"));
        png(dir.resolve("huge.png"), IconFolder.MAX_SIDE + 1, 1, Color.RED);
        assertThatThrownBy(() -> IconFolder.read(dir, SvgRenderer.onPath())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("huge.png: 4097x1 is larger than 4096 px");
    }

    @Test
    void theNamesFileMustNameFilesThatAreThere() throws IOException {
        png(dir.resolve("a.png"), 10, 10, Color.RED);
        Files.writeString(dir.resolve("names.json"), "{\"b.png\": \"bee\"}");
        assertThatThrownBy(() -> IconFolder.read(dir, SvgRenderer.onPath())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names.json").hasMessageContaining("\"b.png\", which is not a PNG or SVG file");
        Files.writeString(dir.resolve("names.json"), "{\"a.png\": {\"tags\": [\"x\"]}}");
        assertThatThrownBy(() -> IconFolder.read(dir, SvgRenderer.onPath())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"a.png\" needs a name");
    }

    @Test
    void aFolderWithoutIconsIsAnError() {
        assertThatThrownBy(() -> IconFolder.read(dir, SvgRenderer.onPath())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no PNG or SVG files to add");
        assertThatThrownBy(() -> IconFolder.read(dir.resolve("missing"), SvgRenderer.onPath()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a folder");
    }
}
