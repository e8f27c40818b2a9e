package dev.atelier.server.service;

import dev.atelier.engine.image.GenerationParameters;
import dev.atelier.engine.image.PngText;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.request.EditInputs;
import dev.atelier.engine.upscale.UpscaleRequest;
import dev.atelier.engine.upscale.Upscaler;
import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.InvalidRequestException;
import dev.atelier.engine.request.RequestLimits;
import dev.atelier.engine.request.RequestResolver;
import dev.atelier.server.jobs.Job;
import dev.atelier.server.jobs.JobQueue;
import dev.atelier.server.jobs.EditUploads;
import dev.atelier.server.jobs.JobSpec;
import dev.atelier.server.spi.BlobStore;
import dev.atelier.server.keys.ApiKey;
import dev.atelier.server.models.ModelCatalog;
import dev.atelier.server.spi.PromptCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * Where every new image job enters, from the API, the studio and the arena alike: the request is resolved against
 * its model once (the engine's {@link RequestResolver}: defaults and checks), the prompt check runs, then admission
 * (an API key's {@link Submissions}, or the studio's {@link StudioAdmission} budget) and the queue.
 */
public final class Generations {
    private final ModelCatalog models;
    private final RequestLimits limits;
    private final PromptCheck promptCheck;
    private final Submissions submissions;
    private final StudioAdmission studio;
    private final BlobStore blobs;

    public Generations(ModelCatalog models, RequestLimits limits, PromptCheck promptCheck, Submissions submissions,
                       StudioAdmission studio, BlobStore blobs) {
        this.blobs = blobs;
        this.models = models;
        this.limits = limits;
        this.promptCheck = promptCheck;
        this.submissions = submissions;
        this.studio = studio;
    }

    /**
     * What a caller asks for: a model (null for the default), the request, how its images are handed back, and the
     * moderation level asked for ({@code auto} or {@code low}; null reads as auto).
     */
    public record Draft(String model, ImageRequest request, JobSpec.Output output, String moderation, Upload upload) {
        public Draft {
            moderation = moderation == null ? "auto" : moderation;
            if ((upload == null) != (request.init() == null)) {
                throw new IllegalArgumentException("an edit's draft carries both the decoded start image and its uploaded bytes");
            }
        }

        public Draft(String model, ImageRequest request, JobSpec.Output output, String moderation) {
            this(model, request, output, moderation, null);
        }

        public Draft(String model, ImageRequest request, JobSpec.Output output) {
            this(model, request, output, "auto", null);
        }
    }

    /**
     * An edit's uploaded files as received (stored with the job once it is accepted): the picture edited, the mask
     * (null for none) and the reference pictures (empty for none).
     */
    public record Upload(byte[] image, byte[] mask, List<byte[]> references) {
        public Upload {
            references = references == null ? List.of() : List.copyOf(references);
        }

        public Upload(byte[] image, byte[] mask) {
            this(image, mask, List.of());
        }
    }

    /**
     * The installed model called {@code name}, or a 404 naming {@code param} ({@code model}, or an Azure
     * {@code deployment}) and the installed ones.
     */
    public ModelPackage model(String name, String param) {
        String n = name == null ? models.defaultModel() : name;
        return models.find(n).orElseThrow(() -> new ApiException(new ApiError.NotFound("The model '" + n
                + "' does not exist; installed: " + String.join(", ", models.names()), param, "model_not_found")));
    }

    /** The job {@code d} makes, resolved and checked, without queueing it; a 400 names the field at fault. */
    public JobSpec resolve(Draft d) {
        ModelPackage pkg = model(d.model(), "model");
        GenerationRequest r;
        try {
            r = RequestResolver.resolve(pkg, d.request(), limits);
        } catch (InvalidRequestException e) {
            throw ApiException.invalid(e);
        }
        return JobSpec.of(pkg.name(), r, d.request().seed(), d.output()).withModeration(d.moderation());
    }

    // an edit's files are stored only once its request resolved and passed the checks: a refusal leaves nothing behind
    private JobSpec stored(Draft d, JobSpec spec) {
        if (d.upload() == null) return spec;
        var init = d.request().init();
        String image = EditUploads.put(blobs, d.upload().image());
        String mask = d.upload().mask() == null ? null : EditUploads.put(blobs, d.upload().mask());
        List<String> references = d.upload().references().stream().map(r -> EditUploads.put(blobs, r)).toList();
        return spec.withEdit(new JobSpec.Edit(image, mask, init.strengthOrDefault(), init.name(), references));
    }

    /** Queues an API job for {@code key}, or returns the earlier job with the same idempotency key. */
    public JobQueue.Submitted submit(ApiKey key, Draft d, String idempotencyKey) {
        JobSpec spec = stored(d, check(resolve(d), key.id(), key.tier()));
        return submissions.submit(key, spec, idempotencyKey);
    }

    /**
     * An upscale a caller asks for (docs/edits.md, "Upscaling"): the uploaded picture and its file name, the factor,
     * the hires fix's prompt (null: the one in the picture's PNG {@code parameters}), strength and seed (null for the
     * defaults), how the image is handed back, the moderation level asked for.
     */
    public record UpscaleDraft(String model, byte[] image, String name, int factor, String prompt, Double strength, Long seed,
                               JobSpec.Output output, String moderation) {
    }

    /** Queues an API key's upscale: checked as the engine's {@code Upscaler} will run it, the prompt moderated. */
    public JobQueue.Submitted submitUpscale(ApiKey key, UpscaleDraft d, String idempotencyKey) {
        return submissions.submit(key, upscaleSpec(d, key.id(), key.tier()), idempotencyKey);
    }

    /** Queues a studio upscale for {@code who} within the studio's budget, checked and moderated as the API's. */
    public Job submitStudioUpscale(Visitor who, UpscaleDraft d) {
        return studio.submitAll(who, List.of(upscaleSpec(d, "studio", "studio"))).getFirst();
    }

    // the picture is stored only once the request passed the checks: a refusal leaves nothing behind
    private JobSpec upscaleSpec(UpscaleDraft d, String caller, String tier) {
        ModelPackage pkg = model(d.model(), "model");
        String prompt = d.prompt() != null ? d.prompt()
                : PngText.isPng(d.image()) ? PngText.read(d.image(), "parameters").flatMap(GenerationParameters::promptIn).orElse(null) : null;
        UpscaleRequest r;
        try {
            r = new UpscaleRequest(EditInputs.image(d.image(), d.name()), d.factor(), prompt, d.strength(), d.seed(), d.name());
            Upscaler.check(pkg, r);
        } catch (InvalidRequestException e) {
            throw ApiException.invalid(e);
        }
        String text = prompt == null || prompt.isBlank() ? "upscale" : prompt;
        JobSpec spec = check(JobSpec.upscale(pkg.name(), text, r.width(), r.height(), d.seed(), d.output(), d.factor(), null)
                .withModeration(d.moderation()), caller, tier);
        return spec.withEdit(new JobSpec.Edit(EditUploads.put(blobs, d.image()), null, r.strengthOrDefault(), d.name()));
    }

    /** Queues a studio job for {@code who} within the studio's budget. */
    public Job submitStudio(Visitor who, Draft d) {
        return submitStudio(who, List.of(d)).getFirst();
    }

    /** Queues studio or arena jobs for {@code who}: all of them, or none. */
    public List<Job> submitStudio(Visitor who, List<Draft> drafts) {
        // every draft resolved and checked before any upload is stored
        var specs = new ArrayList<JobSpec>();
        for (Draft d : drafts) specs.add(check(resolve(d), "studio", "studio"));
        for (int i = 0; i < specs.size(); i++) specs.set(i, stored(drafts.get(i), specs.get(i)));
        return studio.submitAll(who, specs);
    }

    /** The spec at the moderation level that applies, or a 400 {@code moderation_blocked} that names the categories. */
    private JobSpec check(JobSpec spec, String caller, String tier) {
        try {
            var passed = promptCheck.check(input(spec, caller, tier));
            return spec.withPromptCheck(passed.moderation(), passed.results());
        } catch (PromptCheck.Refused e) {
            throw new ApiException(new ApiError.ContentFiltered(e.getMessage(), e.code(), e.results()));
        }
    }

    private static PromptCheck.Input input(JobSpec spec, String caller, String tier) {
        return new PromptCheck.Input(spec.model(), spec.prompt(), spec.negativePrompt(), caller, tier, spec.moderation());
    }
}
