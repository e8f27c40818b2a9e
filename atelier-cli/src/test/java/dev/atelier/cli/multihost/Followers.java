package dev.atelier.cli.multihost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Clients that wait for a job's result the way real ones do, and so ride out an API node's restart: an event-stream
 * follower that reconnects when its stream ends or the node does not answer, and a synchronous caller that retries
 * with the same {@code Idempotency-Key} (so the retry waits for the same job) after a 503 or a refused connection,
 * honouring {@code Retry-After} (at most 2 s).
 */
final class Followers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("job.succeeded", "job.failed", "job.cancelled");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String api;
    private final String key;

    Followers(String api, String key) {
        this.api = api;
        this.key = key;
    }

    /** What an event-stream follower ended with: the terminal event, its data, and how many streams it opened. */
    record Followed(String event, JsonNode data, int streams, List<String> events) {
    }

    /** Follows {@code GET /v1/images/jobs/{id}/events} to its terminal event, reconnecting; {@code streams} counts opened streams. */
    Followed events(String id, AtomicInteger streams, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        var seen = new ArrayList<String>();
        while (System.nanoTime() < end) {
            var req = HttpRequest.newBuilder(URI.create(api + "/v1/images/jobs/" + id + "/events"))
                    .header("Authorization", "Bearer " + key).header("Accept", "text/event-stream").GET().build();
            try {
                HttpResponse<Stream<String>> r = http.send(req, HttpResponse.BodyHandlers.ofLines());
                try (Stream<String> lines = r.body()) {
                    if (r.statusCode() == 200) {
                        streams.incrementAndGet();
                        String event = null;
                        for (String line : (Iterable<String>) lines::iterator) {
                            if (line.startsWith("event:")) {
                                event = line.substring(6).strip();
                                seen.add(event);
                            } else if (line.startsWith("data:") && event != null && TERMINAL.contains(event)) {
                                return new Followed(event, JSON.readTree(line.substring(5)), streams.get(), seen);
                            }
                        }
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                seen.add("(" + e.getClass().getSimpleName() + ")");
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new AssertionError("no terminal event for job " + id + " within " + limit + "; saw " + seen);
    }

    /** What a synchronous caller ended with, and the answers it retried on (-1: no answer: the connection was refused or closed). */
    record Answered(int status, JsonNode body, List<Integer> retried) {
    }

    /** {@code POST /v1/images/generations} until it answers other than 503 or the node is reachable again. */
    Answered generate(String body, String idempotencyKey, Duration limit) throws InterruptedException, IOException {
        long end = System.nanoTime() + limit.toNanos();
        var retried = new ArrayList<Integer>();
        while (System.nanoTime() < end) {
            var req = HttpRequest.newBuilder(URI.create(api + "/v1/images/generations")).timeout(Duration.ofMinutes(2))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long wait = 250;
            try {
                var r = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 503) return new Answered(r.statusCode(), JSON.readTree(r.body()), retried);
                retried.add(503);
                wait = Math.min(2000, 1000 * r.headers().firstValueAsLong("Retry-After").orElse(0));
            } catch (IOException e) {
                retried.add(-1);
            }
            TimeUnit.MILLISECONDS.sleep(Math.max(250, wait));
        }
        throw new AssertionError("no answer within " + limit + "; retried on " + retried);
    }
}
