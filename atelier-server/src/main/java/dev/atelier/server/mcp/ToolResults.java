package dev.atelier.server.mcp;

import dev.atelier.server.api.Results;
import dev.atelier.server.http.HttpCall;
import dev.atelier.server.jobs.Job;
import dev.atelier.server.service.ApiError;
import dev.atelier.server.store.StoredImage;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tool's answer: a finished job's images as MCP image content (base64 PNG) each with a signed link to the stored
 * file, or an API error as a tool error whose text says what was wrong (the model calling the tool reads it).
 */
final class ToolResults {
    private final Results results;

    ToolResults(Results results) {
        this.results = results;
    }

    /** The job's images: for each, its image content and a link; a summary text; the same as structured content. */
    McpSchema.CallToolResult images(Job job, HttpCall call) {
        var content = new ArrayList<McpSchema.Content>();
        var listed = new ArrayList<Map<String, Object>>();
        var text = new StringBuilder();
        var s = job.spec();
        text.append(job.images().size() == 1 ? "1 image" : job.images().size() + " images").append(" by ").append(s.model())
                .append(", ").append(s.size()).append(", ").append(s.steps()).append(" steps (job ").append(job.id()).append(").");
        for (StoredImage im : job.images()) {
            String url = results.url(im, call);
            content.add(McpSchema.ImageContent.builder(results.base64(im), "image/png").build());
            content.add(McpSchema.ResourceLink.builder().name(im.id() + ".png").uri(url).mimeType("image/png").size(im.bytes())
                    .description("the image's signed link; it expires").build());
            text.append("\nImage ").append(im.index() + 1).append(": seed ").append(im.seed()).append(", ").append(url);
            var entry = new LinkedHashMap<String, Object>();
            entry.put("id", im.id());
            entry.put("seed", im.seed());
            entry.put("url", url);
            listed.add(entry);
        }
        content.add(McpSchema.TextContent.builder(text.toString()).build());
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("job", job.id());
        structured.put("model", s.model());
        structured.put("size", s.size());
        structured.put("images", listed);
        return McpSchema.CallToolResult.builder().content(content).structuredContent(structured).isError(false).build();
    }

    /** A tool error with the API error's message and code. */
    static McpSchema.CallToolResult error(ApiError e) {
        String where = e.param() != null ? ", argument '" + e.param() + "'" : "";
        return McpSchema.CallToolResult.builder()
                .content(List.of(McpSchema.TextContent.builder(e.message() + " (" + e.code() + where + ")").build()))
                .isError(true).build();
    }
}
