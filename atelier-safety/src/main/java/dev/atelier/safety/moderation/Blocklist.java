package dev.atelier.safety.moderation;

import java.util.List;

/** An operator's blocked terms, as matched against a prompt (obfuscated spellings included). */
@FunctionalInterface
public interface Blocklist {
    Blocklist EMPTY = text -> List.of();

    /** The listed terms found in {@code text}; empty when none. */
    List<String> matches(String text);
}
