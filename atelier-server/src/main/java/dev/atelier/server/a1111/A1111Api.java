package dev.atelier.server.a1111;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.request.EditInputs;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.InitImage;
import dev.atelier.engine.request.InvalidRequestException;
import dev.atelier.server.http.HttpCall;
import dev.atelier.server.http.Router;
import dev.atelier.server.jobs.Job;
import dev.atelier.server.jobs.JobEvent;
import dev.atelier.server.jobs.JobEvents;
import dev.atelier.server.jobs.JobQueue;
import dev.atelier.server.jobs.JobSpec;
import dev.atelier.server.jobs.JobWaiter;
import dev.atelier.server.models.ModelCatalog;
import dev.atelier.server.service.ApiError;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.service.Generations;
import dev.atelier.server.service.JobFailures;
import dev.atelier.server.service.Json;
import dev.atelier.server.service.Submissions;
import dev.atelier.server.store.ImageStore;
import dev.atelier.server.store.StoredImage;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The AUTOMATIC1111-compatible API under {@code /sdapi/v1/} (docs/integrations.md), for the tools that speak it (Open
 * WebUI, SillyTavern, Krita plug-ins): a thin layer that turns A1111's JSON into the engine's typed request and hands it
 * to the same generation service as the Images API, so the same keys, quotas, moderation and image safeguards apply.
 * Errors are in A1111's shape ({@link A1111Errors}).
 */
public final class A1111Api {
    /** The path prefix of every A1111 route. */
    public static final String PREFIX = "/sdapi/";

    private final Generations generations;
    private final Submissions submissions;
    private final JobQueue queue;
    private final JobEvents events;
    private final ImageStore images;
    private final Duration timeout;
    private final Checkpoints checkpoints;
    private final CurrentJobs current;

    public A1111Api(Generations generations, Submissions submissions, JobQueue queue, JobEvents events, ImageStore images,
                    ModelCatalog models, Duration timeout) {
        this.generations = generations;
        this.submissions = submissions;
        this.queue = queue;
        this.events = events;
        this.images = images;
        this.timeout = timeout;
        this.checkpoints = new Checkpoints(models, generations);
        this.current = new CurrentJobs(queue);
    }

    public void register(Router r) {
        r.errorShape(PREFIX, new A1111Errors());
        r.authed("POST", "/sdapi/v1/txt2img", call -> generate(call, false));
        r.authed("POST", "/sdapi/v1/img2img", call -> generate(call, true));
        r.authed("GET", "/sdapi/v1/progress", call -> call.json(200,
                current.progress(call.key().id(), !"true".equalsIgnoreCase(call.query("skip_current_image")))));
        r.authed("POST", "/sdapi/v1/interrupt", this::interrupt);
        r.authed("GET", "/sdapi/v1/options", call -> call.json(200, checkpoints.options(call.key().id())));
        r.authed("POST", "/sdapi/v1/options", call -> call.json(200, checkpoints.set(call.key().id(), call.jsonBody())));
        r.authed("GET", "/sdapi/v1/sd-models", call -> call.json(200, checkpoints.list()));
        r.authed("POST", "/sdapi/v1/refresh-checkpoints", call -> call.json(200, Json.object()));
        r.authed("GET", "/sdapi/v1/samplers", this::samplers);
        r.authed("GET", "/sdapi/v1/schedulers", this::schedulers);
        Lists.register(r);
    }

    private void generate(HttpCall call, boolean img2img) throws IOException {
        JsonNode body = call.jsonBody();
        A1111Request r = img2img ? A1111Request.img2img(body) : A1111Request.txt2img(body);
        String model = r.checkpoint() != null ? checkpoints.resolve(r.checkpoint()) : checkpoints.current(call.key().id());
        ModelPackage pkg = generations.model(model, "sd_model_checkpoint");
        Samplers.Choice choice = Samplers.choose(pkg, r.sampler(), r.scheduler());
        var request = ImageRequest.of(r.prompt()).negativePrompt(r.negative()).width(r.width()).height(r.height())
                .steps(r.steps()).guidance(r.cfgScale()).scheduler(choice.scheduler()).karras(choice.karras())
                .seed(r.seed()).count(r.count());
        Generations.Upload upload = null;
        if (img2img) {
            try {
                RgbImage picture = EditInputs.image(r.init(), "init_images");
                RgbImage mask = r.mask() == null ? null : EditInputs.mask(r.mask(), "mask");
                request.init(new InitImage(picture, mask, r.strength(), null));
            } catch (InvalidRequestException e) {
                throw ApiException.invalid(e);
            }
            upload = new Generations.Upload(r.init(), r.mask());
        }
        // previews on, for /sdapi/v1/progress's current_image
        var output = new JobSpec.Output("png", 100, JobSpec.MAX_PARTIAL_IMAGES, "", "auto", "b64_json");
        var draft = new Generations.Draft(pkg.name(), request.build(), output, "auto", upload);
        Job job = generations.submit(call.key(), draft, call.header("Idempotency-Key")).job();
        call.note("job=" + job.id());
        var mine = current.begin(call.key().id(), job.id());
        try {
            Job done = await(job, mine);
            boolean interrupted = done.state() == dev.atelier.server.jobs.JobState.CANCELLED;
            List<StoredImage> stored = interrupted ? List.of() : done.images();
            List<byte[]> pngs = stored.stream().map(images::bytes).toList();
            List<Long> seeds = stored.stream().map(StoredImage::seed).toList();
            String scheduler = choice.karras() ? "Karras" : "Automatic";
            call.json(200, A1111Response.of(done, pkg, r, body, scheduler, pngs, seeds, interrupted));
        } finally {
            current.end(call.key().id(), mine);
        }
    }

    // as A1111: an interrupted job answers 200, with the images it finished (none: a job's images are all-or-nothing)
    private Job await(Job submitted, CurrentJobs.Current mine) {
        java.util.Optional<Job> done;
        try (var waiter = new JobWaiter(queue, events, submitted.id(), 1000)) {
            done = waiter.await(timeout, e -> {
                if (e instanceof JobEvent.Partial p) mine.preview = p.bytes();
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(new ApiError.Unavailable("the server is shutting down", "shutting_down", 5));
        }
        Job job = done.orElseThrow(() -> new ApiException(new ApiError.Unavailable("the image was not ready within "
                + timeout.toSeconds() + " s; it is still queued as job " + submitted.id(), "timeout", 5)));
        return switch (job.state()) {
            case SUCCEEDED, CANCELLED -> job;
            case FAILED -> throw new ApiException(JobFailures.error(job));
            case QUEUED, RUNNING -> throw new IllegalStateException("not finished: " + job.id());
        };
    }

    // A1111 interrupts the job that is running; here, the caller's current one
    private void interrupt(HttpCall call) throws IOException {
        current.of(call.key().id()).ifPresent(c -> {
            c.interrupted = true;
            submissions.cancel(call.key(), c.jobId);
            call.note("job=" + c.jobId);
        });
        call.json(200, Json.object());
    }

    private void samplers(HttpCall call) throws IOException {
        ModelPackage pkg = generations.model(checkpoints.current(call.key().id()), "sd_model_checkpoint");
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (Sampler s : Samplers.of(pkg)) {
            var item = list.addObject().put("name", s.name());
            s.aliases().forEach(item.putArray("aliases")::add);
            item.putObject("options");
        }
        call.json(200, list);
    }

    private void schedulers(HttpCall call) throws IOException {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (String s : Samplers.SCHEDULERS) {
            var item = list.addObject().put("name", s.toLowerCase(java.util.Locale.ROOT)).put("label", s);
            item.putNull("aliases");
            if (s.equals("Karras")) item.put("default_rho", 7.0);
            else item.putNull("default_rho");
            item.put("need_inner_model", false);
        }
        call.json(200, list);
    }
}
