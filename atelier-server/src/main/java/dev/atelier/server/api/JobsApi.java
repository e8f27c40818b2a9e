package dev.atelier.server.api;

import dev.atelier.server.service.Json;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.service.ApiError;
import dev.atelier.server.http.Sse;
import dev.atelier.server.http.HttpCall;
import dev.atelier.server.http.Router;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.server.jobs.Job;
import dev.atelier.server.jobs.JobEvent;
import dev.atelier.server.jobs.JobEvents;
import dev.atelier.server.jobs.JobQueue;
import dev.atelier.server.jobs.JobWaiter;
import dev.atelier.server.service.Generations;
import dev.atelier.server.service.Submissions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * Asynchronous jobs: {@code POST /v1/images/jobs} (202 and a Location), {@code GET /v1/images/jobs/{id}},
 * {@code DELETE} to cancel, and {@code GET /v1/images/jobs/{id}/events}, a server-sent event stream of progress.
 */
public final class JobsApi {
    private final Generations generations;
    private final Submissions submissions;
    private final JobQueue queue;
    private final JobEvents events;
    private final Results results;
    private final Duration streamLimit;

    public JobsApi(Generations generations, Submissions submissions, JobQueue queue, JobEvents events, Results results,
                   Duration streamLimit) {
        this.generations = generations;
        this.submissions = submissions;
        this.queue = queue;
        this.events = events;
        this.results = results;
        this.streamLimit = streamLimit;
    }

    public void register(Router r) {
        r.authed("POST", "/v1/images/jobs", this::submit);
        r.authed("GET", "/v1/images/jobs/{id}", this::get);
        r.authed("DELETE", "/v1/images/jobs/{id}", this::cancel);
        r.authed("GET", "/v1/images/jobs/{id}/events", this::events);
    }

    private void submit(HttpCall call) throws IOException {
        // an edit or an upscale as a job: the same multipart form as /v1/images/edits or /v1/images/upscale
        String idempotency = call.header("Idempotency-Key");
        var parsed = dev.atelier.server.http.Multipart.isMultipart(call.header("Content-Type"))
                ? JobForm.parse(call.multipartBody(EditForm.MAX_PARTS)) : new JobForm.Edit(ImageRequestParser.parse(call.jsonBody(), null));
        var s = switch (parsed) {
            case JobForm.Edit e -> {
                if (e.parsed().stream()) throw ApiException.invalid("jobs are not streamed; follow GET /v1/images/jobs/{id}/events", "stream");
                yield generations.submit(call.key(), e.parsed().draft(), idempotency);
            }
            case JobForm.Upscale u -> generations.submitUpscale(call.key(), u.draft(), idempotency);
        };
        call.note("job=" + s.job().id());
        call.setHeader("Location", "/v1/images/jobs/" + s.job().id());
        call.json(s.created() ? 202 : 200, describe(s.job(), call));
    }

    private void get(HttpCall call) throws IOException {
        call.json(200, describe(owned(call), call));
    }

    private void cancel(HttpCall call) throws IOException {
        Job job = submissions.cancel(call.key(), call.pathParam("id")).orElseThrow(() -> notFound(call));
        call.json(200, describe(job, call));
    }

    private void events(HttpCall call) throws IOException {
        Job job = owned(call);
        submissions.beginStream(call.key());
        try (Sse sse = call.startEvents(); var waiter = new JobWaiter(queue, events, job.id(), 1000)) {
            sse.event("job.status", describe(job, call));
            var done = waiter.await(streamLimit, e -> {
                if (e instanceof JobEvent.Progress p) {
                    ObjectNode d = Json.object().put("id", job.id()).put("status", "running")
                            .put("step", p.step()).put("total_steps", p.totalSteps());
                    try {
                        sse.event("job.progress", d);
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                }
            });
            if (done.isPresent()) sse.event("job." + done.get().state().wire(), describe(done.get(), call));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            submissions.endStream(call.key());
        }
    }

    private Job owned(HttpCall call) {
        return queue.get(call.pathParam("id")).filter(j -> j.keyId().equals(call.key().id())).orElseThrow(() -> notFound(call));
    }

    private static ApiException notFound(HttpCall call) {
        return new ApiException(new ApiError.NotFound("No job with id '" + call.pathParam("id") + "'.", "id", "not_found"));
    }

    private ObjectNode describe(Job job, HttpCall call) {
        ObjectNode d = Json.object();
        d.put("id", job.id());
        d.put("object", "image.job");
        d.put("status", job.state().wire());
        d.put("model", job.spec().model());
        d.put("created_at", job.createdAt() / 1000);
        if (job.startedAt() != null) d.put("started_at", job.startedAt() / 1000);
        if (job.finishedAt() != null) d.put("finished_at", job.finishedAt() / 1000);
        d.put("queue_position", queue.position(job));
        d.put("attempts", job.attempts());
        ObjectNode p = d.putObject("progress");
        p.put("step", job.progressStep()).put("total_steps", job.progressTotal())
                .put("fraction", job.progressTotal() == 0 ? 0.0 : (double) job.progressStep() / job.progressTotal());
        if (job.seed() != null) d.put("seed", job.seed());
        if (job.errorCode() != null) {
            d.putObject("error").put("code", job.errorCode()).put("message", job.errorMessage());
        }
        if (job.state() == dev.atelier.server.jobs.JobState.SUCCEEDED) d.set("result", results.response(job, call));
        return d;
    }
}
