package dev.atelier.safety.c2pa;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * WebP carries the manifest store in a {@code C2PA} RIFF chunk (C2PA specification, "Embedding manifests into assets:
 * RIFF"), placed last among the top-level chunks as the reference implementation places it. Only the extended format
 * (a {@code VP8X} chunk first) may hold chunks besides the image (WebP container specification), so a simple-format
 * file, a lone {@code VP8 } or {@code VP8L} chunk, first gets a {@code VP8X} with its canvas size and alpha flag. The
 * RIFF header's size field counts the new chunk, and the data hash covers that field: it is hashed as it will read
 * once the chunk is in. The signer keeps the store's length even ({@link #storeAlignment}), so the chunk needs no pad
 * byte and the exclusion is exactly the chunk, header included, as the reference implementation expects it.
 */
record WebpContainer() implements Container {
    private static final String CHUNK = "C2PA";
    private static final int HEADER = 12;
    private static final int VP8X_SIZE = 10;
    private static final int ALPHA_FLAG = 0x10;

    static boolean matches(byte[] file) {
        return file.length >= HEADER && tag(file, 0).equals("RIFF") && tag(file, 8).equals("WEBP");
    }

    @Override
    public byte[] prepare(byte[] image) {
        checkRiff(image);
        String first = tag(image, HEADER);
        if (first.equals("VP8X")) return image;
        byte[] canvas = switch (first) {
            case "VP8L" -> losslessCanvas(image, HEADER + 8);
            case "VP8 " -> lossyCanvas(image, HEADER + 8);
            default -> throw new IllegalArgumentException("not a WebP: its first chunk is '" + first + "', not VP8X, VP8 or VP8L");
        };
        var out = new ByteArrayOutputStream(image.length + 8 + VP8X_SIZE);
        out.writeBytes(Arrays.copyOf(image, HEADER));
        out.writeBytes("VP8X".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le(VP8X_SIZE));
        out.writeBytes(canvas);
        out.write(image, HEADER, image.length - HEADER);
        return withRiffSize(out.toByteArray(), image.length + 8 + VP8X_SIZE);
    }

    @Override
    public int insertionPoint(byte[] image) {
        checkRiff(image);
        if (!tag(image, HEADER).equals("VP8X")) throw new IllegalArgumentException("not an extended-format WebP (no VP8X chunk first)");
        if (find(image).isPresent()) throw new IllegalArgumentException("the WebP already has content credentials (a C2PA chunk)");
        return image.length;
    }

    @Override
    public byte[] dataHash(byte[] image, int at, long length) {
        MessageDigest digest = Manifests.sha256();
        digest.update(image, 0, 4);
        digest.update(le(Math.toIntExact(image.length + length - 8)));
        digest.update(image, 8, image.length - 8);
        return digest.digest();
    }

    @Override
    public byte[] insert(byte[] image, int at, byte[] manifest) {
        return withRiffSize(Container.super.insert(image, at, manifest), image.length + manifest.length);
    }

    @Override
    public int storeAlignment() {
        return 2;
    }

    @Override
    public byte[] wrap(byte[] store) {
        var out = new ByteArrayOutputStream(store.length + 9);
        out.writeBytes(CHUNK.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le(store.length));
        out.writeBytes(store);
        if (store.length % 2 == 1) out.write(0);
        return out.toByteArray();
    }

    @Override
    public Optional<Embedded> find(byte[] file) {
        if (!matches(file)) return Optional.empty();
        long end = Math.min(file.length, 8 + riffSize(file));
        long at = HEADER;
        while (at + 8 <= end) {
            long size = Integer.toUnsignedLong(ByteBuffer.wrap(file, (int) at + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
            if (size > end - at - 8) return Optional.empty();
            long padded = size + (size & 1);
            if (tag(file, (int) at).equals(CHUNK)) {
                byte[] store = Arrays.copyOfRange(file, (int) at + 8, (int) (at + 8 + size));
                // header and store, not an odd store's pad byte: where c2pa-rs locates the manifest
                return Optional.of(new Embedded(store, at, 8 + size));
            }
            at += 8 + padded;
        }
        return Optional.empty();
    }

    // VP8X payload: flags, 3 reserved bytes, canvas width − 1 and height − 1 as 24-bit little-endian numbers.
    private static byte[] vp8x(int flags, int width, int height) {
        return ByteBuffer.allocate(VP8X_SIZE).order(ByteOrder.LITTLE_ENDIAN).putInt(flags)
                .put(le24(width - 1)).put(le24(height - 1)).array();
    }

    // VP8L: signature 0x2f, then 14 bits width − 1, 14 bits height − 1, 1 bit alpha_is_used (little-endian).
    private static byte[] losslessCanvas(byte[] image, int data) {
        if (image.length < data + 5 || image[data] != 0x2f) throw new IllegalArgumentException("WebP VP8L chunk has no lossless signature");
        int bits = ByteBuffer.wrap(image, data + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        boolean alpha = (bits >>> 28 & 1) == 1;
        return vp8x(alpha ? ALPHA_FLAG : 0, 1 + (bits & 0x3fff), 1 + (bits >>> 14 & 0x3fff));
    }

    // VP8 key frame: 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height (little-endian 16-bit words).
    private static byte[] lossyCanvas(byte[] image, int data) {
        if (image.length < data + 10 || (image[data + 3] & 0xff) != 0x9d || image[data + 4] != 0x01 || image[data + 5] != 0x2a) {
            throw new IllegalArgumentException("WebP VP8 chunk has no key-frame start code");
        }
        var words = ByteBuffer.wrap(image, data + 6, 4).order(ByteOrder.LITTLE_ENDIAN);
        return vp8x(0, words.getShort() & 0x3fff, words.getShort() & 0x3fff);
    }

    private static void checkRiff(byte[] image) {
        if (!matches(image) || image.length < HEADER + 8) throw new IllegalArgumentException("not a WebP (no RIFF/WEBP header)");
        if (riffSize(image) != image.length - 8) {
            throw new IllegalArgumentException("WebP RIFF size " + riffSize(image) + " does not match the file's " + image.length + " bytes");
        }
    }

    private static long riffSize(byte[] file) {
        return Integer.toUnsignedLong(ByteBuffer.wrap(file, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
    }

    private static byte[] withRiffSize(byte[] file, long length) {
        System.arraycopy(le(Math.toIntExact(length - 8)), 0, file, 4, 4);
        return file;
    }

    private static byte[] le(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    private static byte[] le24(int value) {
        return new byte[]{(byte) value, (byte) (value >>> 8), (byte) (value >>> 16)};
    }

    private static String tag(byte[] file, int at) {
        return new String(file, at, 4, StandardCharsets.ISO_8859_1);
    }
}
