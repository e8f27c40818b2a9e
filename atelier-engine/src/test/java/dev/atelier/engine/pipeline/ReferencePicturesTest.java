package dev.atelier.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.arch.Architectures;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.library.Planner;
import dev.atelier.engine.library.Sprite;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.RequestLimits;
import dev.atelier.engine.request.RequestResolver;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A request's reference pictures take the place of the prompt's library pictures in atelier-image-2's conditioning. */
class ReferencePicturesTest {
    private static final Path PKG = Path.of(System.getProperty("atelier.root")).resolve("models/atelier-image-2");
    private static ModelPackage pkg;
    private static Generator generator;

    @BeforeAll
    static void open() {
        pkg = Architectures.load(PKG);
        generator = Architectures.open(pkg, PipelineOptions.defaults());
    }

    @AfterAll
    static void close() {
        generator.close();
    }

    // a disc of one colour on a transparent square
    static RgbImage disc(float r, float g, float b) {
        int side = 96;
        float[] rgb = new float[side * side * 3];
        float[] alpha = new float[side * side];
        for (int p = 0; p < side * side; p++) {
            double dx = p % side - side / 2.0 + 0.5;
            double dy = p / side - side / 2.0 + 0.5;
            alpha[p] = Math.hypot(dx, dy) < side * 0.45 ? 1f : 0f;
            rgb[p * 3] = r;
            rgb[p * 3 + 1] = g;
            rgb[p * 3 + 2] = b;
        }
        return new RgbImage(side, side, rgb, alpha);
    }

    private static Sprite sprite(int grey) {
        byte[] rgba = new byte[Sprite.BYTES];
        java.util.Arrays.fill(rgba, (byte) grey);
        return new Sprite(rgba);
    }

    @Test
    void theModelTakesAsManyReferencePicturesAsItHasSlots() {
        assertThat(pkg.capabilities().references()).isEqualTo(2);
    }

    @Test
    void aBlueReferenceReplacesTheRedApplePicture() {
        var plain = RequestResolver.resolve(pkg, ImageRequest.of("a red apple on a white background").seed(1L).build(),
                RequestLimits.engine());
        var withBlue = RequestResolver.resolve(pkg, ImageRequest.of("a red apple on a white background").seed(1L)
                .references(List.of(disc(0.1f, 0.2f, 0.9f))).build(), RequestLimits.engine());
        GenerationResult a = generator.generate(plain, ProgressListener.NONE, new CancellationToken());
        GenerationResult b = generator.generate(withBlue, ProgressListener.NONE, new CancellationToken());
        assertThat(a.references().orElseThrow()).extracting(LibraryReference::label).containsExactly("red apple");
        assertThat(b.references().orElseThrow()).as("the library picture was replaced, not drawn from").isEmpty();
        float[] red = ShippedRetrievalModelTest.mean(a.images().getFirst().image(), 96, 96, 64);
        float[] blue = ShippedRetrievalModelTest.mean(b.images().getFirst().image(), 96, 96, 64);
        assertThat(blue[2] - red[2]).as("more blue in the centre: red %s, with the reference %s",
                java.util.Arrays.toString(red), java.util.Arrays.toString(blue)).isGreaterThan(0.1f);
        assertThat(blue[0]).as("less red in the centre").isLessThan(red[0]);
    }

    @Test
    void referencesTakeTheHitsSlotsInOrderAndFreeSlotsAfter() {
        Sprite hit = sprite(10);
        var plan = List.of(new Planner.Item(0, 0.5, 0.5, 0.6));
        var placed = ReferencePictures.place(List.of(disc(1, 0, 0), disc(0, 0, 1)), List.of(hit), plan, 2);
        assertThat(placed.sprites()).hasSize(2).doesNotContain(hit);
        assertThat(placed.sprites().get(0)).isEqualTo(ReferencePictures.sprite(disc(1, 0, 0)));
        assertThat(placed.plan()).isEqualTo(plan);
        assertThat(placed.replaced()).isEqualTo(1);
    }

    @Test
    void withoutLibraryHitsTheReferencesAreDrawnInTheDraft() {
        var one = ReferencePictures.place(List.of(disc(1, 0, 0)), List.of(), List.of(), 2);
        assertThat(one.plan()).containsExactly(new Planner.Item(0, 0.5, 0.5, 0.6));
        var two = ReferencePictures.place(List.of(disc(1, 0, 0), disc(0, 1, 0)), List.of(), List.of(), 2);
        assertThat(two.plan()).extracting(Planner.Item::hit).containsExactly(0, 1);
        assertThat(two.replaced()).isZero();
    }

    @Test
    void noReferencesLeaveTheHitsAsTheyAre() {
        var hits = List.of(sprite(10), sprite(20));
        var placed = ReferencePictures.place(List.of(), hits, List.of(), 2);
        assertThat(placed.sprites()).isEqualTo(hits);
        assertThat(placed.plan()).isEmpty();
    }
}
