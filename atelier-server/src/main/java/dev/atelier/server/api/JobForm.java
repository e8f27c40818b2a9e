package dev.atelier.server.api;

import dev.atelier.server.http.Multipart;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.service.Generations;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/images/jobs}'s multipart form: the text field {@code operation} says which form the rest is,
 * {@code edit} (the default: {@link EditForm}, as {@code /v1/images/edits}) or {@code upscale} ({@link UpscaleForm}, as
 * {@code /v1/images/upscale}).
 */
final class JobForm {
    private JobForm() {
    }

    /** A job's form, read. */
    sealed interface Parsed permits Edit, Upscale {
    }

    /** An edit, as {@code /v1/images/edits} reads it. */
    record Edit(ImageRequestParser.Parsed parsed) implements Parsed {
    }

    /** An upscale, as {@code /v1/images/upscale} reads it. */
    record Upscale(Generations.UpscaleDraft draft) implements Parsed {
    }

    static Parsed parse(List<Multipart.Part> parts) {
        var rest = new ArrayList<Multipart.Part>();
        String operation = null;
        for (Multipart.Part p : parts) {
            if (!p.name().equals("operation")) {
                rest.add(p);
                continue;
            }
            if (operation != null) throw ApiException.invalid("'operation' may be given once.", "operation");
            if (p.isFile()) throw ApiException.invalid("'operation' must be a text field, not a file.", "operation");
            operation = p.text().trim();
        }
        return switch (operation == null ? "edit" : operation) {
            case "edit" -> new Edit(EditForm.parse(rest, null));
            case "upscale" -> new Upscale(UpscaleForm.parse(rest, null));
            default -> throw ApiException.invalid("'operation' must be 'edit' or 'upscale', got '" + operation + "'.", "operation");
        };
    }
}
