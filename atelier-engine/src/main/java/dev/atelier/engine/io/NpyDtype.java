package dev.atelier.engine.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The element types {@link Npy} reads, from a NumPy {@code descr} string such as {@code <f4} or {@code |b1}. */
enum NpyDtype {
    F2('f', 2), F4('f', 4), F8('f', 8),
    I1('i', 1), I2('i', 2), I4('i', 4), I8('i', 8),
    U1('u', 1), U2('u', 2), U4('u', 4),
    B1('b', 1);

    private final char kind;
    private final int size;

    NpyDtype(char kind, int size) {
        this.kind = kind;
        this.size = size;
    }

    /** Parses {@code descr}; big-endian types are read as well. */
    static Typed parse(String descr, String source) {
        if (descr.length() >= 3) {
            char byteOrder = descr.charAt(0);
            char kind = descr.charAt(1);
            String digits = descr.substring(2);
            ByteOrder order = switch (byteOrder) {
                case '<', '|', '=' -> ByteOrder.LITTLE_ENDIAN;
                case '>' -> ByteOrder.BIG_ENDIAN;
                default -> null;
            };
            if (order != null && digits.chars().allMatch(Character::isDigit)) {
                int size = Integer.parseInt(digits);
                for (NpyDtype t : values()) {
                    if (t.kind == kind && t.size == size) return new Typed(t, order);
                }
            }
        }
        throw new NpyFormatException(source + ": unsupported dtype '" + descr
                + "'; supported: f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 b1 (either byte order)");
    }

    /** A dtype with its byte order. */
    record Typed(NpyDtype type, ByteOrder order) {
        int size() {
            return type.size;
        }

        /** Element {@code i} of {@code data} (positioned at the first element) as a double. */
        double get(ByteBuffer data, int i) {
            int at = i * type.size;
            return switch (type) {
                case F2 -> Float.float16ToFloat(data.getShort(at));
                case F4 -> data.getFloat(at);
                case F8 -> data.getDouble(at);
                case I1 -> data.get(at);
                case I2 -> data.getShort(at);
                case I4 -> data.getInt(at);
                case I8 -> data.getLong(at);
                case U1 -> data.get(at) & 0xFF;
                case U2 -> data.getShort(at) & 0xFFFF;
                case U4 -> data.getInt(at) & 0xFFFFFFFFL;
                case B1 -> data.get(at) != 0 ? 1 : 0;
            };
        }
    }
}
