package dev.atelier.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.request.InvalidRequestException;
import dev.atelier.engine.upscale.Upscaler;
import dev.atelier.server.http.HttpCall;
import dev.atelier.server.http.JsonFields;
import dev.atelier.server.http.Router;
import dev.atelier.server.jobs.Job;
import dev.atelier.server.jobs.JobSpec;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.service.Generations;
import dev.atelier.server.service.Visitor;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /studio/api/upscales}: enlarge one of the user's images 2× or 4× (docs/edits.md, "Upscaling"). The
 * job is the service's ({@link Generations#submitStudioUpscale}: the engine's checks, the prompt check, the studio's
 * budget), its picture the stored PNG's bytes ({@link FromImage#source}, after the ownership check) and its name the source image's id, so the result's page shows
 * "Made from" as for Vary and Edit. The studio follows it like every studio job.
 */
final class StudioUpscale {
    private static final Set<String> FIELDS = Set.of("from_image", "factor", "model", "prompt", "strength", "seed");
    /** The factor when the request names none. */
    static final int DEFAULT_FACTOR = 2;

    private final StudioApi.Context cx;
    private final FromImage fromImage;

    StudioUpscale(StudioApi.Context cx, FromImage fromImage) {
        this.cx = cx;
        this.fromImage = fromImage;
    }

    void register(Router r) {
        r.open("POST", "/studio/api/upscales", this::submit);
    }

    private void submit(HttpCall call) throws IOException {
        cx.guard().checkWrite(call);
        String user = cx.sessions().user(call);
        JsonNode body = call.jsonBody();
        JsonFields.onlyKnown(body, FIELDS, f -> "Unknown field '" + f + "'; an upscale takes "
                + String.join(", ", FIELDS.stream().sorted().toList()) + ".");
        String imageId = JsonFields.string(body, "from_image", null);
        if (imageId == null) throw ApiException.invalid("'from_image' is required: the id of the image to upscale (img_…).", "from_image");
        var source = fromImage.source(user, imageId);
        Integer factor = JsonFields.intOrNull(body, "factor");
        var draft = new Generations.UpscaleDraft(model(JsonFields.string(body, "model", null), source.job().spec().model()),
                source.png(), imageId, factor == null ? DEFAULT_FACTOR : factor, JsonFields.string(body, "prompt", null),
                JsonFields.numberOrNull(body, "strength"), JsonFields.longOrNull(body, "seed"),
                JobSpec.Output.web(user, 0), "auto");
        Job job = cx.generations().submitStudioUpscale(Visitor.web(user, call.clientAddress()), draft);
        cx.store().record(job.id(), user, job.spec().prompt(), job.createdAt());
        call.note("job=" + job.id());
        call.json(202, StudioApi.describe(job));
    }

    // the one asked for; else the source image's model when it can upscale; else an installed one that can,
    // a learned upsampler before a hires fix (it needs no prompt and is the faster)
    private String model(String asked, String sourceModel) {
        if (asked != null) return asked;
        if (canUpscale(sourceModel).isPresent()) return sourceModel;
        String hiresFix = null;
        for (String name : cx.models().names()) {
            var learned = canUpscale(name);
            if (learned.orElse(false)) return name;
            if (learned.isPresent() && hiresFix == null) hiresFix = name;
        }
        if (hiresFix != null) return hiresFix;
        throw ApiException.invalid("No installed model can upscale: that takes a learned upsampler (atelier-image-2) "
                + "or a Stable Diffusion model with a vae_encoder; installed: " + String.join(", ", cx.models().names()) + ".", "model");
    }

    // present when the model can upscale: true with a learned upsampler, false with the hires fix
    private Optional<Boolean> canUpscale(String name) {
        Optional<ModelPackage> pkg;
        try {
            pkg = cx.models().find(name);
        } catch (RuntimeException e) {
            return Optional.empty();   // a broken package: its error is logged when it is used
        }
        try {
            return pkg.map(Upscaler::check);
        } catch (InvalidRequestException e) {
            return Optional.empty();
        }
    }
}
