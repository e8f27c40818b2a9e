package dev.atelier.server.spi;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Blobs as files under one folder: {@code yyyy/mm/dd/uuid.ext}, written to a temp file and moved in place. Symbolic
 * links under the folder are never followed: a key whose path has a link in it (planted to read or overwrite a
 * file elsewhere) is refused with an {@link IOException}. The folder itself may be a link; it is resolved once.
 */
public final class LocalBlobStore implements BlobStore {
    // Only keys of the shape newKey makes are resolved against the folder.
    private static final Pattern KEY = Pattern.compile("\\d{4}/\\d{2}/\\d{2}/[0-9a-f-]{36}\\.[a-z]{2,4}");

    private final Path root;

    public LocalBlobStore(Path root) throws IOException {
        this.root = Files.createDirectories(root).toRealPath();
    }

    @Override
    public String describe() {
        return "local folder " + root;
    }

    @Override
    public String newKey(String extension) {
        return datedKey(extension);
    }

    /** A fresh key {@code yyyy/mm/dd/uuid.ext} (UTC date): the shape every store's keys have, so stores can be swapped. */
    public static String datedKey(String extension) {
        var d = LocalDate.now(ZoneOffset.UTC);
        return String.format("%04d/%02d/%02d/%s.%s", d.getYear(), d.getMonthValue(), d.getDayOfMonth(),
                UUID.randomUUID(), extension);
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        Path file = resolve(key);
        noLinks(file.getParent());
        Files.createDirectories(file.getParent());
        noLinks(file);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        Path file = resolve(key);
        noLinks(file);
        try (var in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(in.readAllBytes());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Path file = resolve(key);
        noLinks(file);
        Files.deleteIfExists(file);
    }

    private Path resolve(String key) {
        if (!KEY.matcher(key).matches()) throw new IllegalArgumentException("not a blob key: " + key);
        return root.resolve(key);
    }

    // refuses a path with a symbolic link in any existing component below the root (the last one included)
    private void noLinks(Path path) throws IOException {
        Path p = root;
        for (Path part : root.relativize(path)) {
            p = p.resolve(part);
            if (Files.isSymbolicLink(p)) {
                throw new FileSystemException(p.toString(), null, "is a symbolic link; the image store does not follow links");
            }
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        }
    }
}
