package dev.atelier.server.a1111;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.request.EditInputs;
import dev.atelier.server.service.ApiException;
import java.awt.image.BufferedImage;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** A1111's mask conventions turned into the engine's (white = redraw), and base64 images as A1111 clients send them. */
class A1111ImagesTest {
    // the engine's mask value at x (row 0)
    private static float at(byte[] engineMask, int x) {
        RgbImage m = EditInputs.mask(engineMask, "mask");
        return m.pixels()[x * 3];
    }

    private static byte[] leftRight(int type, int left, int right) throws Exception {
        var img = new BufferedImage(8, 1, type);
        for (int x = 0; x < 8; x++) img.setRGB(x, 0, x < 4 ? left : right);
        return A1111ApiTest.png(img);
    }

    @Test
    void anOpaqueMaskIsReadByLuminanceWhiteRedrawn() throws Exception {
        byte[] m = A1111Images.engineMask(leftRight(BufferedImage.TYPE_INT_RGB, 0xFFFFFFFF, 0xFF000000), false);
        assertThat(at(m, 0)).isEqualTo(1f);
        assertThat(at(m, 7)).isEqualTo(0f);
    }

    @Test
    void aColouredMaskIsReadByItsLuminanceRoundedAtHalfGrey() throws Exception {
        // bright yellow (luma ~ 0.89) is redrawn, dark blue (~ 0.11 of 255 * 0.5) kept
        byte[] m = A1111Images.engineMask(leftRight(BufferedImage.TYPE_INT_RGB, 0xFFFFFF00, 0xFF000080), false);
        assertThat(at(m, 0)).isEqualTo(1f);
        assertThat(at(m, 7)).isEqualTo(0f);
    }

    @Test
    void aMaskWithTransparencyIsReadByItsAlphaOpaqueRedrawn() throws Exception {
        // A1111 reads the alpha channel: opaque (here black!) is redrawn, transparent kept
        byte[] m = A1111Images.engineMask(leftRight(BufferedImage.TYPE_INT_ARGB, 0xFF000000, 0x00FFFFFF), false);
        assertThat(at(m, 0)).isEqualTo(1f);
        assertThat(at(m, 7)).isEqualTo(0f);
    }

    @Test
    void invertSwapsTheMask() throws Exception {
        byte[] m = A1111Images.engineMask(leftRight(BufferedImage.TYPE_INT_RGB, 0xFFFFFFFF, 0xFF000000), true);
        assertThat(at(m, 0)).isEqualTo(0f);
        assertThat(at(m, 7)).isEqualTo(1f);
    }

    @Test
    void base64WithOrWithoutADataUrlPrefixDecodes() {
        String b64 = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
        assertThat(A1111Images.decode(b64, "init_images")).containsExactly(1, 2, 3);
        assertThat(A1111Images.decode("data:image/png;base64," + b64, "init_images")).containsExactly(1, 2, 3);
    }

    @Test
    void linksAreNotFetchedAndBadBase64NamesTheField() {
        assertThatThrownBy(() -> A1111Images.decode("http://169.254.169.254/latest", "init_images"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("init_images").contains("links"));
        assertThatThrownBy(() -> A1111Images.decode("not base64 at all!", "mask"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("'mask'").contains("base64"));
        assertThatThrownBy(() -> A1111Images.engineMask(new byte[] {1, 2, 3}, false))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).startsWith("'mask'"));
    }
}
