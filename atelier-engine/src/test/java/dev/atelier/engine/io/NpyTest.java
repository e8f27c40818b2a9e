package dev.atelier.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void readsTheReferenceStartSample() {
        NpyArray x0 = Npy.read(Fixtures.schedulers().resolve("x0.npy"));

        assertThat(x0.shape()).containsExactly(1, 4, 8, 8);
        assertThat(x0.data()[0]).isEqualTo((double) 1.6905256509780884f);
        assertThat(x0.data()[1]).isEqualTo((double) -0.46593737602233887f);
        assertThat(x0.data()[255]).isEqualTo((double) 0.9757826328277588f);
    }

    @Test
    void roundTripsFloat32OfAnyRank() {
        for (long[] shape : new long[][] {{}, {3}, {2, 3}, {1, 4, 2, 2}, {0}, {2, 0, 3}}) {
            int n = 1;
            for (long d : shape) n *= (int) d;
            float[] values = new float[n];
            for (int i = 0; i < n; i++) values[i] = (float) Math.sin(i) * 1e3f;
            Path file = dir.resolve("a.npy");
            Npy.write(file, NpyArray.ofFloats(shape, values));

            NpyArray back = Npy.read(file);

            assertThat(back.shape()).containsExactly(shape);
            assertThat(back.toFloats()).containsExactly(values);
        }
    }

    @Test
    void writesAHeaderNumPyAccepts() throws Exception {
        Path file = dir.resolve("h.npy");
        Npy.write(file, NpyArray.ofFloats(new long[] {5}, new float[5]));
        byte[] bytes = Files.readAllBytes(file);
        int headerLength = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);

        assertThat((10 + headerLength) % 64).isZero();
        assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }").endsWith("\n");
    }

    @Test
    void readsIntegerBooleanAndDoubleDtypes() {
        assertThat(parse("<i4", "(3,)", le(4).putInt(1).putInt(-2).putInt(7)).data()).containsExactly(1, -2, 7);
        assertThat(parse("<i8", "(2,)", le(8).putLong(1L << 40).putLong(-5)).data()).containsExactly(0x1p40, -5);
        assertThat(parse("|u1", "(2,)", le(1).put((byte) 255).put((byte) 3)).data()).containsExactly(255, 3);
        assertThat(parse("|b1", "(2,)", le(1).put((byte) 1).put((byte) 0)).data()).containsExactly(1, 0);
        assertThat(parse("<f8", "()", le(8).putDouble(0.1)).data()).containsExactly(0.1);
        assertThat(parse(">f4", "(1,)", ByteBuffer.allocate(4).putFloat(2.5f)).data()).containsExactly(2.5);
    }

    @Test
    void rejectsFortranOrderNamingTheFile() {
        byte[] bytes = npy("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", le(4).putFloat(1));
        assertThatThrownBy(() -> Npy.parse(bytes, "weights.npy"))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining("weights.npy").hasMessageContaining("Fortran");
    }

    @Test
    void rejectsUnsupportedDtypeListingSupportedOnes() {
        byte[] bytes = npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", le(8).putDouble(0));
        assertThatThrownBy(() -> Npy.parse(bytes, "z.npy"))
                .hasMessageContaining("z.npy").hasMessageContaining("'<c8'").hasMessageContaining("f4");
    }

    @Test
    void rejectsCorruptFiles() {
        assertThatThrownBy(() -> Npy.parse("hello world".getBytes(StandardCharsets.US_ASCII), "t.npy"))
                .hasMessageContaining("t.npy").hasMessageContaining("magic");
        byte[] shortData = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", le(4).putFloat(1));
        assertThatThrownBy(() -> Npy.parse(shortData, "s.npy")).hasMessageContaining("s.npy").hasMessageContaining("16");
        byte[] noShape = npy("{'descr': '<f4', 'fortran_order': False}", le(4));
        assertThatThrownBy(() -> Npy.parse(noShape, "n.npy")).hasMessageContaining("'shape'");
    }

    private static NpyArray parse(String descr, String shape, ByteBuffer data) {
        return Npy.parse(npy("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }", data), "t");
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size * 3).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] npy(String dict, ByteBuffer data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String header = dict + "\n";
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.write(data.array(), 0, data.position());
        return out.toByteArray();
    }
}
