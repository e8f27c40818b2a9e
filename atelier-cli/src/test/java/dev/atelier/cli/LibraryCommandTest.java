package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atelier library}: on a package holding the library of the committed mini pack (training/testdata). */
class LibraryCommandTest {
    static final Path MINI_LIBRARY = Path.of(System.getProperty("atelier.root")).resolve("training/testdata/mini-library");
    @TempDir
    Path tmp;
    private String model;
    private Path icons;

    @BeforeEach
    void packageWithALibrary() throws IOException {
        Path library = Files.createDirectories(tmp.resolve("atelier-image-2/library"));
        try (Stream<Path> files = Files.list(MINI_LIBRARY)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.copy(f, library.resolve(f.getFileName()));
        }
        Files.writeString(tmp.resolve("atelier-image-2/model_index.json"), "{}");
        model = tmp.resolve("atelier-image-2").toString();
        icons = Files.createDirectories(tmp.resolve("icons"));
    }

    private void png(String name, Color colour) throws IOException {
        var image = new BufferedImage(120, 80, BufferedImage.TYPE_INT_ARGB);
        var g = image.createGraphics();
        g.setColor(colour);
        g.fillOval(10, 10, 100, 60);
        g.dispose();
        ImageIO.write(image, "png", icons.resolve(name).toFile());
    }

    @Test
    void listShowsTheShippedEntriesAndTheirStyles() {
        CliRun r = CliRun.of("library", "list", "--model", model);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("1F680").contains("rocket").contains("noto twemoji openmoji openmoji-line")
                .contains("0 user entries, 8 shipped entries in 7 styles");
    }

    @Test
    void addedIconsAreListedAndRetrieved() throws IOException {
        png("blue_whale.png", Color.BLUE);
        png("moon-pie.png", Color.ORANGE);
        Files.writeString(icons.resolve("names.json"), "{\"moon-pie.png\": {\"name\": \"Moon Pie\", \"names\": [\"mallow\"], \"tags\": [\"snack\"]}}");
        CliRun add = CliRun.of("library", "add", icons.toString(), "--model", model);
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(add.out()).contains("added \"blue whale\" (user:blue whale) from blue_whale.png; names: blue whale, blue whales")
                .contains("added \"Moon Pie\" (user:moon pie) from moon-pie.png; names: moon pie, moon pies, mallow")
                .contains("2 user entries in");
        assertThat(CliRun.of("library", "list", "--user", "--model", model).out())
                .contains("user:moon pie").contains("tags: snack").doesNotContain("1F680");
        CliRun find = CliRun.of("library", "find", "two blue whales next to a rocket, twemoji style", "--model", model,
                "--sprites", tmp.resolve("refs").toString());
        assertThat(find.exit()).as(find.err()).isZero();
        assertThat(find.out()).contains("style asked: twemoji").contains("user:blue whale").contains("(restyle)")
                .contains("1F680").contains("(asked)");
        assertThat(tmp.resolve("refs/0-user_blue_whale-user.png")).exists();
        assertThat(tmp.resolve("refs/1-1F680-twemoji.png")).exists();
    }

    @Test
    void theShippedFilesStayAsTheyWere() throws IOException {
        png("zorblax.png", Color.MAGENTA);
        byte[] index = Files.readAllBytes(Path.of(model, "library/library.json"));
        assertThat(CliRun.of("library", "add", icons.toString(), "--model", model).exit()).isZero();
        assertThat(Files.readAllBytes(Path.of(model, "library/library.json"))).isEqualTo(index);
        assertThat(Path.of(model, "library/user/user.json")).exists();
        assertThat(Path.of(model, "library/user/0001.png")).exists();
    }

    @Test
    void aDuplicateNameIsAnErrorUnlessReplaced() throws IOException {
        png("blob.png", Color.GREEN);
        assertThat(CliRun.of("library", "add", icons.toString(), "--model", model).exit()).isZero();
        CliRun again = CliRun.of("library", "add", icons.toString(), "--model", model);
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("error: blob.png: the user library already has an entry named \"blob\"").contains("--replace");
        assertThat(CliRun.of("library", "add", icons.toString(), "--model", model, "--replace").exit()).isZero();
    }

    @Test
    void aNameShippedEntriesUseTooIsNoted() throws IOException {
        png("rocket.png", Color.RED);
        CliRun add = CliRun.of("library", "add", icons.toString(), "--model", model);
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(add.err()).contains("note: \"rocket\" is also a name of the shipped entry 1F680 rocket");
        assertThat(CliRun.of("library", "find", "a rocket", "--model", model).out()).contains("user:rocket").doesNotContain("1F680");
    }

    @Test
    void findSaysWhenATagMatchedAndAUserEntryOfThatNameWins() throws IOException {
        assertThat(CliRun.of("library", "find", "a car", "--model", model).out()).contains("1F697").contains("matched \"car\" (a tag)");
        png("car.png", Color.BLUE);
        CliRun add = CliRun.of("library", "add", icons.toString(), "--model", model);
        assertThat(add.err()).contains("note: \"car\" is also a name of the shipped entry 1F697 automobile");
        assertThat(CliRun.of("library", "find", "a car", "--model", model).out()).contains("user:car").doesNotContain("1F697");
    }

    @Test
    void aFileThatIsNoImageIsAnErrorNamingIt() throws IOException {
        png("ok.png", Color.RED);
        Files.writeString(icons.resolve("readme.txt"), "my icons");
        CliRun r = CliRun.of("library", "add", icons.toString(), "--model", model);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("readme.txt: not a PNG or SVG file");
        assertThat(Path.of(model, "library/user")).doesNotExist();
    }

    @Test
    void anSvgWithoutRsvgConvertIsAClearError() throws IOException {
        Files.writeString(icons.resolve("star.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>");
        CliRun r = CliRun.of("library", "add", icons.toString(), "--model", model, "--rsvg-convert", tmp.resolve("nothing").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("star.svg: rendering an SVG needs rsvg-convert").contains("librsvg2-bin");
    }

    @Test
    void removeTakesAUserEntryAndRefusesAShippedOne() throws IOException {
        png("blob.png", Color.GREEN);
        assertThat(CliRun.of("library", "add", icons.toString(), "--model", model).exit()).isZero();
        CliRun shipped = CliRun.of("library", "remove", "rocket", "--model", model);
        assertThat(shipped.exit()).isEqualTo(2);
        assertThat(shipped.err()).contains("\"rocket\" is the shipped entry 1F680 rocket; only entries you added can be removed");
        CliRun removed = CliRun.of("library", "remove", "Blob", "--model", model);
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(removed.out()).contains("removed \"blob\" (user:blob)");
        assertThat(Path.of(model, "library/user/0001.png")).doesNotExist();
        CliRun unknown = CliRun.of("library", "remove", "blob", "--model", model);
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no entry named \"blob\"").contains("it is empty");
    }

    @Test
    void aModelWithoutALibraryIsAnError() throws IOException {
        Path plain = Files.createDirectories(tmp.resolve("atelier-image-1"));
        CliRun r = CliRun.of("library", "list", "--model", plain.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("has no reference library (library/library.json)");
    }
}
