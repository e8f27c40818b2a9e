package dev.atelier.safety.image;

import dev.atelier.safety.text.Severity;

/**
 * How nsfwjs's class probabilities map to a sexual-content {@link Severity}. "Explicit" is porn + hentai (nudity or
 * sex, photographic or drawn); "suggestive" is sexy (revealing but not explicit). Drawing and neutral never raise the
 * severity: most of what Atelier generates is emoji art, which the model calls drawing.
 *
 * <p>A rating is the highest level whose threshold is reached: HIGH when explicit ≥ {@code explicitHigh}; MEDIUM when
 * explicit ≥ {@code explicitMedium} or suggestive ≥ {@code suggestiveMedium}; LOW when explicit ≥ {@code explicitLow}
 * or suggestive ≥ {@code suggestiveLow}; otherwise SAFE. Every threshold is a probability in (0, 1], and each
 * ladder rises: low ≤ medium ≤ high.
 *
 * @param explicitHigh     porn + hentai for HIGH
 * @param explicitMedium   porn + hentai for MEDIUM
 * @param explicitLow      porn + hentai for LOW
 * @param suggestiveMedium sexy for MEDIUM
 * @param suggestiveLow    sexy for LOW
 */
public record NsfwThresholds(float explicitHigh, float explicitMedium, float explicitLow,
                             float suggestiveMedium, float suggestiveLow) {
    public NsfwThresholds {
        probability("explicitHigh", explicitHigh);
        probability("explicitMedium", explicitMedium);
        probability("explicitLow", explicitLow);
        probability("suggestiveMedium", suggestiveMedium);
        probability("suggestiveLow", suggestiveLow);
        if (explicitLow > explicitMedium || explicitMedium > explicitHigh) {
            throw new IllegalArgumentException("explicit thresholds must rise (low ≤ medium ≤ high), got low " + explicitLow
                    + ", medium " + explicitMedium + ", high " + explicitHigh);
        }
        if (suggestiveLow > suggestiveMedium) {
            throw new IllegalArgumentException("suggestive thresholds must rise (low ≤ medium), got low " + suggestiveLow
                    + ", medium " + suggestiveMedium);
        }
    }

    /**
     * The defaults: explicit 0.8 / 0.6 / 0.3 and suggestive 0.8 / 0.5. With a policy that withholds at MEDIUM, an
     * image is withheld when the model gives porn + hentai 60 % or more, or sexy 80 % or more. The model mistakes some
     * shaded emoji art for porn: of the 9,646 sprites of atelier-image-2's library, each drawn at 160 px on a 256×256
     * white canvas as generated images show them, 1 reaches 0.6 (none 0.8) and 16 reach 0.3; the evaluation's
     * generated images and the test sprites stay below 0.03 (see the model card).
     */
    public static NsfwThresholds defaults() {
        return new NsfwThresholds(0.8f, 0.6f, 0.3f, 0.8f, 0.5f);
    }

    /** The severity of probabilities {@code porn}, {@code hentai} and {@code sexy}, each in [0, 1]. */
    public Severity rate(float porn, float hentai, float sexy) {
        float explicit = porn + hentai;
        if (explicit >= explicitHigh) return Severity.HIGH;
        if (explicit >= explicitMedium || sexy >= suggestiveMedium) return Severity.MEDIUM;
        if (explicit >= explicitLow || sexy >= suggestiveLow) return Severity.LOW;
        return Severity.SAFE;
    }

    private static void probability(String name, float value) {
        if (!(value > 0f && value <= 1f)) {
            throw new IllegalArgumentException(name + " must be a probability in (0, 1], got " + value);
        }
    }
}
