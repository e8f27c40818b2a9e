package dev.atelier.server.mcp;

import dev.atelier.server.api.Results;
import dev.atelier.server.http.Router;
import dev.atelier.server.models.ModelCatalog;
import dev.atelier.server.service.Generations;
import dev.atelier.server.service.ImageLinks;
import dev.atelier.server.service.Outcomes;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Atelier as an MCP server (Model Context Protocol, streamable HTTP) at {@code /mcp}: agents and chat clients call
 * its image tools with an API key (docs/integrations.md). The protocol is the MCP Java SDK's stateless server; the
 * HTTP side is {@link McpEndpoint} on the server's router.
 */
public final class AtelierMcp {
    // the jar's version when packaged, else the project's
    private static final String VERSION = java.util.Objects.requireNonNullElse(AtelierMcp.class.getPackage().getImplementationVersion(), "0.1.0");

    private AtelierMcp() {
    }

    /** Adds {@code POST /mcp} to {@code router}, its tools calling the generation service as the Images API does. */
    public static void register(Router router, Generations generations, Outcomes outcomes, Results results, ImageLinks links,
                                ModelCatalog models) {
        var json = McpJsonDefaults.getMapper();
        var endpoint = new McpEndpoint(json);
        var tools = new ImageTools(generations, outcomes, new ToolResults(results), links, models);
        McpServer.sync(endpoint)
                .serverInfo(new McpSchema.Implementation("atelier", "Atelier", VERSION))
                .instructions("Generates and edits images with the models installed on this Atelier server. Call list_models "
                        + "for the models and their sizes; generate_image and edit_image return PNG images and signed links.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .jsonMapper(json)
                // the tools check their arguments themselves, with the Images API's messages
                .validateToolInputs(false)
                // a tool blocks this request's own virtual thread while its job runs
                .immediateExecution(true)
                .tools(tools.specifications(json))
                .build();
        endpoint.register(router);
    }
}
