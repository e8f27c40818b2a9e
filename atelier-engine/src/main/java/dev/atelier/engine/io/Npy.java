package dev.atelier.engine.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy's {@code .npy} format (format versions 1.0, 2.0 and 3.0, as described in NumPy's
 * {@code numpy.lib.format} documentation): a magic string, a little-endian header length, a Python-literal
 * header dict with {@code descr}, {@code fortran_order} and {@code shape}, then the raw values.
 *
 * <p>Readable dtypes: {@code f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 b1} in either byte order, C (row-major) order
 * only. Written arrays are little-endian float32 ({@code <f4}), format 1.0.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Reads a {@code .npy} file; errors name the file and what is wrong with it. */
    public static NpyArray read(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code array} as little-endian float32, overwriting {@code file}. */
    public static void write(Path file, NpyArray array) {
        try {
            Files.write(file, toBytes(array));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the bytes of a {@code .npy} file; {@code source} names it in errors. */
    public static NpyArray parse(byte[] bytes, String source) {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new NpyFormatException(source + ": not a .npy file (bad magic string)");
        }
        int major = bytes[6];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int headerStart;
        switch (major) {
            case 1 -> { headerLength = buf.getShort(8) & 0xFFFF; headerStart = 10; }
            case 2, 3 -> {
                if (bytes.length < 12) throw new NpyFormatException(source + ": truncated header");
                headerLength = buf.getInt(8) & 0xFFFFFFFFL;
                headerStart = 12;
            }
            default -> throw new NpyFormatException(source + ": unsupported .npy format version " + major);
        }
        if (headerStart + headerLength > bytes.length) {
            throw new NpyFormatException(source + ": header length " + headerLength + " runs past the end of the file");
        }
        String header = new String(bytes, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, "descr", source);
        if (group(FORTRAN, header, "fortran_order", source).equals("True")) {
            throw new NpyFormatException(source + ": Fortran-order arrays are not supported (save with C order)");
        }
        long[] shape = parseShape(group(SHAPE, header, "shape", source), source);
        NpyDtype.Typed dtype = NpyDtype.parse(descr, source);
        long count = 1;
        for (long d : shape) count = Math.multiplyExact(count, d);
        int dataStart = headerStart + (int) headerLength;
        long needed = count * dtype.size();
        if (bytes.length - dataStart < needed) {
            throw new NpyFormatException(source + ": shape " + Arrays.toString(shape) + " of " + descr + " needs "
                    + needed + " data bytes, file has " + (bytes.length - dataStart));
        }
        if (count > Integer.MAX_VALUE - 8) throw new NpyFormatException(source + ": array too large: " + count);
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) needed).slice().order(dtype.order());
        double[] values = new double[(int) count];
        for (int i = 0; i < values.length; i++) values[i] = dtype.get(data, i);
        return new NpyArray(shape, values);
    }

    /** The bytes of {@code array} as a format-1.0 little-endian float32 {@code .npy} file. */
    public static byte[] toBytes(NpyArray array) {
        StringBuilder shape = new StringBuilder("(");
        long[] dims = array.shape();
        for (int i = 0; i < dims.length; i++) shape.append(i == 0 ? "" : ", ").append(dims[i]);
        if (dims.length == 1) shape.append(',');
        shape.append(')');
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        // NumPy pads the header with spaces so that the data starts on a 64-byte boundary, ending it with '\n'.
        int unpadded = MAGIC.length + 4 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + 4 * array.size())
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        out.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (double v : array.data()) out.putFloat((float) v);
        return out.array();
    }

    private static String group(Pattern p, String header, String key, String source) {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new NpyFormatException(source + ": header has no '" + key + "': " + header.strip());
        return m.group(1);
    }

    private static long[] parseShape(String text, String source) {
        String[] parts = text.split(",");
        return Arrays.stream(parts).map(String::strip).filter(s -> !s.isEmpty()).mapToLong(s -> {
            try {
                long d = Long.parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
                if (d < 0) throw new NumberFormatException();
                return d;
            } catch (NumberFormatException e) {
                throw new NpyFormatException(source + ": bad dimension '" + s + "' in shape (" + text + ")");
            }
        }).toArray();
    }
}
