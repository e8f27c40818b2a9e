package dev.atelier.cli.multihost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Atelier across hosts: PostgreSQL, an API node and two worker nodes as separate processes, each in its own network
 * namespace on a bridged veth network ({@link Cluster}), faults made the way they happen (a {@code kill -9}, a link
 * that goes down, an API node restarted). Each scenario prints its figures. Needs root and {@code ip} (CI has both);
 * elsewhere it is skipped, saying why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiHostTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int KILL_TRIALS = Integer.getInteger("multihost.trials", 20);
    static final int STEPS = 30; // about a second for tiny-sd's 2 images of 64x64 on one core
    Cluster c;

    @BeforeAll
    void up() throws Exception {
        String why = Network.unavailable();
        assumeTrue(why == null, why);
        c = new Cluster();
    }

    @AfterAll
    void down() {
        if (c != null) c.close();
    }

    @Test
    @Order(1)
    void aWorkerKilledMidJobLosesNothingAndDuplicatesNothing() throws Exception {
        var moves = new ArrayList<Double>();
        var ids = new ArrayList<String>();
        for (int trial = 1; trial <= KILL_TRIALS; trial++) {
            long start = System.nanoTime();
            String id = submit(2, STEPS, null, null);
            ids.add(id);
            Jobs.Row running = Jobs.await(c, id, r -> r.running() && r.step() >= 1 && c.holder(r.owner()) != null, "running on a worker");
            AtelierHost victim = c.holder(running.owner());
            AtelierHost survivor = c.other(victim);
            long killed = System.nanoTime();
            victim.kill9();
            Jobs.await(c, id, r -> r.running() && survivor.owns(r.owner()), "running on the survivor " + survivor.name);
            double moved = (System.nanoTime() - killed) / 1e9;
            moves.add(moved);
            victim.start(); // back for the next trial while the survivor finishes this one
            Jobs.Row done = Jobs.await(c, id, r -> r.state().equals("succeeded") || r.state().equals("failed"), "finished");
            assertThat(done.state()).as("job %s of trial %d", id, trial).isEqualTo("succeeded");
            assertThat(done.attempts()).as("one attempt lost to the kill, one that finished").isEqualTo(2);
            assertThat(Jobs.images(c, id)).as("images of job %s", id).isEqualTo(2);
            System.out.printf("multihost kill -9: trial %2d: %s killed at step %d of %d, job moved to %s in %.2f s; trial took %.2f s%n",
                    trial, victim.name, running.step(), running.total(), survivor.name, moved, (System.nanoTime() - start) / 1e9);
        }
        for (String id : ids) assertThat(Jobs.images(c, id)).as("images of job %s", id).isEqualTo(2);
        assertThat(Jobs.blobs(c)).as("blobs (no orphans)").isEqualTo(Jobs.allImages(c));
        System.out.printf("multihost kill -9: %d trials, %d jobs succeeded, %d images (2 each), 0 lost, 0 duplicated; "
                        + "move time min %.2f s, median %.2f s, max %.2f s (lease %s s, heartbeat %s s)%n",
                KILL_TRIALS, ids.size(), Jobs.allImages(c), moves.stream().mapToDouble(d -> d).min().orElseThrow(), median(moves),
                moves.stream().mapToDouble(d -> d).max().orElseThrow(), Cluster.LEASE, Cluster.HEARTBEAT);
    }

    @Test
    @Order(2)
    void aWorkerCutOffLosesItsJobRejoinsLaterAndItsLateResultIsDiscarded() throws Exception {
        String id = submit(2, STEPS, null, null);
        Jobs.Row running = Jobs.await(c, id, r -> r.running() && r.step() >= 1 && c.holder(r.owner()) != null, "running on a worker");
        AtelierHost victim = c.holder(running.owner());
        AtelierHost survivor = c.other(victim);
        int logBefore = victim.logText().length();
        long cut = System.nanoTime();
        double moved;
        double finished;
        c.net.link(victim.name, false);
        try {
            Jobs.await(c, id, r -> r.running() && survivor.owns(r.owner()), "running on " + survivor.name);
            moved = (System.nanoTime() - cut) / 1e9;
            Jobs.Row done = Jobs.await(c, id, r -> r.state().equals("succeeded") || r.state().equals("failed"), "finished");
            finished = (System.nanoTime() - cut) / 1e9;
            assertThat(done.state()).isEqualTo("succeeded");
            assertThat(Jobs.images(c, id)).isEqualTo(2);
        } finally {
            c.net.link(victim.name, true);
        }
        long back = System.nanoTime();
        // jobs with their own seeds (never batched together), two at a time, until the victim claims one: while the
        // survivor runs one, the other waits for a free worker. The victim's pool may take a few seconds to replace
        // the connections the cut broke (each try waits up to the pool's timeout), so this goes on for up to a minute.
        String rejoinedWith = null;
        int pairs = 0;
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (rejoinedWith == null && System.nanoTime() < giveUp) {
            pairs++;
            var pair = List.of(submit(1, 3 * STEPS, 1000L + 2 * pairs, null), submit(1, 3 * STEPS, 1001L + 2 * pairs, null));
            for (String j : pair) {
                Jobs.Row r = Jobs.await(c, j, x -> x.state().equals("succeeded") || x.running() && victim.owns(x.owner()), "claimed by " + victim.name + " or finished");
                if (r.running()) rejoinedWith = j;
            }
            for (String j : pair) assertThat(Jobs.await(c, j, x -> !x.running() && !x.state().equals("queued"), "finished").state()).isEqualTo("succeeded");
        }
        double rejoined = (System.nanoTime() - back) / 1e9;
        assertThat(rejoinedWith).as("%s claimed a job after its link came back:%n%s", victim.name, victim.logText()).isNotNull();
        // the victim has run a later job, so its result for the moved one was tried and refused: still 2 images
        assertThat(Jobs.images(c, id)).as("images of the moved job %s", id).isEqualTo(2);
        assertThat(Jobs.blobs(c)).as("blobs (no orphans)").isEqualTo(Jobs.allImages(c));
        String late = victim.logText().substring(logBefore).lines().filter(l -> l.contains(id)).reduce("", (a, b) -> a + "\n    " + b);
        System.out.printf("multihost link down: %s cut off at step %d of %d; job moved to %s in %.2f s, finished %.2f s after the cut; "
                        + "link back: %s claimed a later job %.2f s after (%d pair(s) of jobs); the moved job has 2 images (late result discarded)."
                        + " %s's log on the job:%s%n",
                victim.name, running.step(), running.total(), survivor.name, moved, finished, victim.name, rejoined, pairs, victim.name,
                late.isEmpty() ? " (nothing)" : late);
    }

    @Test
    @Order(3)
    void followersRideOutAnApiNodeRestartAndReceiveTheirResults() throws Exception {
        var clients = new Followers(c.api, c.apiKey);
        // 8 images of 100 steps (two batches of 4, about 3 s on a worker): the followers are waiting when the API
        // node stops, and the stop cuts them off at once (a shutdown grace of 0), long before the jobs end
        String followed = submit(8, 100, null, null);
        String idem = "multihost-" + System.nanoTime();
        String body = JSON.createObjectNode().put("model", "tiny-sd").put("prompt", "a harbour in fog").put("size", "64x64")
                .put("n", 8).put("steps", 100).toString();
        var streams = new AtomicInteger();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Followers.Followed> events = pool.submit(() -> clients.events(followed, streams, Duration.ofSeconds(120)));
            Future<Followers.Answered> sync = pool.submit(() -> clients.generate(body, idem, Duration.ofSeconds(120)));
            // both are waiting on the API node, and their jobs are running on the workers
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (streams.get() == 0 || Jobs.withIdempotencyKey(c, idem).isEmpty()) {
                assertThat(System.nanoTime()).as("the followers did not start").isLessThan(end);
                sleep(20);
            }
            String waited = Jobs.withIdempotencyKey(c, idem).getFirst();
            Jobs.await(c, followed, r -> r.running() && r.step() >= 1, "running");
            Jobs.await(c, waited, r -> r.running() && r.step() >= 1, "running");
            long stop = System.nanoTime();
            int exit = c.apiNode.stop();
            assertThat(exit).as("the API node's exit on SIGTERM:%n%s", c.apiNode.logText()).isIn(0, 143);
            double stopped = (System.nanoTime() - stop) / 1e9;
            String[] stateAtStop = {Jobs.row(c, followed).state(), Jobs.row(c, waited).state()};
            c.apiNode.start();
            c.awaitReady();
            double restarted = (System.nanoTime() - stop) / 1e9;

            Followers.Followed f = events.get(120, TimeUnit.SECONDS);
            double eventsAt = (System.nanoTime() - stop) / 1e9;
            Followers.Answered a = sync.get(120, TimeUnit.SECONDS);
            double syncAt = (System.nanoTime() - stop) / 1e9;
            assertThat(f.event()).as("events seen: %s", f.events()).isEqualTo("job.succeeded");
            assertThat(f.data().get("status").asText()).isEqualTo("succeeded");
            assertThat(f.streams()).as("the stream was opened again after the restart").isGreaterThanOrEqualTo(2);
            assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
            assertThat(a.body().get("data")).hasSize(8);
            assertThat(a.retried()).as("the synchronous call was cut by the restart and retried").isNotEmpty();
            assertThat(Jobs.withIdempotencyKey(c, idem)).as("the retries waited for the same job").containsExactly(waited);
            assertThat(Jobs.images(c, waited)).isEqualTo(8);
            assertThat(Jobs.images(c, followed)).isEqualTo(8);
            System.out.printf("multihost API restart: SIGTERM with followers waiting (jobs %s/%s at the stop), stopped in %.2f s (exit %d), "
                            + "ready again %.2f s after the stop; the event stream was opened %d times (saw %s) and got job.succeeded %.2f s after the stop; "
                            + "the synchronous POST was retried (%s) with its Idempotency-Key and got 200 with 8 images %.2f s after the stop%n",
                    stateAtStop[0], stateAtStop[1], stopped, exit, restarted, f.streams(), runs(f.events()), eventsAt,
                    runs(a.retried().stream().map(x -> x == -1 ? "no answer" : x.toString()).toList()), syncAt);
        }
    }

    /** A list with its runs of equal items collapsed: {@code [a, b, b, b]} reads "a, b ×3". */
    static String runs(List<String> xs) {
        var out = new ArrayList<String>();
        for (int i = 0; i < xs.size(); ) {
            int j = i;
            while (j < xs.size() && xs.get(j).equals(xs.get(i))) j++;
            out.add(xs.get(i) + (j - i > 1 ? " ×" + (j - i) : ""));
            i = j;
        }
        return String.join(", ", out);
    }

    static double median(List<Double> xs) {
        var s = xs.stream().sorted().toList();
        return s.get(s.size() / 2);
    }

    /** Queues a job through the API node; returns its id. */
    String submit(int n, int steps, Long seed, String idempotencyKey) throws Exception {
        var body = JSON.createObjectNode().put("model", "tiny-sd").put("prompt", "a lighthouse at dusk").put("size", "64x64")
                .put("n", n).put("steps", steps);
        if (seed != null) body.put("seed", seed);
        var req = HttpRequest.newBuilder(URI.create(c.api + "/v1/images/jobs")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + c.apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (idempotencyKey != null) req.header("Idempotency-Key", idempotencyKey);
        var r = c.http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
        JsonNode job = JSON.readTree(r.body());
        return job.get("id").asText();
    }

    static void sleep(long ms) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(ms);
    }
}
