package dev.atelier.safety.c2pa;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * JPEG carries the manifest store in consecutive APP11 marker segments as JPEG XT boxes (ISO/IEC 19566-5, C2PA
 * specification "Embedding manifests into assets: JPEG"): each segment holds {@code CI = "JP"}, a box instance number
 * {@code En}, a sequence number {@code Z} from 1, then the superbox; continuation segments repeat the superbox's
 * LBox and TBox before the next part of its payload. The segments go after SOI and any APP0 (JFIF), and the data hash
 * excludes all of them, markers included.
 */
record JpegContainer() implements Container {
    private static final int SOI = 0xD8;
    private static final int APP0 = 0xE0;
    private static final int APP11 = 0xEB;
    private static final int SOS = 0xDA;
    private static final short INSTANCE = 0x0211;
    // A segment's length field counts itself (2), CI (2), En (2), Z (4) and the repeated LBox/TBox (8).
    private static final int MAX_PART = 0xFFFF - 2 - 2 - 2 - 4 - 8;

    static boolean matches(byte[] file) {
        return file.length >= 4 && (file[0] & 0xff) == 0xFF && (file[1] & 0xff) == SOI;
    }

    @Override
    public int insertionPoint(byte[] image) {
        if (!matches(image)) throw new IllegalArgumentException("not a JPEG (no SOI marker)");
        if (find(image).isPresent()) throw new IllegalArgumentException("the JPEG already has content credentials (APP11 JUMBF)");
        int at = 2;
        while (at + 4 <= image.length && (image[at] & 0xff) == 0xFF && (image[at + 1] & 0xff) == APP0) {
            at += 2 + segmentLength(image, at);
        }
        return at;
    }

    @Override
    public byte[] wrap(byte[] store) {
        byte[] boxHeader = Arrays.copyOf(store, 8);
        var out = new ByteArrayOutputStream(store.length + 64);
        int at = 0;
        for (int z = 1; at < store.length; z++) {
            // The first segment's part starts with the box header itself; later ones repeat it.
            int part = Math.min(z == 1 ? MAX_PART + 8 : MAX_PART, store.length - at);
            int length = 2 + 2 + 2 + 4 + (z == 1 ? 0 : 8) + part;
            out.write(0xFF);
            out.write(APP11);
            out.writeBytes(ByteBuffer.allocate(10).putShort((short) length).put((byte) 'J').put((byte) 'P')
                    .putShort(INSTANCE).putInt(z).array());
            if (z > 1) out.writeBytes(boxHeader);
            out.write(store, at, part);
            at += part;
        }
        return out.toByteArray();
    }

    @Override
    public Optional<Embedded> find(byte[] file) {
        if (!matches(file)) return Optional.empty();
        var store = new ByteArrayOutputStream();
        long start = -1;
        long end = -1;
        int instance = -1;
        int at = 2;
        while (at + 4 <= file.length && (file[at] & 0xff) == 0xFF) {
            int marker = file[at + 1] & 0xff;
            if (marker == SOS) break;
            int length = segmentLength(file, at);
            if (length < 2 || at + 2 + length > file.length) break;
            if (marker == APP11 && length > 2 + 2 + 2 + 4 + 8 && file[at + 4] == 'J' && file[at + 5] == 'P') {
                int en = ByteBuffer.wrap(file, at + 6, 2).getShort() & 0xffff;
                int body = at + 2 + 2 + 2 + 2 + 4;
                int bodyEnd = at + 2 + length;
                if (start < 0 && isManifestStore(file, body, bodyEnd)) {
                    start = at;
                    instance = en;
                    store.write(file, body, bodyEnd - body);
                    end = bodyEnd;
                } else if (start >= 0 && en == instance && end == at) {
                    store.write(file, body + 8, bodyEnd - body - 8);
                    end = bodyEnd;
                }
            }
            at += 2 + length;
        }
        return start < 0 ? Optional.empty() : Optional.of(new Embedded(store.toByteArray(), start, end - start));
    }

    // A superbox whose description's type UUID starts with "c2pa": LBox, "jumb", LBox, "jumd", "c2pa"...
    private static boolean isManifestStore(byte[] file, int at, int end) {
        return end - at >= 20 && new String(file, at + 4, 4, StandardCharsets.ISO_8859_1).equals("jumb")
                && new String(file, at + 12, 8, StandardCharsets.ISO_8859_1).equals("jumd" + Jumbf.MANIFEST_STORE);
    }

    private static int segmentLength(byte[] file, int at) {
        return ByteBuffer.wrap(file, at + 2, 2).getShort() & 0xffff;
    }
}
