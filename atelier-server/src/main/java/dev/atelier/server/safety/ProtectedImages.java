package dev.atelier.server.safety;

import dev.atelier.engine.image.ImageFormat;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.pipeline.GeneratedImage;
import dev.atelier.safety.ImageSafeguard;
import dev.atelier.safety.moderation.ModerationLevel;
import dev.atelier.server.spi.ImageCheck;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.function.Function;

/**
 * The image check of a server with safeguards: the safety module's {@link ImageSafeguard} (classifier, watermark,
 * content credentials), timed in the metrics ({@code atelier_image_check_seconds}). Arena images are signed without
 * the model's name.
 */
public final class ProtectedImages implements ImageCheck {
    private final ImageSafeguard safeguard;
    private final Timer timer;

    public ProtectedImages(ImageSafeguard safeguard, MeterRegistry metrics) {
        this.safeguard = safeguard;
        this.timer = Timer.builder("atelier_image_check").description("image moderation, watermark, encoding and signing per image")
                .register(metrics);
    }

    @Override
    public String describe() {
        return safeguard.describe();
    }

    @Override
    public Checked apply(Subject subject, GeneratedImage image, ImageFormat format, Function<RgbImage, byte[]> encoder) {
        long t0 = System.nanoTime();
        try {
            var p = safeguard.protect(image.image(), format, encoder, subject.blind() ? null : subject.model(), subject.model(),
                    ModerationLevel.lookup(subject.moderation()));
            return new Checked(p.bytes(), p.filter());
        } catch (ImageSafeguard.Withheld e) {
            throw new Withheld(e.getMessage(), e.filter());
        } finally {
            timer.record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }
}
