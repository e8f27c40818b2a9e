package dev.atelier.cli;

/** Parses {@code --size WxH} and {@code --width/--height}. */
final class Sizes {
    private Sizes() {
    }

    static int[] resolve(String size, Integer width, Integer height, int modelDefault) {
        if (size != null && (width != null || height != null)) {
            throw new IllegalArgumentException("give either --size or --width/--height, not both");
        }
        int w = modelDefault;
        int h = modelDefault;
        if (size != null) {
            String[] parts = size.trim().toLowerCase(java.util.Locale.ROOT).split("x");
            if (parts.length != 2) throw new IllegalArgumentException("--size must look like 512x512, got '" + size + "'");
            try {
                w = Integer.parseInt(parts[0].trim());
                h = Integer.parseInt(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--size must look like 512x512, got '" + size + "'");
            }
        }
        if (width != null) w = width;
        if (height != null) h = height;
        check("width", w);
        check("height", h);
        return new int[] {w, h};
    }

    private static void check(String what, int v) {
        if (v < 8 || v % 8 != 0) throw new IllegalArgumentException(what + " must be a positive multiple of 8, got " + v);
        if (v > 4096) throw new IllegalArgumentException(what + " must be at most 4096, got " + v);
    }
}
