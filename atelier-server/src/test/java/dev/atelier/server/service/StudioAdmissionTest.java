package dev.atelier.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.TestServer;
import dev.atelier.server.jobs.WorkerOptions;
import dev.atelier.server.web.WebTestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The studio's and arena's admission budget over real HTTP, with no workers (jobs stay queued): the studio's share
 * of the queue, in-flight jobs per client address and per session, images per minute, requests that can never fit,
 * and cancelling one's own job. Every request comes from 127.0.0.1, one client address.
 */
class StudioAdmissionTest {
    static final String JOB = "{\"prompt\": \"an apple\", \"model\": \"tiny-sd\", \"size\": \"64x64\", \"steps\": 2}";
    static final WorkerOptions NO_WORKERS = new WorkerOptions(0, 1_500, 8, 3, 100);

    @TempDir
    Path dir;

    WebTestServer start(int maxQueue, StudioLimits limits) throws Exception {
        return WebTestServer.start(dir, 20, c -> c.withWorkers(NO_WORKERS).withQueue(maxQueue), limits);
    }

    static JsonNode error(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return TestServer.json(r).path("error");
    }

    static HttpResponse<String> apiJob(WebTestServer s, String secret) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        return http.send(HttpRequest.newBuilder(URI.create(s.url("/v1/images/jobs"))).header("Authorization", "Bearer " + secret)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JOB)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBurstOfCookielessStudioRequestsCannotStarveApiKeys() throws Exception {
        // queue bound 8: the studio may hold half of it, 4 jobs
        try (var s = start(8, StudioLimits.defaults())) {
            var pool = Executors.newVirtualThreadPerTaskExecutor();
            var replies = new ArrayList<Future<HttpResponse<String>>>();
            for (int i = 0; i < 65; i++) replies.add(pool.submit(() -> s.client().post("/studio/api/jobs", JOB)));
            int accepted = 0;
            for (var f : replies) {
                HttpResponse<String> r = f.get();
                if (r.statusCode() == 202) {
                    accepted++;
                    continue;
                }
                assertThat(r.statusCode()).as(r.body()).isIn(429, 503);
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                assertThat(TestServer.json(r).path("error").path("message").asText()).containsPattern("limit \\d+");
            }
            pool.close();
            assertThat(accepted).isEqualTo(4);
            JsonNode busy = error(s.client().post("/studio/api/jobs", JOB), 503);
            assertThat(busy.path("code").asText()).isEqualTo("studio_busy");
            assertThat(busy.path("message").asText()).contains("4 studio and arena jobs are queued or running (limit 4)");

            String key = s.server.keys().create("paying", 100, 1000).secret();
            for (int i = 0; i < 4; i++) assertThat(apiJob(s, key).statusCode()).isEqualTo(202);
            assertThat(error(apiJob(s, key), 503).path("code").asText()).isEqualTo("queue_full");
            assertThat(s.client().get("/readyz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anArenaBattleIsAdmittedWholeOrNotAtAll() throws Exception {
        try (var s = start(8, StudioLimits.defaults())) {
            for (int i = 0; i < 3; i++) assertThat(s.client().post("/studio/api/jobs", JOB).statusCode()).isEqualTo(202);
            var battle = s.client().post("/arena/api/battles", "{\"prompt\": \"a frog\"}");
            assertThat(error(battle, 503).path("code").asText()).isEqualTo("studio_busy");
            int queued = s.server.backend().database().withConnection(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM jobs WHERE state = 'queued'")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(queued).isEqualTo(3);
        }
    }

    @Test
    void oneClientAddressMayHaveOnlySoManyJobsInFlight() throws Exception {
        try (var s = start(64, StudioLimits.defaults().withJobs(2, 3, 16))) {
            for (int i = 0; i < 3; i++) assertThat(s.client().post("/studio/api/jobs", JOB).statusCode()).isEqualTo(202);
            var r = s.client().post("/studio/api/jobs", JOB);
            JsonNode e = error(r, 429);
            assertThat(e.path("message").asText()).contains("from your network address (limit 3)");
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
        }
    }

    @Test
    void oneSessionMayHaveOnlySoManyJobsInFlightAndCancellingFreesASlot() throws Exception {
        try (var s = start(64, StudioLimits.defaults().withJobs(2, 8, 16))) {
            var c = s.client();
            String first = TestServer.json(c.post("/studio/api/jobs", JOB)).path("id").asText();
            assertThat(c.post("/studio/api/jobs", JOB).statusCode()).isEqualTo(202);
            assertThat(error(c.post("/studio/api/jobs", JOB), 429).path("message").asText()).contains("in this browser session (limit 2)");

            var cancelled = c.delete("/studio/api/jobs/" + first);
            assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
            assertThat(TestServer.json(cancelled).path("status").asText()).isEqualTo("cancelled");
            assertThat(c.post("/studio/api/jobs", JOB).statusCode()).isEqualTo(202);
        }
    }

    @Test
    void aUserCannotCancelAnotherUsersJob() throws Exception {
        try (var s = start(64, StudioLimits.defaults())) {
            var owner = s.client();
            String id = TestServer.json(owner.post("/studio/api/jobs", JOB)).path("id").asText();
            var stranger = s.client();
            stranger.get("/");
            assertThat(error(stranger.delete("/studio/api/jobs/" + id), 404).path("code").asText()).isEqualTo("not_found");
            assertThat(TestServer.json(owner.get("/studio/api/jobs/" + id)).path("status").asText()).isEqualTo("queued");
            var crossSite = owner.send(HttpRequest.newBuilder(URI.create(s.url("/studio/api/jobs/" + id)))
                    .header("Origin", "http://evil.example").DELETE());
            assertThat(error(crossSite, 403).path("code").asText()).isEqualTo("cross_site");
        }
    }

    @Test
    void imagesPerMinuteAreCountedPerSessionAndPerAddress() throws Exception {
        try (var s = start(64, new StudioLimits(2, 3, 8, 16, 16, 0.5))) {
            String two = JOB.replace("}", ", \"n\": 2}");
            assertThat(s.client().post("/studio/api/jobs", two).statusCode()).isEqualTo(202);
            var r = s.client().post("/studio/api/jobs", two);
            JsonNode e = error(r, 429);
            assertThat(e.path("code").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(e.path("message").asText()).contains("network address can start 3 images a minute");
            assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        }
    }

    @Test
    void moreImagesThanASessionMayStartInAMinuteIsA400NotA429() throws Exception {
        try (var s = start(64, StudioLimits.defaults().withImagesPerUserMinute(3))) {
            var r = s.client().post("/studio/api/jobs", JOB.replace("}", ", \"n\": 4}"));
            JsonNode e = error(r, 400);
            assertThat(e.path("param").asText()).isEqualTo("n");
            assertThat(e.path("message").asText()).contains("n = 4").contains("3 images a minute");
            assertThat(r.headers().firstValue("Retry-After")).isEmpty();
        }
    }

    @Test
    void ipv6AddressesAreGroupedByTheir64Prefix() {
        assertThat(Visitor.addressGroup("2001:db8:1:2:aaaa::1")).isEqualTo(Visitor.addressGroup("2001:db8:1:2:ffff::9"));
        assertThat(Visitor.addressGroup("2001:db8:1:2::1")).isNotEqualTo(Visitor.addressGroup("2001:db8:1:3::1"));
        assertThat(Visitor.addressGroup("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(Visitor.addressGroup("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
    }

    @Test
    void theStudioShareIsTheSmallerOfItsCapAndItsPartOfTheQueue() {
        assertThat(StudioLimits.defaults().jobCap(64)).isEqualTo(16);
        assertThat(StudioLimits.defaults().jobCap(8)).isEqualTo(4);
        assertThat(List.of(1, 2, 3).stream().map(StudioLimits.defaults()::jobCap).toList()).containsExactly(1, 1, 1);
    }
}
