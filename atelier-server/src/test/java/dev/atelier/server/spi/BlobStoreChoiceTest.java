package dev.atelier.server.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.server.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** How an operator names the blob store, and which one a deployment gets when it names none. */
class BlobStoreChoiceTest {
    @Test
    void readsTheThreeForms() {
        assertThat(BlobStoreChoice.parse("local")).isEqualTo(new BlobStoreChoice.Local());
        assertThat(BlobStoreChoice.parse("DATABASE")).isEqualTo(new BlobStoreChoice.InDatabase());
        assertThat(BlobStoreChoice.parse("s3://atelier-images/prod?endpoint=http://minio:9000&region=eu-west-1"))
                .isEqualTo(new BlobStoreChoice.S3("atelier-images", "prod/", URI.create("http://minio:9000"), "eu-west-1"));
        assertThat(BlobStoreChoice.parse("s3://atelier-images")).isEqualTo(new BlobStoreChoice.S3("atelier-images", "", null, "us-east-1"));
    }

    @Test
    void wrongValuesAreRefusedNamingWhatIsAllowed() {
        assertThatThrownBy(() -> BlobStoreChoice.parse("ftp://x")).hasMessageContaining("--blob-store must be local, database, or s3://");
        assertThatThrownBy(() -> BlobStoreChoice.parse("s3://Bad_Bucket")).hasMessageContaining("'Bad_Bucket' is not an S3 bucket name");
        assertThatThrownBy(() -> BlobStoreChoice.parse("s3://images?endpoint=minio:9000")).hasMessageContaining("endpoint must be http(s)://HOST");
        assertThatThrownBy(() -> BlobStoreChoice.parse("s3://images?secret=x")).hasMessageContaining("unknown S3 parameter 'secret'");
    }

    @Test
    void theDefaultIsTheLocalFolderWithSqliteAndTheDatabaseWithPostgresql() {
        var config = ServerConfig.defaults(Path.of("data"), Path.of("models"));
        assertThat(config.blobStoreChoice()).isEqualTo(new BlobStoreChoice.Local());
        assertThat(config.withDatabase("jdbc:postgresql://db/atelier").blobStoreChoice()).isEqualTo(new BlobStoreChoice.InDatabase());
        assertThat(config.withDatabase("jdbc:postgresql://db/atelier").withBlobStore(new BlobStoreChoice.Local()).blobStoreChoice())
                .isEqualTo(new BlobStoreChoice.Local());
    }
}
