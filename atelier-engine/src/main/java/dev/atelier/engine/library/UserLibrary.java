package dev.atelier.engine.library;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adds and removes the user's own entries of a library ({@code library/user/}: user.json and one PNG per entry;
 * docs/model-package.md, "User entries"). The shipped files are never changed. Not safe against two processes
 * changing the same library at once; readers see the old or the new user.json.
 */
public final class UserLibrary {
    private final Path libraryDir;

    /**
     * An icon to add.
     *
     * @param name       the entry's name, e.g. {@code blue whale}
     * @param extraNames more names a prompt may use for it
     * @param tags       kept with the entry, never matched
     * @param source     the file it was made from (informative)
     * @param sprite     the fitted sprite
     */
    public record Icon(String name, List<String> extraNames, List<String> tags, String source, Sprite sprite) {
        public Icon {
            extraNames = List.copyOf(extraNames);
            tags = List.copyOf(tags);
        }
    }

    /** The user part of the library in {@code libraryDir} (a package's {@code library/} folder). */
    public UserLibrary(Path libraryDir) {
        this.libraryDir = libraryDir;
    }

    /**
     * The normalised names a user entry is matched by: its cleaned name, that name's English plural (not for a name
     * with nothing before its first ':'), and the extra names, empty ones and repeats dropped, in that order; empty when
     * the name has no letter or number ({@code atelier_train.retrieval.user_entry_names}).
     */
    public static List<String> names(String name, List<String> extra) {
        String label = PromptText.cleanName(name);
        if (PromptText.normalize(label).isEmpty()) return List.of();
        var forms = new ArrayList<String>();
        forms.add(label);
        if (EnglishPlural.hasHead(label)) forms.add(EnglishPlural.of(label));
        extra.stream().map(PromptText::cleanName).forEach(forms::add);
        var out = new LinkedHashSet<String>();
        forms.stream().map(PromptText::normalize).filter(n -> !n.isEmpty()).forEach(out::add);
        return List.copyOf(out);
    }

    /**
     * Adds {@code icons} as user entries. A name without letters, two icons with one name, or a name the user library
     * has already (unless {@code replace}) is an {@link IllegalArgumentException}, and nothing is added.
     *
     * @return the new entries, in the order given
     */
    public List<LibraryEntry> add(List<Icon> icons, boolean replace) throws IOException {
        UserFile current = UserFile.read(folder());
        Map<String, String> sourceOfId = new HashMap<>();
        var records = new ArrayList<UserFile.Record>();
        for (Icon icon : icons) {
            List<String> names = names(icon.name(), icon.extraNames());
            if (names.isEmpty()) {
                throw new IllegalArgumentException(icon.source() + ": the name \"" + icon.name() + "\" has no letter or number");
            }
            String id = "user:" + names.getFirst();
            String other = sourceOfId.put(id, icon.source());
            if (other != null) {
                throw new IllegalArgumentException(other + " and " + icon.source() + " both name an entry \"" + names.getFirst() + "\"");
            }
            Optional<UserFile.Record> existing = current.records().stream().filter(r -> r.id().equals(id)).findFirst();
            if (existing.isPresent() && !replace) {
                throw new IllegalArgumentException(icon.source() + ": the user library already has an entry named \""
                        + existing.get().label() + "\" (from " + existing.get().source() + "); pass --replace to replace it");
            }
            List<String> tags = icon.tags().stream().map(PromptText::cleanName).filter(t -> !t.isEmpty()).toList();
            records.add(new UserFile.Record(id, PromptText.cleanName(icon.name()), names, tags, current.nextFile(records.size()),
                    icon.source()));
        }
        Files.createDirectories(folder());
        UserFile next = current;
        for (int i = 0; i < records.size(); i++) {
            SpriteFiles.writeSprite(icons.get(i).sprite(), folder().resolve(records.get(i).file()));
            next = next.with(records.get(i));
        }
        next.write();
        deleteUnused(current, next);
        return next.entries().stream().filter(e -> sourceOfId.containsKey(e.id())).toList();
    }

    /**
     * Removes the user entry named {@code name} (any case and punctuation; or its id). A name that is no user entry is
     * an {@link IllegalArgumentException} that lists the user entries.
     *
     * @return the removed entry
     */
    public LibraryEntry remove(String name) throws IOException {
        UserFile current = UserFile.read(folder());
        String id = name.startsWith("user:") ? name : "user:" + PromptText.normalize(PromptText.cleanName(name));
        int at = -1;
        for (int i = 0; i < current.records().size(); i++) {
            if (current.records().get(i).id().equals(id)) at = i;
        }
        if (at < 0) {
            List<String> have = current.records().stream().map(UserFile.Record::label).toList();
            throw new IllegalArgumentException("the user library has no entry named \"" + name + "\" ("
                    + (have.isEmpty() ? "it is empty" : "it has: " + String.join(", ", have)) + ")");
        }
        LibraryEntry removed = current.entries().get(at);
        UserFile next = current.without(id);
        next.write();
        deleteUnused(current, next);
        return removed;
    }

    private Path folder() {
        return libraryDir.resolve(UserFile.FOLDER);
    }

    private static void deleteUnused(UserFile before, UserFile after) throws IOException {
        var kept = after.records().stream().map(UserFile.Record::file).toList();
        for (UserFile.Record r : before.records()) {
            if (!kept.contains(r.file())) Files.deleteIfExists(before.folder().resolve(r.file()));
        }
    }
}
