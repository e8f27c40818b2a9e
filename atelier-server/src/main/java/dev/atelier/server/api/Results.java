package dev.atelier.server.api;

import dev.atelier.server.service.Json;
import dev.atelier.server.http.HttpCall;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.server.jobs.Job;
import dev.atelier.server.jobs.JobSpec;
import dev.atelier.server.store.StoredImage;
import dev.atelier.server.models.ModelCatalog;
import dev.atelier.server.store.ImageStore;
import dev.atelier.server.store.UrlSigner;
import java.time.Duration;
import java.util.Base64;

/** Builds OpenAI's image response ({@code created, data, size, output_format, quality, background, usage}) from a finished job. */
public final class Results {
    private final ImageStore images;
    private final UrlSigner signer;
    private final ModelCatalog models;
    private final Duration urlTtl;
    private final String publicUrl;

    public Results(ImageStore images, UrlSigner signer, ModelCatalog models, Duration urlTtl, String publicUrl) {
        this.images = images;
        this.signer = signer;
        this.models = models;
        this.urlTtl = urlTtl;
        this.publicUrl = publicUrl;
    }

    /** The response body of a succeeded job, images as the job's response format asks. */
    public ObjectNode response(Job job, HttpCall call) {
        JobSpec s = job.spec();
        ObjectNode body = Json.object();
        body.put("created", (job.finishedAt() != null ? job.finishedAt() : System.currentTimeMillis()) / 1000);
        ArrayNode data = body.putArray("data");
        for (StoredImage im : job.images()) {
            ObjectNode d = data.addObject();
            if (s.responseFormat().equals("url")) d.put("url", url(im, call));
            else d.put("b64_json", base64(im));
        }
        body.put("background", s.background());
        body.put("output_format", s.outputFormat());
        body.put("quality", s.quality());
        body.put("size", s.size());
        body.set("usage", usage(job));
        return body;
    }

    public String base64(StoredImage im) {
        return Base64.getEncoder().encodeToString(images.bytes(im));
    }

    /** A signed link to the image that works until the URL lifetime passes. */
    public String url(StoredImage im, HttpCall call) {
        long expires = System.currentTimeMillis() / 1000 + urlTtl.toSeconds();
        String base = publicUrl != null ? publicUrl : call.baseUrl();
        String ext = im.format().equals("jpeg") ? "jpg" : im.format();
        return base + "/v1/images/files/" + im.id() + "." + ext + "?expires=" + expires + "&sig=" + signer.sign(im.id(), expires);
    }

    /**
     * Token usage as OpenAI reports it: input tokens are the prompt's CLIP tokens; output tokens count the images
     * (one per image; the model has no image tokens).
     */
    public ObjectNode usage(Job job) {
        int text = textTokens(job.spec());
        int out = job.spec().n();
        ObjectNode u = Json.object();
        u.put("input_tokens", text);
        u.putObject("input_tokens_details").put("text_tokens", text).put("image_tokens", 0);
        u.put("output_tokens", out);
        u.put("total_tokens", text + out);
        return u;
    }

    private int textTokens(JobSpec s) {
        try {
            var tok = models.tokenizer(s.model());
            return tok.encode(s.prompt(), tok.modelMaxLength()).length();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
