package dev.atelier.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    @TempDir
    Path dir;

    @Test
    void readsAReferenceSchedulerRun() {
        Map<String, NpyArray> run = Npz.read(Fixtures.schedulers().resolve("euler_4.npz"));

        assertThat(run.keySet()).containsExactly("timesteps", "sigmas", "init_noise_sigma", "model_inputs",
                "trajectory", "noise");
        assertThat(run.get("timesteps").data()).containsExactly(999, 666, 333, 0);
        assertThat(run.get("sigmas").data()[1]).isEqualTo(2.9183084964752197);
        assertThat(run.get("init_noise_sigma").shape()).isEmpty();
        assertThat(run.get("model_inputs").shape()).containsExactly(4, 1, 4, 8, 8);
        assertThat(run.get("noise").shape()).containsExactly(0);
        assertThat(run.get("noise").size()).isZero();
    }

    @Test
    void readsDeflatedAndStoredEntriesAlike() throws Exception {
        NpyArray a = NpyArray.ofFloats(new long[] {2, 2}, new float[] {1, 2, 3, 4});
        NpyArray empty = NpyArray.ofFloats(new long[] {0, 3}, new float[0]);
        Path file = dir.resolve("mixed.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            put(zip, "a.npy", Npy.toBytes(a), ZipEntry.DEFLATED);
            put(zip, "empty.npy", Npy.toBytes(empty), ZipEntry.DEFLATED);
            put(zip, "readme.txt", "not an array".getBytes(), ZipEntry.DEFLATED);
        }

        Map<String, NpyArray> arrays = Npz.read(file);

        assertThat(arrays.keySet()).containsExactly("a", "empty");
        assertThat(arrays.get("a").data()).containsExactly(1, 2, 3, 4);
        assertThat(arrays.get("empty").shape()).containsExactly(0, 3);
    }

    @Test
    void namesTheArchiveAndEntryOfACorruptArray() throws Exception {
        Path file = dir.resolve("bad.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            put(zip, "x.npy", new byte[] {1, 2, 3}, ZipEntry.DEFLATED);
        }
        assertThatThrownBy(() -> Npz.read(file)).hasMessageContaining("bad.npz").hasMessageContaining("x.npy");
    }

    @Test
    void rejectsAFileThatIsNotAZip() throws Exception {
        Path file = dir.resolve("plain.npz");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("plain text".getBytes());
        }
        assertThatThrownBy(() -> Npz.read(file)).isInstanceOf(NpyFormatException.class).hasMessageContaining("plain.npz");
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes, int method) throws Exception {
        zip.setMethod(method);
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
