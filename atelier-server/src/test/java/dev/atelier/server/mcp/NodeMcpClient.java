package dev.atelier.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The official MCP TypeScript SDK ({@code @modelcontextprotocol/sdk}, Streamable HTTP client) run under Node, one
 * session per call: {@code src/test/node-mcp/client.mjs}.
 */
final class NodeMcpClient {
    private static final Path PROJECT = Path.of("src/test/node-mcp").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final String key;

    NodeMcpClient(String url, String key) {
        this.url = url;
        this.key = key;
    }

    /** The client's report of listing the tools: {@code ok}, then {@code result} or {@code error}/{@code code}. */
    JsonNode tools() throws IOException, InterruptedException {
        return run("{}", "tools");
    }

    /** The client's report of calling {@code tool} with {@code arguments}. */
    JsonNode call(String tool, Object arguments) throws IOException, InterruptedException {
        return run(JSON.writeValueAsString(arguments), "call", tool);
    }

    /** The results of calling each of {@code calls} ({@code name} and {@code arguments}) in turn in one session. */
    JsonNode calls(java.util.List<Map<String, Object>> calls) throws IOException, InterruptedException {
        JsonNode report = run(JSON.writeValueAsString(calls), "calls");
        if (!report.path("ok").asBoolean()) throw new AssertionError("the session failed: " + report);
        return report.path("result");
    }

    private JsonNode run(String stdin, String... action) throws IOException, InterruptedException {
        if (!Files.isDirectory(PROJECT.resolve("node_modules/@modelcontextprotocol/sdk"))) {
            throw new IllegalStateException("the MCP SDK is not installed; run: npm ci --prefix atelier-server/src/test/node-mcp");
        }
        var command = new java.util.ArrayList<>(java.util.List.of("node", PROJECT.resolve("client.mjs").toString(), url, key));
        command.addAll(java.util.List.of(action));
        Process node = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = node.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!node.waitFor(120, TimeUnit.SECONDS) || node.exitValue() != 0) throw new IllegalStateException("node client.mjs failed: " + out);
        return JSON.readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
    }
}
