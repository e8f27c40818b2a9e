package dev.atelier.safety.c2pa;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * PNG carries the manifest store in one {@code caBX} chunk right after {@code IHDR} (C2PA specification, "Embedding
 * manifests into assets: PNG"); the data hash excludes the whole chunk, its length, type and CRC included.
 */
record PngContainer() implements Container {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final String CHUNK = "caBX";
    private static final int AFTER_IHDR = 8 + 4 + 4 + 13 + 4;

    static boolean matches(byte[] file) {
        return file.length >= SIGNATURE.length && Arrays.equals(file, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length);
    }

    @Override
    public int insertionPoint(byte[] image) {
        if (!matches(image) || image.length < AFTER_IHDR || !type(image, 12).equals("IHDR")) {
            throw new IllegalArgumentException("not a PNG with IHDR first");
        }
        if (find(image).isPresent()) throw new IllegalArgumentException("the PNG already has content credentials (a caBX chunk)");
        return AFTER_IHDR;
    }

    @Override
    public byte[] wrap(byte[] store) {
        var crc = new CRC32();
        crc.update(CHUNK.getBytes(StandardCharsets.US_ASCII));
        crc.update(store);
        var out = new ByteArrayOutputStream(store.length + 12);
        out.writeBytes(ByteBuffer.allocate(4).putInt(store.length).array());
        out.writeBytes(CHUNK.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(store);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return out.toByteArray();
    }

    @Override
    public Optional<Embedded> find(byte[] file) {
        if (!matches(file)) return Optional.empty();
        int at = SIGNATURE.length;
        while (at + 12 <= file.length) {
            long length = Integer.toUnsignedLong(ByteBuffer.wrap(file, at, 4).getInt());
            if (length > file.length - at - 12) return Optional.empty();
            String type = type(file, at + 4);
            if (type.equals(CHUNK)) {
                byte[] store = Arrays.copyOfRange(file, at + 8, at + 8 + (int) length);
                return Optional.of(new Embedded(store, at, length + 12));
            }
            if (type.equals("IEND")) break;
            at += 12 + (int) length;
        }
        return Optional.empty();
    }

    private static String type(byte[] file, int at) {
        return new String(file, at, 4, StandardCharsets.ISO_8859_1);
    }
}
