package dev.atelier.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageEncoderTest {
    private static final GenerationParameters PARAMS = new GenerationParameters("a red apple", "blurry", 8, "flow-euler",
            4.5, 42, 256, 256, "atelier-image-1");

    @Test
    void formatsParametersLikeAutomatic1111() {
        assertThat(PARAMS.toA1111()).isEqualTo("a red apple\nNegative prompt: blurry\n"
                + "Steps: 8, Sampler: flow-euler, CFG scale: 4.5, Seed: 42, Size: 256x256, Model: atelier-image-1");
    }

    @Test
    void omitsAnEmptyNegativePromptAndWritesWholeGuidanceWithoutDecimals() {
        var p = new GenerationParameters("cat", "", 4, "euler", 7, 1, 64, 64, "m");
        assertThat(p.toA1111()).isEqualTo("cat\nSteps: 4, Sampler: euler, CFG scale: 7, Seed: 1, Size: 64x64, Model: m");
    }

    @Test
    void jpegDecodesAndCarriesTheParametersAsAComment() throws Exception {
        var img = new RgbImage(16, 8, new float[16 * 8 * 3]);
        byte[] jpeg = ImageEncoder.encode(img, ImageFormat.JPEG, PARAMS);
        assertThat(jpeg[0]).isEqualTo((byte) 0xFF);
        assertThat(jpeg[1]).isEqualTo((byte) 0xD8);
        assertThat(new String(jpeg, java.nio.charset.StandardCharsets.UTF_8)).contains("Seed: 42");
        var back = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(back.getWidth()).isEqualTo(16);
        assertThat(back.getHeight()).isEqualTo(8);
    }

    @Test
    void formatLookupListsTheValidNames() {
        assertThat(ImageFormat.lookup("JPG")).isEqualTo(ImageFormat.JPEG);
        assertThatThrownBy(() -> ImageFormat.lookup("gif")).hasMessageContaining("valid: png, jpeg");
    }

    @Test
    void rejectsAPixelArrayOfTheWrongLength() {
        assertThatThrownBy(() -> new RgbImage(2, 2, new float[5])).hasMessageContaining("expected 12");
    }
}
