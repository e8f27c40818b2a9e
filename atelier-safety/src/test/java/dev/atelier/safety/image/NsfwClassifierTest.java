package dev.atelier.safety.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.safety.text.Severity;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped classifier, run on real images: what Atelier generates rates SAFE; alpha and any size are accepted. */
class NsfwClassifierTest {
    private static NsfwClassifier classifier;

    @BeforeAll
    static void open() {
        classifier = NsfwClassifier.open(NsfwThresholds.defaults(), PipelineOptions.defaults());
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    @Test
    void everyGeneratedImageOfTheRealSuiteRatesSafe() {
        for (Path png : TestImages.generated()) {
            ImageAnalysis a = classifier.analyze(TestImages.read(png));
            assertThat(a.sexual()).as("%s scored %s", png.getFileName(), a.scores()).isEqualTo(Severity.SAFE);
        }
    }

    @Test
    void everyEmojiSpriteRatesSafe() {
        for (RgbImage sprite : TestImages.emojiSprites()) {
            ImageAnalysis a = classifier.analyze(sprite);
            assertThat(a.sexual()).as("an emoji sprite scored %s", a.scores()).isEqualTo(Severity.SAFE);
        }
    }

    @Test
    void scoresAreTheFiveClassesInLowerCaseSummingToOne() {
        ImageAnalysis a = classifier.analyze(TestImages.gradient());
        assertThat(a.scores()).containsOnlyKeys(NsfwClassifier.CLASSES);
        assertThat(NsfwClassifier.CLASSES).containsExactly("drawing", "hentai", "neutral", "porn", "sexy");
        assertThat(a.scores().values().stream().mapToDouble(Float::doubleValue).sum()).isCloseTo(1.0, offset(1e-4));
    }

    @Test
    void anImageWithAlphaIsRatedAsComposedOverWhite() {
        RgbImage sprite = TestImages.emojiSprites().getFirst();
        assertThat(sprite.hasAlpha()).isTrue();
        assertThat(classifier.analyze(sprite).scores()).isEqualTo(classifier.analyze(sprite.overWhite()).scores());
    }

    @Test
    void aFullyTransparentImageIsAWhiteOne() {
        float[] black = new float[32 * 32 * 3], clear = new float[32 * 32], white = new float[32 * 32 * 3];
        Arrays.fill(white, 1f);
        ImageAnalysis transparent = classifier.analyze(new RgbImage(32, 32, black, clear));
        assertThat(transparent.scores()).isEqualTo(classifier.analyze(new RgbImage(32, 32, white)).scores());
        assertThat(transparent.sexual()).isEqualTo(Severity.SAFE);
    }

    @Test
    void describeNamesTheModelAndItsVersion() {
        assertThat(classifier.describe()).contains("nsfwjs 4.4.0", "MobileNetV2");
    }
}
