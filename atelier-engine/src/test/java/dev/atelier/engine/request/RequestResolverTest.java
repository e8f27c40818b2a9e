package dev.atelier.engine.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engine.Fixtures;
import dev.atelier.engine.arch.Architectures;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.io.NpyArray;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.sched.SchedulerKind;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RequestResolverTest {
    private static final ModelPackage SD = Architectures.load(Fixtures.tinySd());
    private static final ModelPackage ATELIER = Architectures.load(Path.of(System.getProperty("atelier.root", "."), "models/atelier-image-1"));
    private static final ModelPackage RETRIEVAL = Architectures.load(Path.of(System.getProperty("atelier.root", "."), "models/atelier-image-2"));
    private static final RequestLimits SERVER = new RequestLimits(4000, 1024, 100, 10);

    private static GenerationRequest resolve(ModelPackage pkg, ImageRequest.Builder b) {
        return RequestResolver.resolve(pkg, b.build(), SERVER);
    }

    private static InvalidRequestException refused(ModelPackage pkg, ImageRequest.Builder b) {
        try {
            resolve(pkg, b);
        } catch (InvalidRequestException e) {
            return e;
        }
        throw new AssertionError("expected the request to be refused");
    }

    @Test
    void unsetFieldsTakeThePackagesDefaults() {
        GenerationRequest sd = resolve(SD, ImageRequest.of("a cat"));
        assertThat(sd.size()).isEqualTo("512x512");  // the fixture has no unet/config.json: SD 1.x's 64 x 8
        assertThat(sd.steps()).isEqualTo(50);
        assertThat(sd.guidance()).isEqualTo(7.5);
        assertThat(sd.count()).isEqualTo(1);
        assertThat(sd.scheduler()).isNull();
        GenerationRequest atelier = resolve(ATELIER, ImageRequest.of("a dog"));
        assertThat(atelier.size()).isEqualTo("256x256");
        assertThat(atelier.steps()).isEqualTo(ATELIER.defaults().steps());
        assertThat(atelier.guidance()).isEqualTo(ATELIER.defaults().guidance());
    }

    @Test
    void aTransparentBackgroundIsRefusedForAModelWithoutAlphaNamingTheFieldAndTheAllowedValues() {
        InvalidRequestException e = refused(ATELIER, ImageRequest.of("a dog").background(Background.TRANSPARENT));
        assertThat(e.field()).isEqualTo(RequestField.BACKGROUND);
        assertThat(e.getMessage()).startsWith("'background' ").contains("atelier-image-1").contains("allowed: auto, opaque");
        assertThat(e.message(RequestField::cliName)).startsWith("--background ");
        assertThat(resolve(ATELIER, ImageRequest.of("a dog as a sticker").background(Background.AUTO)).transparent()).isFalse();
        assertThat(resolve(ATELIER, ImageRequest.of("a dog").background(Background.OPAQUE)).transparent()).isFalse();
    }

    @Test
    void aModelWithAlphaIsTransparentWhenAskedOrWhenAutoAndThePromptAsks() {
        assertThat(RETRIEVAL.capabilities().transparency()).isTrue();
        assertThat(resolve(RETRIEVAL, ImageRequest.of("a dog").background(Background.TRANSPARENT)).transparent()).isTrue();
        assertThat(resolve(RETRIEVAL, ImageRequest.of("a dog")).transparent()).isFalse();
        assertThat(resolve(RETRIEVAL, ImageRequest.of("a dog As a Sticker")).transparent()).isTrue();
        assertThat(resolve(RETRIEVAL, ImageRequest.of("a dog, no background").background(Background.OPAQUE)).transparent()).isFalse();
        assertThat(resolve(RETRIEVAL, ImageRequest.of("a dog").background(Background.TRANSPARENT)).withBatch(7, 2).transparent()).isTrue();
    }

    @Test
    void backgroundNamesAreParsedWithTheValidOnesInTheError() {
        assertThat(Background.lookup(" Transparent ")).isEqualTo(Background.TRANSPARENT);
        assertThatThrownBy(() -> Background.lookup("clear")).isInstanceOf(InvalidRequestException.class)
                .hasMessage("'background' must be one of auto, opaque, transparent, got 'clear'");
    }

    @Test
    void aMissingSeedIsDrawnWithinTheSeedRange() {
        long seed = resolve(SD, ImageRequest.of("a cat")).seed();
        assertThat(seed).isBetween(0L, RequestResolver.MAX_SEED);
        assertThat(resolve(SD, ImageRequest.of("a cat").seed(7L)).seed()).isEqualTo(7);
    }

    @Test
    void qualityScalesTheDefaultStepsWithinTheLimit() {
        assertThat(resolve(SD, ImageRequest.of("a cat").quality(Quality.LOW)).steps()).isEqualTo(25);
        assertThat(resolve(SD, ImageRequest.of("a cat").quality(Quality.HIGH)).steps()).isEqualTo(100);  // 50 x 2, at the limit
        assertThat(resolve(SD, ImageRequest.of("a cat").quality(Quality.HIGH).steps(3)).steps()).isEqualTo(3);
    }

    @Test
    void aSizeTheModelCannotDrawNamesWhatItCan() {
        var e = refused(SD, ImageRequest.of("a cat").size("60x64"));
        assertThat(e.field()).isEqualTo(RequestField.SIZE);
        assertThat(e.getMessage()).isEqualTo("'size' 60x64 is not supported by tiny-sd-onnx; supported: auto, multiples of 8 from 8 to 1024");
        assertThat(refused(SD, ImageRequest.of("a cat").size("2048x64")).getMessage()).contains("to 1024");
        assertThat(refused(ATELIER, ImageRequest.of("a dog").size("512x512")).getMessage()).endsWith("supported: auto, 256x256");
        assertThatThrownBy(() -> ImageRequest.of("a cat").size("big")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("WIDTHxHEIGHT").hasMessageContaining("'big'");
    }

    @Test
    void rangesNameTheFieldTheLimitsAndTheValue() {
        assertThat(refused(SD, ImageRequest.of("a cat").count(11)).getMessage()).isEqualTo("'n' must be between 1 and 10, got 11");
        assertThat(refused(SD, ImageRequest.of("a cat").steps(0)).getMessage()).isEqualTo("'steps' must be between 1 and 100, got 0");
        assertThat(refused(SD, ImageRequest.of("a cat").guidance(31.0)).getMessage()).contains("'guidance_scale' must be between 0 and 30");
        assertThat(refused(SD, ImageRequest.of("a cat").guidance(Double.NaN)).field()).isEqualTo(RequestField.GUIDANCE);
        assertThat(refused(SD, ImageRequest.of("a cat").seed(-1L)).getMessage()).contains("'seed' must be between 0 and 4294967295");
    }

    @Test
    void eachFrontEndNamesTheFieldItsOwnWay() {
        var e = refused(SD, ImageRequest.of("a cat").guidance(99.0));
        assertThat(e.message(RequestField::cliName)).startsWith("--guidance must be between 0 and 30");
        assertThat(e.message(RequestField::label)).startsWith("Guidance must be between 0 and 30");
    }

    @Test
    void promptsMustBeGivenShortAndFreeOfNul() {
        assertThat(refused(SD, ImageRequest.of(" ")).getMessage()).isEqualTo("'prompt' is required and must not be empty");
        assertThat(refused(SD, ImageRequest.of("x".repeat(4001))).getMessage()).contains("4001 characters, the limit is 4000");
        assertThat(refused(SD, ImageRequest.of("a\u0000cat")).field()).isEqualTo(RequestField.PROMPT);
        assertThat(refused(SD, ImageRequest.of("a cat").negativePrompt("x\u0000")).field()).isEqualTo(RequestField.NEGATIVE_PROMPT);
    }

    @Test
    void schedulersAreChosenByNameOnThePackagesConfig() {
        GenerationRequest r = resolve(SD, ImageRequest.of("a cat").scheduler("euler").karras(true));
        assertThat(r.scheduler().kind()).isEqualTo(SchedulerKind.EULER);
        assertThat(refused(SD, ImageRequest.of("a cat").scheduler("fast")).getMessage())
                .startsWith("'scheduler' must be one of ddim, pndm").endsWith("got 'fast'");
        assertThat(refused(SD, ImageRequest.of("a cat").scheduler("ddim").karras(true)).getMessage())
                .isEqualTo("'scheduler' must be one of euler, lms, heun, dpmpp-2m, unipc for Karras sigmas, got ddim");
        // --karras alone keeps the package's own algorithm (PNDM has no Karras sigmas)
        assertThat(refused(SD, ImageRequest.of("a cat").karras(true)).getMessage()).contains("got pndm");
    }

    @Test
    void latentsMustMatchTheRequestsShape() {
        var bad = new NpyArray(new long[] {1, 4, 4, 4}, new double[64]);
        var e = refused(SD, ImageRequest.of("a cat").size("64x64").latents(bad));
        assertThat(e.field()).isEqualTo(RequestField.LATENTS);
        assertThat(e.getMessage()).contains("[1, 4, 8, 8]").contains("[1, 4, 4, 4]");
    }

    @Test
    void aStartingImageNeedsAnArchitectureThatCanUseIt() {
        var image = new RgbImage(64, 64, new float[64 * 64 * 3]);
        var noEncoder = new ModelPackage(SD.root(), SD.name(), SD.architecture(), SD.tokenizerDir(), SD.textEncoder(),
                SD.denoiser(), SD.vaeDecoder(), SD.schedulerConfig(), SD.defaults(), SD.vocabulary(), java.util.Map.of(),
                ModelPackage.Capabilities.textOnly());
        var e = refused(noEncoder, ImageRequest.of("a cat").init(new InitImage(image, null, 0.5)));
        assertThat(e.field()).isEqualTo(RequestField.INIT_IMAGE);
        assertThat(e.getMessage()).contains("text only");
        assertThatThrownBy(() -> new InitImage(image, null, 0)).hasMessageContaining("'strength'");
        assertThatThrownBy(() -> new InitImage(image, new RgbImage(8, 8, new float[192]), 0.5)).hasMessageContaining("64x64");
    }

    @Test
    void everyArchitectureStartsFromAnImageWhereItCanEncodeOne() {
        assertThat(SD.capabilities().imageToImage()).as("tiny SD ships a vae_encoder").isTrue();
        assertThat(ATELIER.capabilities().imageToImage()).isTrue();
        assertThat(RETRIEVAL.capabilities().imageToImage()).isTrue();
    }

    @Test
    void anEditTakesTheImagesSizeWhereTheModelHasItElseTheRequestsWithTheImageResized() {
        var image = new RgbImage(64, 48, new float[64 * 48 * 3]);
        GenerationRequest own = resolve(SD, ImageRequest.of("a cat").init(new InitImage(image, null, null, "a.png")));
        assertThat(own.size()).isEqualTo("64x48");
        assertThat(own.init().image()).isSameAs(image);

        GenerationRequest fixed = resolve(ATELIER, ImageRequest.of("a cat").init(new InitImage(image, image, null, "a.png")));
        assertThat(fixed.size()).isEqualTo("256x256");
        assertThat(fixed.init().image().width()).isEqualTo(256);
        assertThat(fixed.init().mask().height()).isEqualTo(256);
        assertThat(fixed.init().name()).isEqualTo("a.png");
    }

    @Test
    void strengthDefaultsAsDiffusersForEachKindOfEdit() {
        var image = new RgbImage(64, 64, new float[64 * 64 * 3]);
        assertThat(resolve(SD, ImageRequest.of("a cat").init(new InitImage(image, null, null, null))).init().strength())
                .isEqualTo(0.75);
        assertThat(resolve(SD, ImageRequest.of("a cat").init(new InitImage(image, image, null, null))).init().strength())
                .isEqualTo(1.0);
    }

    @Test
    void aStrengthThatLeavesNoStepIsRefusedNamingTheStrength() {
        var image = new RgbImage(64, 64, new float[64 * 64 * 3]);
        var e = refused(SD, ImageRequest.of("a cat").steps(4).init(new InitImage(image, null, 0.2)));
        assertThat(e.field()).isEqualTo(RequestField.STRENGTH);
        assertThat(e.getMessage()).contains("4 steps").contains("0.25");
    }

    // a 32x32 picture, opaque or fully transparent
    private static dev.atelier.engine.image.RgbImage square(boolean transparent) {
        return new dev.atelier.engine.image.RgbImage(32, 32, new float[32 * 32 * 3], transparent ? new float[32 * 32] : null);
    }

    @Test
    void referencePicturesGoToAModelWithSlotsAsTheyAre() {
        var pictures = java.util.List.of(square(false), square(false));
        assertThat(resolve(RETRIEVAL, ImageRequest.of("a cat").references(pictures)).references()).isEqualTo(pictures);
        assertThat(resolve(RETRIEVAL, ImageRequest.of("a cat")).references()).isEmpty();
    }

    @Test
    void aModelWithoutSlotsRefusesReferencePicturesSayingItTakesOneImage() {
        var init = new InitImage(square(false), null, null, "start.png");
        var e = refused(SD, ImageRequest.of("a cat").init(init).references(java.util.List.of(square(false))));
        assertThat(e.field()).isEqualTo(RequestField.REFERENCES);
        assertThat(e.getMessage()).isEqualTo("'image' got 2 pictures, but tiny-sd-onnx cannot draw from reference pictures: "
                + "it takes 1 image (the one it edits)");
    }

    @Test
    void moreReferencePicturesThanSlotsAreRefusedSayingHowManyFit() {
        var three = java.util.List.of(square(false), square(false), square(false));
        assertThat(refused(RETRIEVAL, ImageRequest.of("a cat").references(three)).getMessage())
                .isEqualTo("'image' got 3 pictures, but atelier-image-2 takes at most 2 reference pictures");
        var init = new InitImage(square(false), null, null, "start.png");
        assertThat(refused(RETRIEVAL, ImageRequest.of("a cat").init(init).references(three)).getMessage())
                .isEqualTo("'image' got 4 pictures, but atelier-image-2 takes at most 3 (the image it edits and 2 reference pictures)");
    }

    @Test
    void aFullyTransparentReferenceIsRefused() {
        assertThat(refused(RETRIEVAL, ImageRequest.of("a cat").references(java.util.List.of(square(false), square(true)))).getMessage())
                .isEqualTo("'image' reference picture 2 is fully transparent: there is nothing to draw from");
    }
}
