package dev.atelier.engine.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The mask conventions: the Images API's (alpha 0 = edit) and greyscale (white = edit); errors name the field. */
class EditInputsTest {

    private static byte[] png(BufferedImage img) throws IOException {
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void transparentPixelsOfAMaskAreTheAreaToEdit() throws IOException {
        var img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x00FF0000);  // transparent (red colour ignored)
        img.setRGB(1, 0, 0xFF00FF00);  // opaque
        var mask = EditInputs.mask(png(img), "m.png");
        assertThat(mask.pixels()[0]).isEqualTo(1f);
        assertThat(mask.pixels()[3]).isEqualTo(0f);
    }

    @Test
    void anOpaqueGreyscaleMaskIsWhiteToEdit() throws IOException {
        var img = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(0, 0, 0, 255);
        img.getRaster().setSample(1, 0, 0, 0);
        var mask = EditInputs.mask(png(img), "m.png");
        assertThat(mask.pixels()[0]).isEqualTo(1f);
        assertThat(mask.pixels()[3]).isEqualTo(0f);
    }

    @Test
    void anOpaqueColourMaskIsRefusedNamingTheMask() throws IOException {
        var img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xFF0000);
        assertThatThrownBy(() -> EditInputs.mask(png(img), "m.png")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'mask'").hasMessageContaining("m.png").hasMessageContaining("greyscale");
    }

    @Test
    void anUnreadableImageIsRefusedNamingTheFile() {
        var e = (InvalidRequestException) org.assertj.core.api.Assertions.catchThrowable(
                () -> EditInputs.image(Path.of("no/such/photo.png")));
        assertThat(e.field()).isEqualTo(RequestField.INIT_IMAGE);
        assertThat(e.getMessage()).contains("no/such/photo.png").contains("no such file");
        assertThatThrownBy(() -> EditInputs.image(new byte[] {1, 2, 3}, "x.png")).hasMessageContaining("x.png");
    }

    @Test
    void anImagesAlphaIsKept() throws IOException {
        var img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x80FFFFFF);
        var rgb = EditInputs.image(png(img), "a.png");
        assertThat(rgb.alpha()[0]).isEqualTo(128 / 255f);
    }
}
