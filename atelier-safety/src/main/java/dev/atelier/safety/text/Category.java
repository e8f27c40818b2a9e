package dev.atelier.safety.text;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Harm categories, as Azure AI Content Safety names them, plus sexual content involving minors (always refused).
 * {@link #wireName()} is the name in API responses ({@code self_harm} as Azure writes it; OpenAI's moderation
 * endpoint writes {@link #openAiName()}).
 */
public enum Category {
    HATE("hate", "hate"),
    SEXUAL("sexual", "sexual"),
    VIOLENCE("violence", "violence"),
    SELF_HARM("self_harm", "self-harm"),
    SEXUAL_MINORS("sexual_minors", "sexual/minors");

    private final String wireName;
    private final String openAiName;

    Category(String wireName, String openAiName) {
        this.wireName = wireName;
        this.openAiName = openAiName;
    }

    public String wireName() {
        return wireName;
    }

    public String openAiName() {
        return openAiName;
    }

    /** Parses a wire name ({@code self_harm}, {@code self-harm} and {@code SELF_HARM} alike); the error lists the valid names. */
    public static Category lookup(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace('/', '_');
        for (Category c : values()) if (c.wireName.equals(n)) return c;
        throw new IllegalArgumentException("unknown category '" + name + "'; valid: "
                + Arrays.stream(values()).map(Category::wireName).collect(Collectors.joining(", ")));
    }
}
