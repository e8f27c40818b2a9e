package dev.atelier.server.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.safety.Verifier;
import dev.atelier.safety.c2pa.CredentialReport;
import java.util.Locale;

/** Where an image came from ({@code POST /v1/images/verify}, the studio's image page); a 404 where the server has no verifier. */
public final class Verification {
    /** The largest file checked, in bytes. */
    public static final int MAX_BYTES = 20 * 1024 * 1024;

    private final Verifier verifier;

    /** @param verifier null on a server without provenance */
    public Verification(Verifier verifier) {
        this.verifier = verifier;
    }

    public boolean enabled() {
        return verifier != null;
    }

    /** The report on {@code file}; a 400 when it is not a PNG, JPEG or WebP image. */
    public Verifier.Report verify(byte[] file) {
        if (verifier == null) {
            throw new ApiException(new ApiError.NotFound("image verification is not enabled on this server", null, "verification_disabled"));
        }
        if (file.length == 0) throw ApiException.invalid("the image is empty", "image");
        if (file.length > MAX_BYTES) throw ApiException.invalid("the image must be at most " + MAX_BYTES + " bytes, got " + file.length, "image");
        try {
            return verifier.verify(file);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("'image' must be a PNG, JPEG or WebP file: " + e.getMessage(), "image");
        }
    }

    /** The report's wire form (also the studio's). */
    public static ObjectNode describe(Verifier.Report r) {
        ObjectNode out = Json.object().put("object", "image.verification");
        CredentialReport c = r.credentials();
        ObjectNode cr = out.putObject("content_credentials");
        cr.put("status", c.status().name().toLowerCase(Locale.ROOT));
        var problems = cr.putArray("problems");
        c.problems().forEach(problems::add);
        cr.put("claim_generator", c.claimGenerator());
        cr.put("model", c.model());
        cr.put("signer", c.signer());
        var actions = cr.putArray("actions");
        for (var a : c.actions()) {
            actions.addObject().put("action", a.action()).put("digital_source_type", a.digitalSourceType()).put("software_agent", a.softwareAgent());
        }
        var w = r.watermark();
        out.putObject("watermark").put("present", w.present()).put("score", w.score()).put("threshold", w.threshold());
        return out;
    }
}
