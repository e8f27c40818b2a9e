package dev.atelier.safety;

import dev.atelier.engine.image.ImageFormat;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.safety.c2pa.ContentCredentials;
import dev.atelier.safety.c2pa.CreationInfo;
import dev.atelier.safety.c2pa.SoftwareAgent;
import dev.atelier.safety.image.ImageAnalysis;
import dev.atelier.safety.image.ImageClassifier;
import dev.atelier.safety.moderation.BlockThresholds;
import dev.atelier.safety.moderation.FilterResults;
import dev.atelier.safety.moderation.ModerationLevel;
import dev.atelier.safety.moderation.ModerationPolicy;
import dev.atelier.safety.text.Category;
import dev.atelier.safety.watermark.Watermark;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What every generated image goes through before anyone sees it, in this order: the image classifier (an image
 * rated at or above the policy's sexual threshold is withheld), the invisible watermark (in the pixels, so before
 * encoding), encoding, then C2PA content credentials over the encoded file. Used by the server's workers and by
 * {@code atelier generate}. Thread-safe.
 */
public final class ImageSafeguard implements AutoCloseable {
    private final ImageClassifier classifier;
    private final ModerationPolicy policy;
    private final Watermark watermark;
    private final ContentCredentials credentials;
    private final SoftwareAgent agent;

    /**
     * @param classifier  rates images (null: images are not rated)
     * @param policy      the sexual threshold images are held to (per deployment and level, as prompts)
     * @param watermark   embedded in every image (null: none)
     * @param credentials signs every file (null: unsigned)
     * @param agent       the software named in the credentials
     */
    public ImageSafeguard(ImageClassifier classifier, ModerationPolicy policy, Watermark watermark, ContentCredentials credentials,
                          SoftwareAgent agent) {
        this.classifier = classifier;
        this.policy = policy;
        this.watermark = watermark;
        this.credentials = credentials;
        this.agent = agent;
    }

    /** The file to keep and the classifier's results (null when images are not rated). */
    public record Protected(byte[] bytes, FilterResults filter) {
    }

    /** An image the classifier rated at or above the threshold; the message names the category and severity. */
    public static final class Withheld extends RuntimeException {
        private final FilterResults filter;

        Withheld(String message, FilterResults filter) {
            super(message, null, false, false);
            this.filter = filter;
        }

        public FilterResults filter() {
            return filter;
        }
    }

    /**
     * Rates, marks, encodes and signs {@code image}.
     *
     * @param model      the model that drew it, named in the credentials; null to name none (arena images)
     * @param deployment whose thresholds apply (the model's name)
     * @param level      the moderation level that applies
     * @throws Withheld when the image is rated at or above the threshold
     */
    public Protected protect(RgbImage image, ImageFormat format, Function<RgbImage, byte[]> encoder, String model, String deployment,
                             ModerationLevel level) {
        FilterResults filter = null;
        if (classifier != null) {
            ImageAnalysis a = classifier.analyze(image);
            BlockThresholds t = policy.thresholds(deployment, level);
            boolean blocked = a.sexual().atLeast(t.blockAt(Category.SEXUAL));
            filter = new FilterResults(Map.of(Category.SEXUAL, a.sexual()), blocked ? Set.of(Category.SEXUAL) : Set.of(), false);
            if (blocked) {
                throw new Withheld("The image was withheld by the safety system: it was rated sexual (" + a.sexual().wireName()
                        + "). Rephrase the prompt and try again.", filter);
            }
        }
        RgbImage marked = watermark != null ? watermark.embed(image) : image;
        byte[] bytes = encoder.apply(marked);
        if (credentials != null && ContentCredentials.signs(format)) bytes = credentials.sign(bytes, format, new CreationInfo(null, agent, model, Instant.now()));
        return new Protected(bytes, filter);
    }

    /** For the start-up log. */
    public String describe() {
        return "image classifier: " + (classifier == null ? "off" : classifier.describe())
                + ", watermark: " + (watermark == null ? "off" : "on")
                + ", content credentials: " + (credentials == null ? "off" : credentials.identity().describe());
    }

    @Override
    public void close() {
        if (classifier != null) classifier.close();
    }
}
