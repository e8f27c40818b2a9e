package dev.atelier.safety.c2pa;

import java.time.Instant;

/**
 * What a signed image's manifest says about how it was made: its claim and its {@code c2pa.created} action.
 *
 * @param title   the claim's {@code dc:title} (e.g. the file name), or null to leave it out
 * @param agent   the software that generated the image; it is the claim generator and the action's software agent
 * @param model   the model that generated it, or null to sign without naming the model (the arena does, so that a
 *                battle's images don't reveal which model made them)
 * @param created when the image was generated: the action's {@code when}
 */
public record CreationInfo(String title, SoftwareAgent agent, String model, Instant created) {
    public CreationInfo {
        if (title != null && title.isBlank()) throw new IllegalArgumentException("title must be null or not blank, got '" + title + "'");
        if (agent == null) throw new IllegalArgumentException("software agent must not be null");
        if (model != null && model.isBlank()) throw new IllegalArgumentException("model must be null or not blank, got '" + model + "'");
        if (created == null) throw new IllegalArgumentException("creation time must not be null");
    }
}
