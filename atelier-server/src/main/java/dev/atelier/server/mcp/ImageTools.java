package dev.atelier.server.mcp;

import dev.atelier.server.http.HttpCall;
import dev.atelier.server.jobs.Job;
import dev.atelier.server.jobs.JobEvent;
import dev.atelier.server.keys.ApiKey;
import dev.atelier.server.models.ModelCatalog;
import dev.atelier.server.models.ModelDescription;
import dev.atelier.server.service.ApiError;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.service.Generations;
import dev.atelier.server.service.ImageLinks;
import dev.atelier.server.service.Json;
import dev.atelier.server.service.Outcomes;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The tools: {@code generate_image}, {@code edit_image} and {@code list_models}. Each is a thin layer over the
 * generation service, as the Images API is: the same resolution, moderation, quotas and safeguards, under the
 * caller's API key; every refusal is a tool error that says why.
 */
final class ImageTools {
    private static final System.Logger LOG = System.getLogger(ImageTools.class.getName());

    private final Generations generations;
    private final Outcomes outcomes;
    private final ToolResults results;
    private final ImageLinks links;
    private final ModelCatalog models;

    ImageTools(Generations generations, Outcomes outcomes, ToolResults results, ImageLinks links, ModelCatalog models) {
        this.links = links;
        this.generations = generations;
        this.outcomes = outcomes;
        this.results = results;
        this.models = models;
    }

    List<SyncToolSpecification> specifications(McpJsonMapper json) {
        return List.of(
                tool(json, "generate_image", "Generate images", "Generates images from a text prompt with one of the "
                        + "server's models. Returns each image (PNG) and a signed link to it.", ToolSchemas.GENERATE, false,
                        (ctx, args) -> run(ctx, ToolArguments.generation(args))),
                tool(json, "edit_image", "Edit an image", "Repaints an image after a prompt: the whole image (image to image) "
                        + "or, with a mask, only its transparent area. The image is base64 or a link this server returned. "
                        + "Returns each result (PNG) and a signed link to it.",
                        ToolSchemas.EDIT, false, (ctx, args) -> run(ctx, ToolArguments.edit(args, links))),
                tool(json, "list_models", "List models", "Lists the installed image models with their sizes and defaults.",
                        ToolSchemas.NONE, true, (ctx, args) -> listModels(args)));
    }

    // the draft submitted under the caller's key, its progress handed on, its images answered once the job ends
    private McpSchema.CallToolResult run(McpTransportContext ctx, Generations.Draft draft) {
        Job submitted = generations.submit((ApiKey) ctx.get(McpEndpoint.KEY), draft, null).job();
        call(ctx).note("job=" + submitted.id());
        var progress = (ProgressStream.Progress) ctx.get(McpEndpoint.PROGRESS);
        Job done = outcomes.await(submitted, e -> {
            if (e instanceof JobEvent.Progress p) progress.step(p.step(), p.totalSteps());
        });
        return results.images(done, call(ctx));
    }

    private McpSchema.CallToolResult listModels(Map<String, Object> args) {
        if (args != null && !args.isEmpty()) {
            throw ApiException.invalid("list_models takes no arguments; got '" + args.keySet().iterator().next() + "'.", null);
        }
        var list = new ArrayList<Object>();
        for (String name : models.names()) {
            try {
                list.add(Json.MAPPER.convertValue(ModelDescription.of(models.find(name).orElseThrow()), Map.class));
            } catch (RuntimeException e) {
                // a broken package is left out, as in GET /v1/models
            }
        }
        Map<String, Object> structured = Map.of("default_model", models.defaultModel(), "models", list);
        String text;
        try {
            text = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(structured);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return McpSchema.CallToolResult.builder().addTextContent(text).structuredContent(structured).isError(false).build();
    }

    private static HttpCall call(McpTransportContext ctx) {
        return (HttpCall) ctx.get(McpEndpoint.CALL);
    }

    // a tool's handler, its API errors turned into tool errors and its failures logged and reported without internals
    private static SyncToolSpecification tool(McpJsonMapper json, String name, String title, String description, String schema,
                                              boolean readOnly, BiFunction<McpTransportContext, Map<String, Object>,
                                              McpSchema.CallToolResult> handler) {
        var annotations = new McpSchema.ToolAnnotations(title, readOnly, false, false, false, null);
        var tool = McpSchema.Tool.builder().name(name).title(title).description(description).inputSchema(json, schema)
                .annotations(annotations).build();
        return new SyncToolSpecification(tool, (ctx, request) -> {
            call(ctx).note("tool=" + request.name());
            try {
                return handler.apply(ctx, request.arguments());
            } catch (ApiException e) {
                return ToolResults.error(e.error());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "MCP tool " + name + " failed", e);
                return ToolResults.error(new ApiError.ServerError("the server failed to run " + name, "server_error"));
            }
        });
    }
}
