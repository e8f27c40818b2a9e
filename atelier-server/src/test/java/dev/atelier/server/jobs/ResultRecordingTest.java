package dev.atelier.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.server.TestDatabases;
import dev.atelier.server.spi.BlobStore;
import dev.atelier.server.spi.LocalBlobStore;
import dev.atelier.server.store.Database;
import dev.atelier.server.store.DatabaseBlobStore;
import dev.atelier.server.store.ImageStore;
import dev.atelier.server.store.StoreException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A job's result is recorded exactly once, with its images, or not at all: on SQLite and PostgreSQL, with the
 * images in the database and in a folder (an outside store, as S3 is).
 */
class ResultRecordingTest {
    @TempDir
    Path dir;

    static Stream<Arguments> setups() {
        return TestDatabases.kinds().flatMap(db -> Stream.of(Arguments.of(db, "database"), Arguments.of(db, "local")));
    }

    record Setup(Database db, JobQueue queue, ImageStore images, BlobStore blobs) implements AutoCloseable {
        public void close() {
            db.close();
        }
    }

    Setup open(String db, String store) throws Exception {
        var d = Database.open(TestDatabases.fresh(db, dir));
        BlobStore blobs = store.equals("database") ? new DatabaseBlobStore(d, null) : new LocalBlobStore(dir.resolve("images"));
        return new Setup(d, new JobQueue(d), new ImageStore(d, blobs), blobs);
    }

    static ImageStore.Staged stage(Setup s) {
        return s.images().stage(0, 7, "png", new byte[] {1, 2, 3}, null);
    }

    static int rows(Database d, String table) {
        return d.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT COUNT(*) FROM " + table); var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("setups")
    void aRecordedResultHasItsImagesAndNoIntentLeft(String db, String store) throws Exception {
        try (var s = open(db, store)) {
            String id = s.queue().submit("k", null, JobQueueTest.spec("cat", 1L), 3).job().id();
            s.queue().claim("w1", 10_000, 8);
            var staged = stage(s);
            assertThat(s.queue().succeed(id, "w1", List.of(staged.image()), c -> {
                s.images().commit(c, List.of(staged));
                return null;
            })).isTrue();
            assertThat(s.images().bytes(s.images().find(staged.image().id()).orElseThrow())).containsExactly(1, 2, 3);
            assertThat(rows(s.db(), "blob_intents")).isZero();
            assertThat(s.images().sweep(Duration.ZERO)).as("a recorded image is never swept").isZero();
            assertThat(s.blobs().get(staged.image().storageKey())).isPresent();
        }
    }

    @ParameterizedTest
    @MethodSource("setups")
    void aFailedCommitLeavesNoImageRowAndNoBlob(String db, String store) throws Exception {
        try (var s = open(db, store)) {
            String id = s.queue().submit("k", null, JobQueueTest.spec("cat", 1L), 3).job().id();
            s.queue().claim("w1", 10_000, 8);
            var staged = stage(s);
            assertThatThrownBy(() -> s.queue().succeed(id, "w1", List.of(staged.image()), c -> {
                s.images().commit(c, List.of(staged));
                throw new SQLException("the commit failed");
            })).isInstanceOf(StoreException.class);
            s.images().discard(List.of(staged));

            assertThat(s.queue().get(id).orElseThrow().state()).isEqualTo(JobState.RUNNING);
            assertThat(s.images().find(staged.image().id())).isEmpty();
            assertThat(s.blobs().get(staged.image().storageKey())).isEmpty();
            assertThat(rows(s.db(), "blob_intents")).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("setups")
    void aWorkerThatLostItsLeaseHasItsResultDiscarded(String db, String store) throws Exception {
        try (var s = open(db, store)) {
            String id = s.queue().submit("k", null, JobQueueTest.spec("cat", 1L), 3).job().id();
            s.queue().claim("w1", 1, 8);
            Thread.sleep(20);
            assertThat(s.queue().reapExpired()).isEqualTo(1);
            s.queue().claim("w2", 10_000, 8);

            var late = stage(s);
            assertThat(s.queue().succeed(id, "w1", List.of(late.image()), c -> {
                s.images().commit(c, List.of(late));
                return null;
            })).as("w2 holds the job now").isFalse();
            s.images().discard(List.of(late));
            assertThat(s.images().find(late.image().id())).isEmpty();
            assertThat(s.blobs().get(late.image().storageKey())).isEmpty();
            Job job = s.queue().get(id).orElseThrow();
            assertThat(job.state()).isEqualTo(JobState.RUNNING);
            assertThat(job.attempts()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.atelier.server.TestDatabases#kinds")
    void theSweeperDeletesAnOutsideBlobWhoseWriterDiedBeforeRecordingIt(String db) throws Exception {
        try (var s = open(db, "local")) {
            var orphan = stage(s);
            assertThat(s.blobs().get(orphan.image().storageKey())).isPresent();
            assertThat(s.images().sweep(Duration.ofMinutes(10))).as("too young: its writer may be committing now").isZero();
            assertThat(s.images().sweep(Duration.ZERO)).isEqualTo(1);
            assertThat(s.blobs().get(orphan.image().storageKey())).isEmpty();
            assertThat(rows(s.db(), "blob_intents")).isZero();
        }
    }
}
