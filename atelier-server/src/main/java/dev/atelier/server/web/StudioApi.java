package dev.atelier.server.web;

import dev.atelier.server.store.StudioStore;
import static dev.atelier.server.http.JsonFields.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.engine.sched.SchedulerKind;
import dev.atelier.server.service.Verification;
import dev.atelier.server.service.ApiError;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.http.HttpCall;
import dev.atelier.engine.image.PngText;
import dev.atelier.server.http.JsonFields;
import dev.atelier.server.service.Generations;
import dev.atelier.server.service.Json;
import dev.atelier.server.http.Router;
import dev.atelier.server.http.Sse;
import dev.atelier.server.feedback.FeedbackStore;
import dev.atelier.server.jobs.Job;
import dev.atelier.server.jobs.JobEvent;
import dev.atelier.server.jobs.JobEvents;
import dev.atelier.server.jobs.JobQueue;
import dev.atelier.server.jobs.JobSpec;
import dev.atelier.server.jobs.JobState;
import dev.atelier.server.jobs.JobWaiter;
import dev.atelier.server.store.StoredImage;
import dev.atelier.server.models.ModelDescription;
import dev.atelier.server.models.ModelCatalog;
import dev.atelier.server.service.StudioAdmission;
import dev.atelier.server.service.Visitor;
import dev.atelier.server.store.ImageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The studio: its pages ({@code /}, {@code /gallery}, {@code /images/{id}}) and the JSON and event-stream calls
 * they make under {@code /studio/api}. A browser user is known by a signed session cookie ({@link Sessions}); their
 * jobs go through the same queue and workers as API jobs, submitted under the studio's internal key (whose secret
 * nobody holds) through {@link StudioAdmission}, the studio's own budget per session, per client address and in all.
 * Users see only their own jobs and images, and may cancel their own jobs.
 */
public final class StudioApi {
    private static final Set<String> FIELDS = Set.of("prompt", "negative_prompt", "model", "size", "steps", "guidance_scale",
            "seed", "n", "scheduler", "from_image", "image", "strength", "mask");
    private static final Pattern FILE = Pattern.compile("(img_[0-9a-f]{32})\\.png");
    private static final int PAGE_SIZE = 24;
    private static final int MAX_STREAMS_PER_USER = 4;

    private final Context cx;
    private final FromImage fromImage;
    private final StudioUpscale upscale;
    private final StudioConcepts concepts;
    private final ConcurrentHashMap<String, AtomicInteger> streams = new ConcurrentHashMap<>();

    /**
     * What the studio needs from the server.
     *
     * @param generations where studio jobs are resolved and queued
     * @param admission   the studio's and arena's admission budget (and their internal key), for cancelling
     * @param guard       the cross-site checks for state-changing calls
     * @param streamLimit longest an event stream stays open
     */
    public record Context(Generations generations, StudioAdmission admission, WebGuard guard, JobQueue queue,
                          JobEvents events, ImageStore images, ModelCatalog models, StudioStore store,
                          FeedbackStore feedback, Sessions sessions, StaticAssets assets, Duration streamLimit,
                          Verification verification) {
    }

    public StudioApi(Context cx) {
        this.cx = cx;
        this.fromImage = new FromImage(this::ownedImageJob, cx.images());
        this.upscale = new StudioUpscale(cx, fromImage);
        this.concepts = new StudioConcepts(cx.models());
    }

    public void register(Router r) {
        r.open("GET", "/", call -> page(call, "index.html"));
        r.open("GET", "/gallery", call -> page(call, "gallery.html"));
        r.open("GET", "/images/{id}", call -> imagePage(call, "image.html"));
        r.open("GET", "/images/{id}/edit", call -> imagePage(call, "edit.html"));
        r.open("GET", "/edit", call -> page(call, "edit.html"));
        r.open("GET", "/static/{name}", call -> cx.assets().send(call, call.pathParam("name")));
        r.open("GET", "/studio/api/session", this::session);
        r.open("POST", "/studio/api/jobs", this::submit);
        r.open("GET", "/studio/api/jobs/{id}", this::job);
        r.open("DELETE", "/studio/api/jobs/{id}", this::cancel);
        r.open("GET", "/studio/api/jobs/{id}/events", this::events);
        r.open("GET", "/studio/api/gallery", this::gallery);
        r.open("GET", "/studio/api/images/{id}", this::image);
        r.open("DELETE", "/studio/api/images/{id}", this::deleteImage);
        r.open("GET", "/studio/files/{name}", this::file);
        upscale.register(r);
        concepts.register(r);
        // a browser that asks for a page that is not there gets a page, not the API's JSON
        r.notFoundPage(call -> cx.assets().send(call, 404, "not-found.html"));
    }

    // an image's page is a 404 page when the image is not the user's
    private void imagePage(HttpCall call, String name) throws IOException {
        ownedImageJob(cx.sessions().user(call), call.pathParam("id"));
        cx.assets().send(call, name);
    }

    private void page(HttpCall call, String name) throws IOException {
        cx.sessions().user(call);
        cx.assets().send(call, name);
    }

    private void session(HttpCall call) throws IOException {
        String user = cx.sessions().user(call);
        ObjectNode body = Json.object().put("user", user).put("default_model", cx.models().defaultModel());
        var models = body.putArray("models");
        for (String name : cx.models().names()) {
            try {
                models.add(ModelDescription.of(cx.models().find(name).orElseThrow()));
            } catch (RuntimeException e) {
                // a broken package is left out; its error is logged when it is used
            }
        }
        var schedulers = body.putArray("schedulers");
        for (SchedulerKind k : SchedulerKind.values()) schedulers.add(k.cliName());
        call.json(200, body);
    }

    private void submit(HttpCall call) throws IOException {
        cx.guard().checkWrite(call);
        String user = cx.sessions().user(call);
        JsonNode body = call.jsonBody();
        JsonFields.onlyKnown(body, FIELDS, f -> "Unknown field '" + f + "'; the studio takes "
                + String.join(", ", FIELDS.stream().sorted().toList()) + ".");
        var output = JobSpec.Output.web(user, JobSpec.MAX_PARTIAL_IMAGES);
        Generations.Draft draft;
        if (body.hasNonNull("from_image") || body.hasNonNull("image")) {
            draft = fromImage.draft(user, body, output);
        } else {
            for (String f : new String[] {"strength", "mask"}) {
                if (body.hasNonNull(f)) {
                    throw ApiException.invalid("'" + f + "' needs 'from_image' or 'image': the image to start from.", f);
                }
            }
            draft = new Generations.Draft(string(body, "model", null), JsonFields.imageRequest(body), output);
        }
        Job job = cx.generations().submitStudio(Visitor.web(user, call.clientAddress()), draft);
        JobSpec spec = job.spec();
        cx.store().record(job.id(), user, spec.prompt(), job.createdAt());
        call.note("job=" + job.id());
        call.json(202, view(job));
    }

    // the user's own job only: a queued job ends at once, a running one at its next step
    private void cancel(HttpCall call) throws IOException {
        cx.guard().checkBodiless(call);
        Job job = owned(call, call.pathParam("id"));
        call.note("job=" + job.id());
        call.json(200, view(cx.admission().cancel(job.id()).orElse(job)));
    }

    private void job(HttpCall call) throws IOException {
        call.json(200, view(owned(call, call.pathParam("id"))));
    }

    private void events(HttpCall call) throws IOException {
        Job job = owned(call, call.pathParam("id"));
        String user = cx.sessions().user(call);
        AtomicInteger open = streams.computeIfAbsent(user, k -> new AtomicInteger());
        if (open.incrementAndGet() > MAX_STREAMS_PER_USER) {
            open.decrementAndGet();
            throw new ApiException(new ApiError.RateLimited("Too many open progress streams (limit " + MAX_STREAMS_PER_USER + ").", 1));
        }
        try (Sse sse = call.startEvents(); var waiter = new JobWaiter(cx.queue(), cx.events(), job.id(), 500)) {
            sse.event("job.status", describe(job));
            var done = waiter.await(cx.streamLimit(), e -> {
                try {
                    switch (e) {
                        case JobEvent.Progress p -> sse.event("job.progress", Json.object().put("id", job.id())
                                .put("step", p.step()).put("total_steps", p.totalSteps()));
                        case JobEvent.Partial p -> sse.event("job.preview", Json.object().put("id", job.id())
                                .put("image", p.imageIndex()).put("preview", p.partialIndex())
                                .put("data_url", "data:image/png;base64," + Base64.getEncoder().encodeToString(p.bytes())));
                        case JobEvent.Finished f -> { }
                    }
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
            if (done.isPresent()) sse.event("job." + done.get().state().wire(), view(done.get()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            open.decrementAndGet();
        }
    }

    private void gallery(HttpCall call) throws IOException {
        String user = cx.sessions().user(call);
        int page = pageNumber(call.query("page"));
        String q = call.query("q") == null ? "" : call.query("q").trim();
        if (q.length() > 200) throw ApiException.invalid("the search text must be at most 200 characters", "q");
        var result = cx.store().gallery(user, q, page, PAGE_SIZE);
        ObjectNode body = Json.object().put("page", page).put("page_size", PAGE_SIZE).put("more", result.more()).put("q", q);
        var jobs = body.putArray("jobs");
        for (String id : result.jobIds()) cx.queue().get(id).ifPresent(j -> jobs.add(describe(j)));
        call.json(200, body);
    }

    private void image(HttpCall call) throws IOException {
        String user = cx.sessions().user(call);
        String imageId = call.pathParam("id");
        Job job = ownedImageJob(user, imageId);
        StoredImage im = job.images().stream().filter(i -> i.id().equals(imageId)).findFirst().orElseThrow(() -> imageNotFound(imageId));
        ObjectNode body = view(job);
        body.put("image_id", im.id()).put("index", im.index()).put("image_seed", im.seed())
                .put("url", "/studio/files/" + im.id() + ".png").put("download_url", "/studio/files/" + im.id() + ".png?download=1")
                .put("bytes", im.bytes());
        fromImage.madeFrom(user, job).ifPresent(src -> body.putObject("made_from").put("image_id", src)
                .put("url", "/studio/files/" + src + ".png").put("page", "/images/" + src));
        byte[] file = cx.images().bytes(im);
        body.put("png_parameters", PngText.read(file, "parameters").orElse(null));
        if (cx.verification().enabled()) body.set("provenance", Verification.describe(cx.verification().verify(file)));
        var fb = cx.feedback().mine(im.id(), user);
        ObjectNode f = body.putObject("feedback").put("vote", fb.vote());
        if (fb.reportReason() != null) f.putObject("report").put("reason", fb.reportReason()).put("note", fb.reportNote());
        call.json(200, body);
    }

    // the user's own image only (another's, or one already gone, is a 404): its row and its file
    private void deleteImage(HttpCall call) throws IOException {
        cx.guard().checkBodiless(call);
        String user = cx.sessions().user(call);
        String imageId = call.pathParam("id");
        Job job = ownedImageJob(user, imageId);
        StoredImage im = job.images().stream().filter(i -> i.id().equals(imageId)).findFirst().orElseThrow(() -> imageNotFound(imageId));
        cx.images().delete(im);
        call.note("image=" + imageId + " deleted");
        call.json(200, Json.object().put("id", imageId).put("deleted", true));
    }

    private void file(HttpCall call) throws IOException {
        String user = cx.sessions().user(call);
        var m = FILE.matcher(call.pathParam("name"));
        if (!m.matches()) throw imageNotFound(call.pathParam("name"));
        Job job = ownedImageJob(user, m.group(1));
        StoredImage im = job.images().stream().filter(i -> i.id().equals(m.group(1))).findFirst().orElseThrow(() -> imageNotFound(m.group(1)));
        call.setHeader("Cache-Control", "private, max-age=86400");
        if (call.query("download") != null) {
            call.setHeader("Content-Disposition", "attachment; filename=\"atelier-" + im.seed() + "-" + im.id().substring(4, 12) + ".png\"");
        }
        call.send(200, "image/png", cx.images().bytes(im));
    }

    /** The succeeded studio job that holds this image, if the user owns it; else a 404. */
    public Job ownedImageJob(String user, String imageId) {
        String jobId = cx.store().jobOfImage(imageId).orElseThrow(() -> imageNotFound(imageId));
        if (!cx.store().owner(jobId).map(user::equals).orElse(false)) throw imageNotFound(imageId);
        return cx.queue().get(jobId).orElseThrow(() -> imageNotFound(imageId));
    }

    private Job owned(HttpCall call, String jobId) {
        String user = cx.sessions().user(call);
        var notFound = new ApiException(new ApiError.NotFound("No studio job with id '" + jobId + "'.", "id", "not_found"));
        if (!cx.store().owner(jobId).map(user::equals).orElse(false)) throw notFound;
        return cx.queue().get(jobId).orElseThrow(() -> notFound);
    }

    static ApiException imageNotFound(String id) {
        return new ApiException(new ApiError.NotFound("No image '" + id + "' in your studio.", "id", "not_found"));
    }

    private static int pageNumber(String raw) {
        if (raw == null || raw.isEmpty()) return 0;
        try {
            int p = Integer.parseInt(raw);
            if (p < 0 || p > 100_000) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            throw ApiException.invalid("'page' must be a whole number from 0, got '" + raw + "'", "page");
        }
    }

    /** {@link #describe}, with {@code warnings}: a prompt that names nothing the model knows (not for an upscale). */
    private ObjectNode view(Job job) {
        ObjectNode d = describe(job);
        var warnings = d.putArray("warnings");
        if (job.spec().upscale() == null) concepts.warning(job.spec().model(), job.spec().prompt()).ifPresent(warnings::add);
        return d;
    }

    /** A job as the studio pages show it: every parameter, state, timings and images. */
    static ObjectNode describe(Job job) {
        JobSpec s = job.spec();
        ObjectNode d = Json.object();
        d.put("id", job.id()).put("status", job.state().wire()).put("prompt", s.prompt()).put("negative_prompt", s.negativePrompt())
                .put("model", s.model()).put("size", s.size()).put("width", s.width()).put("height", s.height())
                .put("steps", s.steps()).put("guidance_scale", s.guidance()).put("n", s.n());
        d.put("scheduler", s.scheduler());
        if (s.seed() != null) d.put("requested_seed", s.seed());
        else d.putNull("requested_seed");
        if (job.seed() != null) d.put("seed", job.seed());
        if (s.upscale() != null) d.put("upscale", s.upscale());
        else if (s.edit() != null) d.putObject("edit").put("strength", s.edit().strength()).put("mask", s.edit().maskKey() != null);
        d.putObject("progress").put("step", job.progressStep()).put("total_steps", job.progressTotal());
        ObjectNode t = d.putObject("timings").put("created_at", job.createdAt());
        if (job.startedAt() != null) t.put("started_at", job.startedAt()).put("queued_ms", job.startedAt() - job.createdAt());
        if (job.finishedAt() != null) {
            t.put("finished_at", job.finishedAt()).put("total_ms", job.finishedAt() - job.createdAt());
            if (job.startedAt() != null) t.put("run_ms", job.finishedAt() - job.startedAt());
        }
        if (job.errorCode() != null) d.putObject("error").put("code", job.errorCode()).put("message", job.errorMessage());
        var images = d.putArray("images");
        if (job.state() == JobState.SUCCEEDED) {
            for (StoredImage im : job.images()) {
                images.addObject().put("id", im.id()).put("index", im.index()).put("seed", im.seed())
                        .put("url", "/studio/files/" + im.id() + ".png").put("download_url", "/studio/files/" + im.id() + ".png?download=1")
                        .put("page", "/images/" + im.id());
            }
        }
        return d;
    }
}
