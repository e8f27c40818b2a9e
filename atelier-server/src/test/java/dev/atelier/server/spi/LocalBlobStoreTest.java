package dev.atelier.server.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local image store on a real folder: round trips, and planted symbolic links are never followed. */
class LocalBlobStoreTest {
    static final String KEY = "2026/01/02/0b4f7f4e-2f43-4c57-9a55-6d3c1f2a9b10.png";
    static final byte[] SECRET = "not an image".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void storesReadsAndDeletesByKey() throws IOException {
        var store = new LocalBlobStore(dir.resolve("images"));
        String key = store.newKey("png");
        store.put(key, new byte[] {1, 2, 3});
        assertThat(store.get(key)).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
        store.delete(key);
        assertThat(store.get(key)).isEmpty();
    }

    @Test
    void aSymlinkedFolderUnderTheRootIsNeitherReadNorWrittenThrough() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside/02"));
        Files.write(outside.resolve(KEY.substring(KEY.lastIndexOf('/') + 1)), SECRET);
        Path images = Files.createDirectories(dir.resolve("images/2026/01"));
        Files.createSymbolicLink(images.resolve("02"), outside);
        var store = new LocalBlobStore(dir.resolve("images"));

        assertThatThrownBy(() -> store.get(KEY)).isInstanceOf(IOException.class).hasMessageContaining("symbolic link");
        String other = KEY.replace("0b4f", "1b4f");
        assertThatThrownBy(() -> store.put(other, new byte[] {9})).isInstanceOf(IOException.class).hasMessageContaining("symbolic link");
        assertThat(Files.list(outside)).hasSize(1);
        assertThatThrownBy(() -> store.delete(KEY)).isInstanceOf(IOException.class);
        assertThat(Files.readAllBytes(outside.resolve(KEY.substring(KEY.lastIndexOf('/') + 1)))).isEqualTo(SECRET);
    }

    @Test
    void aSymlinkedImageFileIsNotRead() throws IOException {
        Path secret = Files.write(dir.resolve("secret.txt"), SECRET);
        var store = new LocalBlobStore(dir.resolve("images"));
        Path file = Files.createDirectories(dir.resolve("images/2026/01/02")).resolve(KEY.substring(KEY.lastIndexOf('/') + 1));
        Files.createSymbolicLink(file, secret);
        assertThatThrownBy(() -> store.get(KEY)).isInstanceOf(IOException.class).hasMessageContaining("symbolic link");
    }

    @Test
    void theRootItselfMayBeALink() throws IOException {
        Path real = Files.createDirectories(dir.resolve("big-disk/images"));
        Path link = Files.createSymbolicLink(dir.resolve("images"), real);
        var store = new LocalBlobStore(link);
        String key = store.newKey("png");
        store.put(key, new byte[] {7});
        assertThat(Files.exists(real.resolve(key))).isTrue();
        assertThat(store.get(key)).isPresent();
    }
}
