package dev.atelier.engine.library;

import java.util.List;

/**
 * One entry of a reference library (docs/model-package.md, "Reference library").
 *
 * @param id     a shipped entry's emoji hexcode ({@code 1F680}); a user entry's {@code user:} and its normalised name
 * @param label  the name shown ({@code rocket})
 * @param emoji  the emoji character of a shipped entry, empty for a user entry
 * @param group  the emoji group of a shipped entry ({@code travel-places}), empty for a user entry
 * @param names  the normalised names a prompt may use for it ({@link PromptText#normalize}), at least one, distinct
 * @param styles the styles it has a sprite in, in the library's order; a user entry has {@link Library#USER_STYLE}
 * @param origin shipped with the package or added by the user
 * @param tags   a user entry's tags (kept, never matched); empty for a shipped entry
 * @param tagNames a shipped entry's English tags that name it alone ({@code library.json}'s {@code tag_names},
 *               normalised, none of them one of {@code names}): matched like names, but a match of one loses every tie
 *               to a match of a name and only fills the hits names leave ({@link Retriever}); empty for a user entry
 */
public record LibraryEntry(String id, String label, String emoji, String group, List<String> names, List<String> styles,
                           Origin origin, List<String> tags, List<String> tagNames) {
    /** Where an entry comes from. */
    public enum Origin {
        SHIPPED, USER;

        /** The name used in files and listings: {@code shipped} or {@code user}. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public LibraryEntry {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("a library entry needs an id");
        names = names.stream().map(PromptText::normalize).filter(n -> !n.isEmpty()).distinct().toList();
        if (names.isEmpty()) throw new IllegalArgumentException("library entry " + id + " has no names");
        styles = List.copyOf(styles);
        if (styles.isEmpty()) throw new IllegalArgumentException("library entry " + id + " has no sprite");
        tags = List.copyOf(tags);
        List<String> own = names;
        tagNames = tagNames.stream().map(PromptText::normalize).filter(n -> !n.isEmpty() && !own.contains(n)).distinct().toList();
    }
}
