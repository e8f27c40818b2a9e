package dev.atelier.cli;

import dev.atelier.server.ServerConfig;
import dev.atelier.server.spi.BlobStoreChoice;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the server's state lives: shared by {@code serve}, {@code worker} and {@code keys}. */
final class ServerOptions {
    @Option(names = "--database", paramLabel = "JDBC_URL",
            description = "jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB?user=..&password=.. (default: SQLite in the data folder).")
    String database;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "SQLite file, images and the signing identity (default: $ATELIER_DATA, else $ATELIER_HOME/data, else ./data).")
    Path dataDir;

    @Option(names = "--blob-store", paramLabel = "STORE", description = "Where images live: local (the data folder), database "
            + "(every node reaching the database reaches them), or s3://BUCKET[/PREFIX]?endpoint=URL&region=REGION with "
            + "credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (default: local with SQLite, database with PostgreSQL).")
    String blobStore;

    @Option(names = "--models-dir", paramLabel = "DIR", description = "Installed models (default: as for --model of generate).")
    Path modelsDir;

    static {
        // one line per log event
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        }
    }

    /** The data folder when none is given: {@code $ATELIER_DATA}, else {@code $ATELIER_HOME/data}, else {@code ./data}. */
    static Path defaultDataDir() {
        String data = System.getenv("ATELIER_DATA");
        if (data != null && !data.isBlank()) return Path.of(data).toAbsolutePath();
        String home = System.getenv("ATELIER_HOME");
        return (home != null && !home.isBlank() ? Path.of(home) : Path.of("")).resolve("data").toAbsolutePath();
    }

    ServerConfig config() {
        Path data = dataDir != null ? dataDir : defaultDataDir();
        return ServerConfig.defaults(data, modelsDir != null ? modelsDir : ModelLocator.modelsDir()).withDatabase(database)
                .withBlobStore(blobStore == null ? null : BlobStoreChoice.parse(blobStore));
    }
}
