package dev.atelier.engine.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads NumPy's {@code .npz} archives ({@code numpy.savez} and {@code savez_compressed}): a zip file, stored or
 * deflated, whose entries {@code name.npy} each hold one array.
 */
public final class Npz {
    private Npz() {
    }

    /**
     * Reads every {@code .npy} entry of {@code file}, keyed by its name without the {@code .npy} suffix, in
     * archive order. Entries with other suffixes are skipped.
     *
     * @throws NpyFormatException   if the archive or one of its arrays is corrupt (the message names both)
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Map<String, NpyArray> read(Path file) {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !name.endsWith(".npy")) continue;
                byte[] bytes;
                try (var in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                arrays.put(name.substring(0, name.length() - 4), Npy.parse(bytes, file + ": entry '" + name + "'"));
            }
        } catch (ZipException e) {
            throw new NpyFormatException(file + ": not a readable .npz (zip) archive: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return Collections.unmodifiableMap(arrays);
    }
}
