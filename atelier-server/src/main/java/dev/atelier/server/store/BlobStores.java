package dev.atelier.server.store;

import dev.atelier.server.spi.BlobStore;
import dev.atelier.server.spi.BlobStoreChoice;
import dev.atelier.server.spi.LocalBlobStore;
import dev.atelier.server.spi.S3BlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the blob store a configuration chose; the one place each {@link BlobStoreChoice} becomes a store. */
public final class BlobStores {
    private BlobStores() {
    }

    /**
     * @param images the local images folder ({@code dataDir/images}): the local store's, and where the database store
     *               still finds images written before the switch
     */
    public static BlobStore open(BlobStoreChoice choice, Database db, Path images) throws IOException {
        return switch (choice) {
            case BlobStoreChoice.Local l -> new LocalBlobStore(images);
            case BlobStoreChoice.InDatabase d -> new DatabaseBlobStore(db, Files.isDirectory(images) ? new LocalBlobStore(images) : null);
            case BlobStoreChoice.S3 s -> new S3BlobStore(s, S3BlobStore.Credentials.fromEnvironment());
        };
    }
}
