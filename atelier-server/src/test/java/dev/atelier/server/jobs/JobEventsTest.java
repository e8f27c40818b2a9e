package dev.atelier.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.TestDatabases;
import dev.atelier.server.events.LocalEventBus;
import dev.atelier.server.events.PostgresEventBus;
import dev.atelier.server.spi.LocalBlobStore;
import dev.atelier.server.store.Database;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job events between processes: what followers hear when the bus was cut off, and how often they poll. */
class JobEventsTest {
    @TempDir
    Path dir;

    @Test
    void afterTheBusWasCutOffFollowersHearWhereTheirJobsStandNow() throws Exception {
        try (var db = Database.open(TestDatabases.fresh("postgresql", dir)); var bus = PostgresEventBus.start(db)) {
            var queue = new JobQueue(db);
            var events = new JobEvents(queue, bus, blobs());
            String done = queue.submit("k", null, JobQueueTest.spec("cat", 1L), 3).job().id();
            String running = queue.submit("k", null, JobQueueTest.spec("dog", 2L), 3).job().id();
            assertThat(queue.claim("w", 60_000, 2)).extracting(Job::id).containsExactly(done);
            assertThat(queue.claim("w", 60_000, 2)).extracting(Job::id).containsExactly(running);
            var heard = new LinkedBlockingQueue<JobEvent>();
            events.subscribe(done, heard::add);
            events.subscribe(running, heard::add);
            awaitConnected(bus);
            // what another process's worker did while this one's bus was down: recorded, never heard
            assertThat(queue.succeed(done, "w", List.of())).isTrue();
            queue.progress(List.of(running), "w", 3, 10);
            assertThat(heard).isEmpty();

            try (var c = db.dataSource().getConnection(); var st = c.createStatement()) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                        + PostgresEventBus.APPLICATION_NAME + "' AND datname = current_database()");
            }
            var got = List.of(heard.poll(30, TimeUnit.SECONDS), heard.poll(30, TimeUnit.SECONDS));
            assertThat(got).containsExactlyInAnyOrder(new JobEvent.Finished(done, JobState.SUCCEEDED), new JobEvent.Progress(running, 3, 10));
        }
    }

    @Test
    void aCancellationReachesTheWorkersOfTheOtherNodesAndEndsAQueuedJobForItsFollowersThere() throws Exception {
        String url = TestDatabases.fresh("postgresql", dir);
        try (var dbA = Database.open(url); var dbB = Database.open(url); var busA = PostgresEventBus.start(dbA);
             var busB = PostgresEventBus.start(dbB)) {
            var apiNode = new JobEvents(new JobQueue(dbA), busA, blobs());
            var workerNode = new JobEvents(new JobQueue(dbB), busB, blobs());
            var queue = new JobQueue(dbA);
            String id = queue.submit("k", null, JobQueueTest.spec("cat", 1L), 3).job().id();
            var stopped = new LinkedBlockingQueue<String>();
            workerNode.onCancel(stopped::add);
            var heard = new LinkedBlockingQueue<JobEvent>();
            workerNode.subscribe(id, heard::add);
            awaitConnected(busA);
            awaitConnected(busB);

            assertThat(queue.cancel(id, "k")).map(Job::state).hasValue(JobState.CANCELLED);
            apiNode.cancelled(id);
            assertThat(stopped.poll(30, TimeUnit.SECONDS)).isEqualTo(id);
            assertThat(heard.poll(30, TimeUnit.SECONDS)).isEqualTo(new JobEvent.Finished(id, JobState.CANCELLED));
        }
    }

    @Test
    void afterTheReaperChangedJobsFollowersOnEveryNodeReReadTheirs() throws Exception {
        String url = TestDatabases.fresh("postgresql", dir);
        try (var dbA = Database.open(url); var dbB = Database.open(url); var busA = PostgresEventBus.start(dbA);
             var busB = PostgresEventBus.start(dbB)) {
            var queue = new JobQueue(dbA);
            var reaperNode = new JobEvents(queue, busA, blobs());
            var followerNode = new JobEvents(new JobQueue(dbB), busB, blobs());
            String id = queue.submit("k", null, JobQueueTest.spec("cat", 1L), 1).job().id();
            queue.claim("dead-worker", 1, 2);
            var heard = new LinkedBlockingQueue<JobEvent>();
            followerNode.subscribe(id, heard::add);
            awaitConnected(busA);
            awaitConnected(busB);
            Thread.sleep(5); // past the 1 ms lease

            assertThat(queue.reapExpired()).isEqualTo(1); // its only attempt: failed, worker_lost
            reaperNode.jobsChanged();
            assertThat(heard.poll(30, TimeUnit.SECONDS)).isEqualTo(new JobEvent.Finished(id, JobState.FAILED));
        }
    }

    @Test
    void followersReReadTheirJobRarelyWhereTheBusReachesEveryProcessAndEverySecondWhereNot() throws Exception {
        try (var db = Database.open(TestDatabases.fresh("postgresql", dir)); var bus = PostgresEventBus.start(db)) {
            assertThat(new JobEvents(new JobQueue(db), bus, blobs()).pollMillis(1_000)).isEqualTo(JobEvents.SHARED_POLL_MILLIS);
        }
        try (var db = Database.open(TestDatabases.fresh("sqlite", dir)); var bus = new LocalEventBus()) {
            assertThat(new JobEvents(new JobQueue(db), bus, blobs()).pollMillis(1_000)).isEqualTo(1_000);
        }
    }

    LocalBlobStore blobs() throws java.io.IOException {
        return new LocalBlobStore(dir.resolve("blobs"));
    }

    static void awaitConnected(PostgresEventBus bus) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!bus.connected()) {
            assertThat(System.nanoTime()).as("the bus never connected").isLessThan(end);
            Thread.sleep(10);
        }
    }
}
