package dev.atelier.cli;

import dev.atelier.engine.library.IconFolder;
import dev.atelier.engine.library.Library;
import dev.atelier.engine.library.LibraryEntry;
import dev.atelier.engine.library.PromptText;
import dev.atelier.engine.library.Retrieval;
import dev.atelier.engine.library.Retriever;
import dev.atelier.engine.library.SvgRenderer;
import dev.atelier.engine.library.UserLibrary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code atelier library list|find|add|remove}: the reference library of a retrieval model (docs/model-package.md,
 * "Reference library"). Users add their own PNG or SVG icons, which the model then draws without retraining; they go
 * to the package's {@code library/user/}, never into the shipped files.
 */
@Command(name = "library", mixinStandardHelpOptions = true,
        description = "The reference library of a retrieval model: list, find, add and remove entries.",
        subcommands = {LibraryCommand.ListEntries.class, LibraryCommand.Find.class, LibraryCommand.Add.class,
                LibraryCommand.Remove.class})
final class LibraryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** The {@code --model} option, and the library of the model it names. */
    static final class ModelChoice {
        @Option(names = {"-m", "--model"}, paramLabel = "DIR|NAME",
                description = "Model package folder or installed model name (default: " + ModelLocator.DEFAULT_MODEL + ").")
        String model;

        Path library() {
            Path root = ModelLocator.resolve(model);
            if (!Library.inPackage(root)) {
                throw new IllegalArgumentException("model '" + (model == null ? ModelLocator.DEFAULT_MODEL : model) + "' (" + root
                        + ") has no reference library (" + Library.FOLDER + "/library.json): only retrieval models such as"
                        + " atelier-image-2 have one; pass --model");
            }
            return root.resolve(Library.FOLDER);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the library's entries.")
    static final class ListEntries implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ModelChoice choice;
        @Option(names = "--user", description = "Only the entries you added.")
        boolean userOnly;

        @Override
        public Integer call() {
            Library lib = Library.open(choice.library());
            PrintWriter out = spec.commandLine().getOut();
            for (LibraryEntry e : lib.user()) {
                out.printf("%-18s %-28s user  names: %s%s%n", e.id(), e.label(), String.join(", ", e.names()),
                        e.tags().isEmpty() ? "" : "  tags: " + String.join(", ", e.tags()));
            }
            if (!userOnly) {
                for (LibraryEntry e : lib.shipped()) {
                    out.printf("%-18s %-28s %s%n", e.id(), e.emoji() + " " + e.label(), String.join(" ", e.styles()));
                }
            }
            out.printf("%d user entr%s%s (%s)%n", lib.user().size(), lib.user().size() == 1 ? "y" : "ies",
                    userOnly ? "" : ", " + lib.shipped().size() + " shipped entries in " + lib.styles().size() + " styles", lib.root());
            return 0;
        }
    }

    @Command(name = "find", mixinStandardHelpOptions = true,
            description = "Show what a prompt retrieves: the asked style and up to two entries with the style of their reference.")
    static final class Find implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ModelChoice choice;
        @Parameters(paramLabel = "PROMPT")
        String prompt;
        @Option(names = "--sprites", paramLabel = "DIR", description = "Also write each retrieved reference as a PNG into DIR.")
        Path sprites;

        @Override
        public Integer call() throws IOException {
            Retrieval r = new Retriever(Library.open(choice.library())).retrieve(prompt);
            PrintWriter out = spec.commandLine().getOut();
            out.println("style asked: " + r.askedStyle().orElse("none"));
            if (r.hits().isEmpty()) out.println("no library entry named in the prompt");
            if (sprites != null) Files.createDirectories(sprites);
            for (int i = 0; i < r.hits().size(); i++) {
                Retrieval.Hit h = r.hits().get(i);
                out.printf("%-18s %-28s %-14s %s  matched \"%s\"%s%n", h.entry().id(), h.entry().label(), h.style(),
                        h.asked() ? "(asked)" : r.askedStyle().isPresent() ? "(restyle)" : "(preferred)", h.name(),
                        h.entry().tagNames().contains(h.name()) ? " (a tag)" : "");
                if (sprites != null) {
                    Path file = sprites.resolve(i + "-" + h.entry().id().replaceAll("[^A-Za-z0-9_-]+", "_") + "-" + h.style() + ".png");
                    ImageIO.write(h.sprite().toImage(), "png", file.toFile());
                    out.println("  " + file);
                }
            }
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add your own icons: every PNG and SVG file in DIR becomes an entry, named by its file "
                    + "(blue_whale.png: 'blue whale') or by DIR/names.json: {\"file.png\": \"name\"} or "
                    + "{\"file.png\": {\"name\": ..., \"names\": [more names], \"tags\": [...]}}.",
                    "Any size; each is cropped to what is drawn and fitted into 64 x 64. SVG needs rsvg-convert (librsvg2-bin)."})
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ModelChoice choice;
        @Parameters(paramLabel = "DIR", description = "Folder of PNG and SVG files (and an optional names.json).")
        Path dir;
        @Option(names = "--replace", description = "Replace user entries of the same name.")
        boolean replace;
        @Option(names = "--rsvg-convert", paramLabel = "PROGRAM",
                description = "The SVG renderer (default: ${DEFAULT-VALUE} on the PATH).")
        String rsvgConvert = "rsvg-convert";

        @Override
        public Integer call() throws IOException {
            Path libraryDir = choice.library();
            Library shipped = Library.open(libraryDir);
            var icons = IconFolder.read(dir, new SvgRenderer(rsvgConvert));
            var added = new UserLibrary(libraryDir).add(icons, replace);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            for (int i = 0; i < added.size(); i++) {
                LibraryEntry e = added.get(i);
                out.printf("added \"%s\" (%s) from %s; names: %s%n", e.label(), e.id(), icons.get(i).source(),
                        String.join(", ", e.names()));
                for (LibraryEntry s : shipped.shipped()) {
                    var same = Stream.concat(s.names().stream(), s.tagNames().stream())
                            .filter(e.names()::contains).toList();
                    if (!same.isEmpty()) {
                        err.printf("note: \"%s\" is also a name of the shipped entry %s %s; prompts that use it get yours%n",
                                same.getFirst(), s.id(), s.label());
                    }
                }
            }
            Library now = Library.open(libraryDir);
            out.printf("%d user entr%s in %s%n", now.user().size(), now.user().size() == 1 ? "y" : "ies", now.userFolder());
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove one of your entries by its name.")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ModelChoice choice;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException {
            Path libraryDir = choice.library();
            Library lib = Library.open(libraryDir);
            String normal = PromptText.normalize(name);
            boolean isUser = lib.user().stream().anyMatch(e -> e.id().equals(name) || e.id().equals("user:" + normal));
            if (!isUser) {
                var shipped = lib.shipped().stream().filter(e -> e.id().equals(name) || e.names().contains(normal)).findFirst();
                if (shipped.isPresent()) {
                    throw new IllegalArgumentException("\"" + name + "\" is the shipped entry " + shipped.get().id() + " "
                            + shipped.get().label() + "; only entries you added can be removed (atelier library list --user)");
                }
            }
            LibraryEntry removed = new UserLibrary(libraryDir).remove(name);
            spec.commandLine().getOut().printf("removed \"%s\" (%s)%n", removed.label(), removed.id());
            return 0;
        }
    }
}
