package dev.atelier.server.arena;

import java.util.regex.Pattern;

/**
 * One arena contestant: a model with settings. Unset settings take the model's defaults.
 *
 * @param name      shown only after a vote and on the leaderboard; letters, digits, {@code . _ -}, ≤ 100
 * @param model     installed model name
 * @param size      {@code WxH} or null; contestants should share a size, or the size gives them away
 * @param steps     denoising steps or null
 * @param guidance  guidance scale or null
 * @param scheduler scheduler CLI name or null
 */
public record Contestant(String name, String model, String size, Integer steps, Double guidance, String scheduler) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    public Contestant {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("contestant name must be 1-100 letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        if (model == null || model.isBlank()) throw new IllegalArgumentException("contestant " + name + " needs a model");
    }

    /** The settings, as a line for people. */
    public String describe() {
        var sb = new StringBuilder(model);
        if (size != null) sb.append(", ").append(size);
        if (steps != null) sb.append(", ").append(steps).append(" steps");
        if (guidance != null) sb.append(", guidance ").append(guidance);
        if (scheduler != null) sb.append(", ").append(scheduler);
        return sb.toString();
    }
}
