package dev.atelier.engine.library;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * A reference sprite: {@link #SIZE} x {@link #SIZE} pixels of 8-bit straight-alpha RGBA, row-major
 * ({@code // [64, 64, 4]}).
 */
public final class Sprite {
    /** The side of every library sprite in pixels. */
    public static final int SIZE = 64;
    /** Bytes of one sprite. */
    public static final int BYTES = SIZE * SIZE * 4;

    private final byte[] rgba;

    /** Wraps a copy of {@code rgba}, which must hold {@link #BYTES} values. */
    public Sprite(byte[] rgba) {
        if (rgba.length != BYTES) throw new IllegalArgumentException("a sprite is " + BYTES + " RGBA bytes, got " + rgba.length);
        this.rgba = rgba.clone();
    }

    /** A copy of the RGBA bytes. */
    public byte[] rgba() {
        return rgba.clone();
    }

    /** Channel {@code c} (0 red, 1 green, 2 blue, 3 alpha) at pixel (x, y), 0..255. */
    public int channel(int x, int y, int c) {
        return rgba[(y * SIZE + x) * 4 + c] & 0xFF;
    }

    /** The sprite as a non-premultiplied ARGB image. */
    public BufferedImage toImage() {
        var image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_4BYTE_ABGR);
        int[] px = new int[BYTES];
        for (int i = 0; i < BYTES; i++) px[i] = rgba[i] & 0xFF;
        image.getRaster().setPixels(0, 0, SIZE, SIZE, px);
        return image;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sprite s && Arrays.equals(rgba, s.rgba);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rgba);
    }
}
