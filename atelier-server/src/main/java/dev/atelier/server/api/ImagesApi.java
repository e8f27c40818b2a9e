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
import dev.atelier.server.jobs.JobSpec;
import dev.atelier.server.service.Generations;
import dev.atelier.server.service.Outcomes;
import dev.atelier.server.service.Submissions;
import dev.atelier.server.store.StoredImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * {@code POST /v1/images/generations}, {@code POST /v1/images/edits} (multipart, {@link EditForm}), {@code POST
 * /v1/images/upscale} (multipart, {@link UpscaleForm}), {@code POST /v1/images/variations} and the first three's Azure
 * aliases: a thin layer over a job. The request is queued like any
 * job, then answered when it ends (or streamed as server-sent events with {@code stream: true}).
 */
public final class ImagesApi {
    private final Generations generations;
    private final Submissions submissions;
    private final Outcomes outcomes;
    private final Results results;

    public ImagesApi(Generations generations, Submissions submissions, Outcomes outcomes, Results results) {
        this.generations = generations;
        this.submissions = submissions;
        this.outcomes = outcomes;
        this.results = results;
    }

    public void register(Router r) {
        r.authed("POST", "/v1/images/generations", call -> generate(call, null));
        r.authed("POST", "/openai/deployments/{deployment}/images/generations", call -> azure(call, this::generate));
        r.authed("POST", "/v1/images/edits", call -> edit(call, null));
        r.authed("POST", "/openai/deployments/{deployment}/images/edits", call -> azure(call, this::edit));
        r.authed("POST", "/v1/images/upscale", call -> upscale(call, null));
        r.authed("POST", "/openai/deployments/{deployment}/images/upscale", call -> azure(call, this::upscale));
        r.authed("POST", "/v1/images/variations", call ->
                run(call, EditForm.parseVariation(call.multipartBody(EditForm.MAX_PARTS), null), null, "image_variation"));
    }

    /** A route that an Azure deployment (the model's name) may stand in front of; null for the OpenAI route. */
    private interface Route {
        void handle(HttpCall call, String deployment) throws IOException;
    }

    private void azure(HttpCall call, Route route) throws IOException {
        String version = call.query("api-version");
        if (version == null || version.isBlank()) {
            throw ApiException.invalid("the api-version query parameter is required", "api-version");
        }
        generations.model(call.pathParam("deployment"), "deployment");
        try {
            route.handle(call, call.pathParam("deployment"));
        } catch (ApiException e) {
            // Azure's clients read a filtered prompt or image from their own error shape
            if (!(e.error() instanceof ApiError.ContentFiltered f)) throw e;
            call.json(400, AzureFilters.error(f, f.code().equals("moderation_blocked")));
        }
    }

    private void generate(HttpCall call, String deployment) throws IOException {
        run(call, ImageRequestParser.parse(call.jsonBody(), deployment), deployment, "image_generation");
    }

    private void edit(HttpCall call, String deployment) throws IOException {
        run(call, EditForm.parse(call.multipartBody(EditForm.MAX_PARTS), deployment), deployment, "image_edit");
    }

    // an upscale is a job like the others, answered when it ends (no stream: it has no steps to preview)
    private void upscale(HttpCall call, String deployment) throws IOException {
        Job job = generations.submitUpscale(call.key(), UpscaleForm.parse(call.multipartBody(EditForm.MAX_PARTS), deployment),
                call.header("Idempotency-Key")).job();
        call.note("job=" + job.id());
        respond(call, job, deployment != null);
    }

    // events are named {kind}.partial_image and {kind}.completed, as OpenAI names them per endpoint
    private void run(HttpCall call, ImageRequestParser.Parsed parsed, String deployment, String kind) throws IOException {
        if (parsed.stream()) submissions.beginStream(call.key());
        try {
            Job job = generations.submit(call.key(), parsed.draft(), call.header("Idempotency-Key")).job();
            call.note("job=" + job.id());
            if (parsed.stream()) stream(call, job, kind);
            else respond(call, job, deployment != null);
        } finally {
            if (parsed.stream()) submissions.endStream(call.key());
        }
    }

    private void respond(HttpCall call, Job submitted, boolean azure) throws IOException {
        Job job = outcomes.await(submitted, e -> { });
        ObjectNode body = results.response(job, call);
        if (azure) {
            // Azure reports the filters' results with every image
            ObjectNode prompt = AzureFilters.promptResults(job.spec().promptFilter());
            var data = body.withArray("data");
            for (int i = 0; i < data.size(); i++) {
                ObjectNode d = (ObjectNode) data.get(i);
                d.set("content_filter_results", AzureFilters.results(job.images().get(i).filter()));
                d.set("prompt_filter_results", prompt.deepCopy());
            }
        }
        call.json(200, body);
    }

    private void stream(HttpCall call, Job submitted, String kind) throws IOException {
        JobSpec s = submitted.spec();
        Sse sse = call.startEvents();
        try (sse) {
            Job job = outcomes.await(submitted, e -> {
                if (e instanceof JobEvent.Partial p) {
                    ObjectNode d = event(kind + ".partial_image", s);
                    d.put("b64_json", Base64.getEncoder().encodeToString(p.bytes()));
                    d.put("partial_image_index", p.partialIndex());
                    send(sse, kind + ".partial_image", d);
                }
            });
            for (StoredImage im : job.images()) {
                ObjectNode d = event(kind + ".completed", s);
                d.put("b64_json", results.base64(im));
                d.set("usage", results.usage(job));
                sse.event(kind + ".completed", d);
            }
        } catch (ApiException e) {
            sse.event("error", Json.error(e.error()));
        }
    }

    private static ObjectNode event(String type, JobSpec s) {
        ObjectNode d = Json.object();
        d.put("type", type);
        d.put("created_at", System.currentTimeMillis() / 1000);
        d.put("size", s.size());
        d.put("quality", s.quality());
        d.put("background", s.background());
        d.put("output_format", s.outputFormat());
        return d;
    }

    private static void send(Sse sse, String name, ObjectNode data) {
        try {
            sse.event(name, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
