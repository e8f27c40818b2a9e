package dev.atelier.server.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files only the server's user may read: the data folder ({@code rwx------}) and the SQLite database with its
 * {@code -wal} and {@code -shm} files ({@code rw-------}), which hold the URL-signing and session secrets. Created
 * with those permissions; found looser (an older version, a copy), they are tightened with a log line. On file
 * systems without POSIX permissions nothing is changed.
 */
public final class PrivateFiles {
    private static final System.Logger LOG = System.getLogger(PrivateFiles.class.getName());
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /** Creates {@code dir} (and missing parents) as {@code rwx------}, or tightens it if it exists. */
    public static Path directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try {
                if (posix(parent)) Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
                else Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // created meanwhile by another process: tightened below
            }
        }
        tighten(dir);
        return dir;
    }

    /** Creates an empty {@code file} as {@code rw-------} if it is missing, else tightens it. */
    public static void file(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && posix(file.toAbsolutePath().getParent())) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            } catch (FileAlreadyExistsException e) {
                // created meanwhile: tightened below
            }
        }
        tighten(file);
    }

    /** Takes group and other permissions away from {@code path} if it exists and has any, and says so in the log. */
    public static void tighten(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) || !posix(path)) return;
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        var owner = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : now) if (p.name().startsWith("OWNER_")) owner.add(p);
        if (owner.equals(now)) return;
        Files.setPosixFilePermissions(path, owner);
        LOG.log(System.Logger.Level.WARNING, "{0} was {1}, open to other users, and holds server secrets: set to {2}", path,
                PosixFilePermissions.toString(now), PosixFilePermissions.toString(owner));
    }

    private static boolean posix(Path p) throws IOException {
        return p != null && Files.getFileStore(p).supportsFileAttributeView("posix");
    }
}
