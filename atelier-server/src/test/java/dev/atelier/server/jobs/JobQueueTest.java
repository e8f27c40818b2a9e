package dev.atelier.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.TestDatabases;
import dev.atelier.server.store.Database;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The queue's claims, batching, leases and cancellation, on SQLite and PostgreSQL. */
class JobQueueTest {
    @TempDir
    Path dir;

    static JobSpec spec(String prompt, Long seed) {
        return new JobSpec("m", prompt, "", 64, 64, 2, 7.5, seed, 2, null, "png", 100, 0, "", "auto", "b64_json", false, "auto", false, null, null, null);
    }

    static JobSpec spec(String prompt, Long seed, int n, int steps, double guidance) {
        return new JobSpec("m", prompt, "", 64, 64, steps, guidance, seed, n, null, "png", 100, 0, "", "auto", "b64_json", false, "auto", false, null, null, null);
    }

    @ParameterizedTest
    @MethodSource("dev.atelier.server.TestDatabases#kinds")
    void jobsWithOneBatchKeyAreClaimedTogetherUpToTheImageLimitWhatevertheirPromptsAndSeeds(String db) {
        try (var d = Database.open(TestDatabases.fresh(db, dir))) {
            var q = new JobQueue(d);
            // "oldest first" is by submission time in milliseconds: one job per millisecond, so the order is defined
            String a = submitAlone(q, spec("cat", null));
            String steps3 = submitAlone(q, spec("cat", null, 2, 3, 7.5));
            String b = submitAlone(q, spec("dog", 5L));
            String unguided = submitAlone(q, spec("cat", null, 2, 2, 1.0));
            String c = submitAlone(q, spec("bird", 9L, 1, 2, 3.0));
            String full = submitAlone(q, spec("fish", null));
            assertThat(q.claim("w1", 10_000, 5)).extracting(Job::id).as("2 + 2 + 1 images").containsExactly(a, b, c);
            assertThat(q.claim("w2", 10_000, 5)).extracting(Job::id).containsExactly(steps3);
            assertThat(q.claim("w3", 10_000, 5)).extracting(Job::id).containsExactly(unguided);
            assertThat(q.claim("w4", 10_000, 5)).extracting(Job::id).containsExactly(full);
            assertThat(q.claim("w5", 10_000, 5)).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.atelier.server.TestDatabases#kinds")
    void aWorkerFillsItsBatchWithCompatibleJobsSubmittedLater(String db) {
        try (var d = Database.open(TestDatabases.fresh(db, dir))) {
            var q = new JobQueue(d);
            String a = q.submit("k", null, spec("cat", null), 3).job().id();
            List<Job> first = q.claim("w1", 10_000, 4);
            assertThat(first).extracting(Job::id).containsExactly(a);
            String other = submitAlone(q, spec("cat", null, 1, 3, 7.5));
            String b = submitAlone(q, spec("dog", 1L, 1, 2, 7.5));
            String c = submitAlone(q, spec("fish", 1L, 1, 2, 7.5));
            assertThat(q.claimMore("w1", 10_000, first.getFirst().spec().batchKey(), 1)).extracting(Job::id).containsExactly(b);
            assertThat(q.get(b).orElseThrow().state()).isEqualTo(JobState.RUNNING);
            assertThat(q.get(c).orElseThrow().state()).isEqualTo(JobState.QUEUED);
            assertThat(q.get(other).orElseThrow().state()).isEqualTo(JobState.QUEUED);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.atelier.server.TestDatabases#kinds")
    void expiredLeasesAreRequeuedThenFailedAfterTheLastAttempt(String db) throws Exception {
        try (var d = Database.open(TestDatabases.fresh(db, dir))) {
            var q = new JobQueue(d);
            String id = q.submit("k", null, spec("cat", 1L), 2).job().id();
            q.claim("w1", 1, 8);
            Thread.sleep(20);
            assertThat(q.reapExpired()).isEqualTo(1);
            assertThat(q.get(id).orElseThrow().state()).isEqualTo(JobState.QUEUED);
            assertThat(q.succeed(id, "w1", List.of())).as("the old worker lost the job").isFalse();
            q.claim("w2", 1, 8);
            Thread.sleep(20);
            q.reapExpired();
            Job failed = q.get(id).orElseThrow();
            assertThat(failed.state()).isEqualTo(JobState.FAILED);
            assertThat(failed.errorCode()).isEqualTo("worker_lost");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.atelier.server.TestDatabases#kinds")
    void aReaperLeavesTheExpiredJobsOfItsOwnBusyWorkersToTheirHeartbeat(String db) throws Exception {
        // a garbage-collection pause longer than the lease stops a process's heartbeat and reaper alike; the reaper
        // may run first when it ends, and must not take the process's own running jobs from it
        try (var d = Database.open(TestDatabases.fresh(db, dir))) {
            var q = new JobQueue(d);
            String mine = submitAlone(q, spec("cat", 1L));
            String theirs = submitAlone(q, spec("dog", 2L, 2, 3, 7.5));  // not batched with mine
            q.claim("here/0", 1, 8);
            q.claim("elsewhere/0", 1, 8);
            Thread.sleep(20);
            assertThat(q.reapExpired(List.of("here/0", "here/1"))).isEqualTo(1);
            assertThat(q.get(mine).orElseThrow().state()).isEqualTo(JobState.RUNNING);
            assertThat(q.get(theirs).orElseThrow().state()).isEqualTo(JobState.QUEUED);
            assertThat(q.heartbeat(List.of(mine), "here/0", 10_000)).as("still held by its worker").isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.atelier.server.TestDatabases#kinds")
    void cancellingARunningJobStopsItsHeartbeatAndOnlyItsOwnerEndsIt(String db) {
        try (var d = Database.open(TestDatabases.fresh(db, dir))) {
            var q = new JobQueue(d);
            String id = q.submit("k", null, spec("cat", 1L), 3).job().id();
            q.claim("w1", 10_000, 8);
            assertThat(q.cancel(id, "other-key")).isEmpty();
            assertThat(q.cancel(id, "k").orElseThrow().state()).isEqualTo(JobState.RUNNING);
            assertThat(q.heartbeat(List.of(id), "w1", 10_000)).containsExactly(id);
            assertThat(q.succeed(id, "w1", List.of())).isFalse();
            assertThat(q.cancelled(id, "w2")).isFalse();
            assertThat(q.cancelled(id, "w1")).isTrue();
            assertThat(q.get(id).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.atelier.server.TestDatabases#kinds")
    void aWithheldImagesFilterResultsAreKeptWithItsFailedJob(String db) {
        try (var d = Database.open(TestDatabases.fresh(db, dir))) {
            var q = new JobQueue(d);
            var filter = new dev.atelier.safety.moderation.FilterResults(java.util.Map.of(dev.atelier.safety.text.Category.SEXUAL,
                    dev.atelier.safety.text.Severity.HIGH), java.util.Set.of(dev.atelier.safety.text.Category.SEXUAL), false);
            String withheld = q.submit("k", null, spec("cat", 1L), 3).job().id();
            String broken = q.submit("k", null, spec("dog", 2L), 3).job().id();
            q.claim("w1", 10_000, 1);
            q.claim("w1", 10_000, 1);
            assertThat(q.fail(withheld, "w1", "image_withheld", "withheld", filter)).isTrue();
            assertThat(q.fail(broken, "w1", "generation_failed", "broken")).isTrue();
            assertThat(q.get(withheld).orElseThrow().errorFilter()).isEqualTo(filter);
            assertThat(q.get(broken).orElseThrow().errorFilter()).isNull();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.atelier.server.TestDatabases#kinds")
    void aLeaseEndsItsLengthAfterTheDatabasesNowAndIsComparedWithIt(String db) {
        try (var d = Database.open(TestDatabases.fresh(db, dir))) {
            var q = new JobQueue(d);
            String id = q.submit("k", null, spec("cat", 1L), 3).job().id();
            long before = databaseNow(d);
            q.claim("w1", 60_000, 8);
            long after = databaseNow(d);
            assertThat(leaseEnd(d, id)).isBetween(before + 60_000, after + 60_000);
            q.heartbeat(List.of(id), "w1", 120_000);
            assertThat(leaseEnd(d, id)).isBetween(after + 120_000, databaseNow(d) + 120_000);

            // a lease that ended by the database's clock a moment ago is reaped; one a minute ahead is not
            setLeaseEnd(d, id, databaseNow(d) + 60_000);
            assertThat(q.reapExpired()).isZero();
            setLeaseEnd(d, id, databaseNow(d) - 1);
            assertThat(q.reapExpired()).isEqualTo(1);
            assertThat(q.get(id).orElseThrow().state()).isEqualTo(JobState.QUEUED);
        }
    }

    static long databaseNow(Database d) {
        return d.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT " + d.dialect().nowMillis()); var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    static long leaseEnd(Database d, String id) {
        return d.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT lease_expires_at FROM jobs WHERE id = ?")) {
                st.setString(1, id);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    static void setLeaseEnd(Database d, String id, long at) {
        d.withConnection(c -> {
            try (var st = c.prepareStatement("UPDATE jobs SET lease_expires_at = ? WHERE id = ?")) {
                st.setLong(1, at);
                st.setString(2, id);
                return st.executeUpdate();
            }
        });
    }

    /** Submits {@code spec} in a millisecond of its own, so that its job is strictly older than the next one. */
    static String submitAlone(JobQueue q, JobSpec spec) {
        long now = System.currentTimeMillis();
        while (System.currentTimeMillis() == now) Thread.onSpinWait();
        return q.submit("k", null, spec, 3).job().id();
    }
}
