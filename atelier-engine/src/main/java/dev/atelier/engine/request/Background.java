package dev.atelier.engine.request;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The background of the images a request asks for, as OpenAI's Images API {@code background}: {@code auto} lets the
 * model decide (transparent when the model draws alpha and the prompt asks for it, e.g. "as a sticker"), {@code opaque},
 * or {@code transparent} (a PNG with alpha; only models whose package has an alpha channel).
 */
public enum Background {
    AUTO, OPAQUE, TRANSPARENT;

    /**
     * Phrases that ask for a transparent background in a prompt (lower case, matched anywhere): the captions a model
     * with alpha was trained on ({@code atelier_train.data.captions.TRANSPARENT_PHRASES}).
     */
    public static final List<String> PROMPT_PHRASES = List.of("transparent background", "on a transparent background",
            "as a sticker", "no background", "isolated on transparent");

    /** The wire and CLI name, lower case. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a name (case-insensitive); the error names the field and the valid values. */
    public static Background lookup(String name) {
        for (Background b : values()) if (b.name().equalsIgnoreCase(name.trim())) return b;
        throw new InvalidRequestException(RequestField.BACKGROUND, "must be one of " + names() + ", got '" + name + "'");
    }

    /** The valid names, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(Background::wire).collect(Collectors.joining(", "));
    }

    /** Whether {@code prompt} itself asks for a transparent background (one of {@link #PROMPT_PHRASES}). */
    public static boolean promptAsksForTransparency(String prompt) {
        String low = prompt.toLowerCase(Locale.ROOT);
        return PROMPT_PHRASES.stream().anyMatch(low::contains);
    }
}
