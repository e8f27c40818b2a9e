package dev.atelier.safety.c2pa;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * JUMBF boxes (ISO/IEC 19566-5) as C2PA uses them: a superbox ({@code jumb}) starts with a description box
 * ({@code jumd}: a type UUID, toggles, a label) followed by content boxes or further superboxes. C2PA's type UUIDs
 * are four ASCII letters followed by {@code 0011-0010-8000-00AA00389B71} (C2PA specification, "JUMBF type UUIDs").
 */
final class Jumbf {
    /** Superbox kinds (the letters of their type UUID). */
    static final String MANIFEST_STORE = "c2pa";
    static final String MANIFEST = "c2ma";
    static final String ASSERTION_STORE = "c2as";
    static final String CLAIM = "c2cl";
    static final String SIGNATURE = "c2cs";
    static final String CBOR = "cbor";

    private static final byte[] C2PA_UUID_SUFFIX = HexFormat.of().parseHex("00110010800000AA00389B71");
    private static final int REQUESTABLE_AND_LABELLED = 0x03;

    private Jumbf() {
    }

    /** A superbox of kind {@code kind} labelled {@code label} holding the given boxes (already written). */
    static byte[] superBox(String kind, String label, byte[]... children) {
        var description = new ByteArrayOutputStream();
        description.writeBytes(kind.getBytes(StandardCharsets.US_ASCII));
        description.writeBytes(C2PA_UUID_SUFFIX);
        description.write(REQUESTABLE_AND_LABELLED);
        description.writeBytes(label.getBytes(StandardCharsets.UTF_8));
        description.write(0);
        var payload = new ByteArrayOutputStream();
        payload.writeBytes(box("jumd", description.toByteArray()));
        for (byte[] child : children) payload.writeBytes(child);
        return box("jumb", payload.toByteArray());
    }

    /** A plain box: 4-byte big-endian length (header included), 4-letter type, payload. */
    static byte[] box(String type, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length).putInt(8 + payload.length)
                .put(type.getBytes(StandardCharsets.US_ASCII)).put(payload).array();
    }

    /**
     * A parsed superbox.
     *
     * @param kind     the four letters of its type UUID (e.g. {@code c2ma}), or its UUID in hex for a non-C2PA type
     * @param label    its label ("" when it has none)
     * @param payload  its bytes after the {@code jumb} header: what C2PA hashes for an assertion
     * @param boxes    nested superboxes, in order
     * @param contents content boxes (type and payload), in order
     */
    record SuperBox(String kind, String label, byte[] payload, List<SuperBox> boxes, List<Content> contents) {
        /** The nested superbox labelled {@code label}, or null. */
        SuperBox child(String label) {
            return boxes.stream().filter(b -> b.label.equals(label)).findFirst().orElse(null);
        }

        /** The first content box of type {@code type}, or null. */
        byte[] content(String type) {
            return contents.stream().filter(c -> c.type.equals(type)).map(Content::data).findFirst().orElse(null);
        }
    }

    /** A content box. */
    record Content(String type, byte[] data) {
    }

    /**
     * Parses one superbox that fills {@code data}.
     *
     * @throws IllegalArgumentException where the bytes are not a well-formed JUMBF superbox
     */
    static SuperBox parse(byte[] data) {
        List<Raw> top = boxes(data, 0, data.length);
        if (top.size() != 1 || !top.getFirst().type.equals("jumb")) throw new IllegalArgumentException("not a JUMBF superbox");
        return superBox(data, top.getFirst());
    }

    private record Raw(String type, int start, int end) {
    }

    private static SuperBox superBox(byte[] data, Raw jumb) {
        List<Raw> children = boxes(data, jumb.start, jumb.end);
        if (children.isEmpty() || !children.getFirst().type.equals("jumd")) {
            throw new IllegalArgumentException("superbox without a description box");
        }
        Raw d = children.getFirst();
        if (d.end - d.start < 17) throw new IllegalArgumentException("description box too short");
        String kind = Arrays.equals(data, d.start + 4, d.start + 16, C2PA_UUID_SUFFIX, 0, 12)
                ? new String(data, d.start, 4, StandardCharsets.ISO_8859_1)
                : HexFormat.of().formatHex(data, d.start, d.start + 16);
        int toggles = data[d.start + 16] & 0xff;
        String label = "";
        if ((toggles & 0x02) != 0) {
            int end = d.start + 17;
            while (end < d.end && data[end] != 0) end++;
            label = new String(data, d.start + 17, end - d.start - 17, StandardCharsets.UTF_8);
        }
        var boxes = new ArrayList<SuperBox>();
        var contents = new ArrayList<Content>();
        for (Raw child : children.subList(1, children.size())) {
            if (child.type.equals("jumb")) boxes.add(superBox(data, child));
            else contents.add(new Content(child.type, Arrays.copyOfRange(data, child.start, child.end)));
        }
        byte[] payload = Arrays.copyOfRange(data, jumb.start, jumb.end);
        return new SuperBox(kind, label, payload, List.copyOf(boxes), List.copyOf(contents));
    }

    // The boxes laid end to end in data[from, to): each one's type and payload range.
    private static List<Raw> boxes(byte[] data, int from, int to) {
        var out = new ArrayList<Raw>();
        int at = from;
        while (at < to) {
            if (to - at < 8) throw new IllegalArgumentException("truncated box header at " + at);
            var b = ByteBuffer.wrap(data, at, to - at);
            long length = Integer.toUnsignedLong(b.getInt());
            String type = new String(data, at + 4, 4, StandardCharsets.ISO_8859_1);
            int header = 8;
            if (length == 1) {
                if (to - at < 16) throw new IllegalArgumentException("truncated extended box length at " + at);
                length = b.getLong();
                header = 16;
            } else if (length == 0) {
                length = to - at;
            }
            if (length < header || length > to - at) {
                throw new IllegalArgumentException("box '" + type + "' at " + at + " has length " + length + ", " + (to - at) + " bytes left");
            }
            out.add(new Raw(type, at + header, at + (int) length));
            at += (int) length;
        }
        return out;
    }
}
