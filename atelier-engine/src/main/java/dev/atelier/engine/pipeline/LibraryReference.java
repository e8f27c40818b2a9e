package dev.atelier.engine.pipeline;

/**
 * A library entry a retrieval model drew from (docs/model-package.md, "Retrieval").
 *
 * @param id         the entry's id (an emoji hexcode, or {@code user:NAME} for a user entry)
 * @param label      its label, e.g. {@code red apple}
 * @param style      the style of the sprite used, e.g. {@code noto}, or {@code user}
 * @param askedStyle whether that is the style the prompt asked for
 * @param matched    the name in the prompt that matched it
 * @param user       whether the user added it
 */
public record LibraryReference(String id, String label, String style, boolean askedStyle, String matched, boolean user) {
}
