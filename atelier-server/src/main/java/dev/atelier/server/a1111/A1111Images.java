package dev.atelier.server.a1111;

import dev.atelier.engine.image.PngEncoder;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.request.EditInputs;
import dev.atelier.engine.request.InvalidRequestException;
import dev.atelier.server.service.ApiException;
import java.util.Base64;
import java.util.Map;

/**
 * The pictures of an {@code img2img} request as AUTOMATIC1111 clients send them: base64 strings, optionally as
 * {@code data:image/png;base64,...} URLs. Links ({@code http://...}) are refused: the server fetches nothing on a
 * client's behalf.
 */
final class A1111Images {
    private A1111Images() {
    }

    /** The bytes of base64 {@code text} sent in {@code field}; a 422 names the field if it is not base64. */
    static byte[] decode(String text, String field) {
        String t = text.strip();
        if (t.startsWith("http://") || t.startsWith("https://")) {
            throw ApiException.invalid("'" + field + "' must be a base64 image; links are not fetched by this server", field);
        }
        if (t.startsWith("data:")) {
            int comma = t.indexOf(',');
            if (comma < 0) throw ApiException.invalid("'" + field + "' is a data URL without a comma before its base64 data", field);
            t = t.substring(comma + 1);
        }
        try {
            // line breaks are allowed (base64 -b 76); any other character that is not base64 is an error
            return Base64.getDecoder().decode(t.replaceAll("[\\r\\n ]", ""));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("'" + field + "' is not valid base64: " + e.getMessage(), field);
        }
    }

    /**
     * An A1111 mask turned into the engine's convention, as a greyscale PNG in which white marks the area to redraw
     * (what {@link EditInputs#mask} reads, here and in the worker). A1111 reads a mask with transparency by its alpha
     * (opaque = redraw), any other by its luminance (white = redraw), and rounds it at half grey; {@code invert}
     * ({@code inpainting_mask_invert} 1) swaps the two.
     */
    static byte[] engineMask(byte[] a1111Mask, boolean invert) {
        RgbImage m;
        try {
            m = EditInputs.image(a1111Mask, "mask");
        } catch (InvalidRequestException e) {
            throw ApiException.invalid("'mask' " + e.problem(), "mask");
        }
        int n = m.width() * m.height();
        boolean byAlpha = false;
        if (m.alpha() != null) {
            for (float a : m.alpha()) byAlpha |= a < 1f;
        }
        float[] grey = new float[n * 3];
        for (int p = 0; p < n; p++) {
            float[] px = m.pixels();
            // ITU-R 601-2 luma, as PIL's convert("L")
            float level = byAlpha ? m.alpha()[p] : 0.299f * px[p * 3] + 0.587f * px[p * 3 + 1] + 0.114f * px[p * 3 + 2];
            boolean redraw = level * 255f > 128f;
            float v = redraw != invert ? 1f : 0f;
            grey[p * 3] = grey[p * 3 + 1] = grey[p * 3 + 2] = v;
        }
        return PngEncoder.encode(new RgbImage(m.width(), m.height(), grey), Map.of());
    }
}
