package dev.atelier.engine.library;

import java.util.List;
import java.util.Optional;

/**
 * What a prompt retrieves from a library ({@link Retriever#retrieve}).
 *
 * @param prompt     the normalised prompt with a space at either end, which {@link Hit#start()} and {@link Hit#end()}
 *                   index in code points
 * @param askedStyle the style the prompt names, if any
 * @param hits       at most {@link Retriever#MAX_HITS} distinct entries, in the order the prompt names them
 */
public record Retrieval(String prompt, Optional<String> askedStyle, List<Hit> hits) {
    public Retrieval {
        hits = List.copyOf(hits);
    }

    /**
     * One retrieved entry.
     *
     * @param entry  the library entry
     * @param style  the style of {@code sprite}: the asked one if the entry has it, else the first of the library's
     *               style preference that it has ({@link Library#USER_STYLE} for a user entry)
     * @param asked  whether {@code style} is the style the prompt asked for (false when it asked for none)
     * @param name   the entry's name that matched
     * @param start  where the match starts in {@link Retrieval#prompt()}, in code points
     * @param end    where it ends (exclusive)
     * @param sprite the reference, 64 x 64 straight RGBA
     */
    public record Hit(LibraryEntry entry, String style, boolean asked, String name, int start, int end, Sprite sprite) {
    }
}
