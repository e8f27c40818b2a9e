package dev.atelier.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.safety.SafetyConfig;
import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import dev.atelier.server.safety.StandardSafety;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP server at {@code /mcp} through the official MCP TypeScript SDK's Streamable HTTP client, on a real socket,
 * with the standard safeguards.
 */
class McpServerTest {
    private static final Map<String, Object> SMALL = Map.of("model", "tiny-sd", "size", "64x64", "steps", 2);

    @TempDir
    static Path dir;
    static TestServer s;
    static NodeMcpClient mcp;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir, TestDatabases.fresh("sqlite", dir), StandardSafety.setup(SafetyConfig.defaults(),
                dir.resolve("data"), new PipelineOptions(PipelineOptions.defaults().provider(), 1, 1)));
        mcp = new NodeMcpClient(s.url("/mcp"), s.key);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static Map<String, Object> small(Map<String, Object> more) {
        var all = new java.util.HashMap<>(SMALL);
        all.putAll(more);
        return all;
    }

    static BufferedImage png(String base64) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
        assertThat(img).as("a decodable image").isNotNull();
        return img;
    }

    static JsonNode ok(JsonNode report) {
        assertThat(report.path("ok").asBoolean()).as(report.toString()).isTrue();
        return report.path("result");
    }

    static String text(JsonNode result) {
        var out = new StringBuilder();
        result.path("content").forEach(c -> out.append(c.path("text").asText("")));
        return out.toString();
    }

    @Test
    void theClientSeesTheServerAndItsThreeTools() throws Exception {
        JsonNode report = mcp.tools();
        JsonNode tools = ok(report).path("tools");
        assertThat(tools.findValuesAsText("name")).containsExactly("generate_image", "edit_image", "list_models");
        assertThat(report.path("server").path("name").asText()).isEqualTo("atelier");
        JsonNode generate = tools.get(0).path("inputSchema");
        assertThat(generate.path("required").toString()).contains("prompt");
        assertThat(generate.path("properties").has("size")).isTrue();
        assertThat(tools.get(1).path("inputSchema").path("required").toString()).contains("image").contains("prompt");
    }

    @Test
    void generateImageReturnsAPngOfTheAskedSizeAndASignedLinkToTheSameFile() throws Exception {
        JsonNode result = ok(mcp.call("generate_image", small(Map.of("prompt", "a lighthouse", "seed", 7))));
        assertThat(result.path("isError").asBoolean()).as(result.toString()).isFalse();
        JsonNode image = result.path("content").get(0);
        assertThat(image.path("type").asText()).isEqualTo("image");
        assertThat(image.path("mimeType").asText()).isEqualTo("image/png");
        BufferedImage img = png(image.path("data").asText());
        assertThat(img.getWidth()).isEqualTo(64);
        assertThat(img.getHeight()).isEqualTo(64);

        JsonNode link = result.path("content").get(1);
        assertThat(link.path("type").asText()).isEqualTo("resource_link");
        String url = link.path("uri").asText();
        assertThat(url).startsWith(s.server.baseUrl() + "/v1/images/files/").contains("sig=");
        var file = s.bytes(url);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(Base64.getDecoder().decode(image.path("data").asText()));
        assertThat(result.path("structuredContent").path("images").get(0).path("url").asText()).isEqualTo(url);
        assertThat(result.path("structuredContent").path("images").get(0).path("seed").asLong()).isEqualTo(7);
        assertThat(text(result)).contains("tiny-sd").contains("64x64").contains(url);
    }

    @Test
    void aCallThatAsksForProgressHearsEveryStepBeforeItsImages() throws Exception {
        var asked = new java.util.HashMap<String, Object>(call("generate_image", small(Map.of("prompt", "a lighthouse", "steps", 4))));
        asked.put("progress", true);
        JsonNode result = mcp.calls(java.util.List.of(asked)).get(0);
        assertThat(result.path("isError").asBoolean()).as(result.toString()).isFalse();
        // one notification per model call of the run: the steps asked for, or more for a scheduler that calls it more often
        JsonNode progress = result.path("progress");
        int total = progress.path(0).path("total").asInt();
        assertThat(total).isGreaterThanOrEqualTo(4);
        assertThat(progress.findValuesAsText("progress")).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, total).mapToObj(Integer::toString).toList());
        assertThat(png(result.path("content").get(0).path("data").asText()).getWidth()).isEqualTo(64);
    }

    @Test
    void listModelsNamesTheInstalledModelsWithTheirSizesAndTheDefault() throws Exception {
        JsonNode result = ok(mcp.call("list_models", Map.of()));
        assertThat(result.path("isError").asBoolean()).isFalse();
        JsonNode listed = result.path("structuredContent");
        assertThat(listed.path("default_model").asText()).isEqualTo("tiny-sd");
        assertThat(listed.path("models").findValuesAsText("id")).contains("tiny-sd");
        assertThat(listed.path("models").get(0).path("atelier").path("default_size").asText()).matches("\\d+x\\d+");
        assertThat(text(result)).contains("\"tiny-sd\"");
    }

    @Test
    void editImageRepaintsTheMaskedHalfAndKeepsTheOther() throws Exception {
        byte[] start = picture();
        JsonNode result = ok(mcp.call("edit_image", small(Map.of("prompt", "a red apple", "seed", 3,
                "image", Base64.getEncoder().encodeToString(start),
                "mask", "data:image/png;base64," + Base64.getEncoder().encodeToString(leftHalfMask())))));
        assertThat(result.path("isError").asBoolean()).as(result.toString()).isFalse();
        BufferedImage a = ImageIO.read(new ByteArrayInputStream(start));
        BufferedImage b = png(result.path("content").get(0).path("data").asText());
        assertThat(b.getWidth()).isEqualTo(64);
        // the watermark touches every pixel a little; the repainted half differs a lot
        assertThat(meanDifference(a, b, 32, 64)).as("mean change in the kept half").isLessThan(3);
        assertThat(meanDifference(a, b, 0, 32)).as("mean change in the masked half").isGreaterThan(20);
        assertThat(s.bytes(result.path("content").get(1).path("uri").asText()).statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongKeyIsRefusedWith401InOpenAisErrorShape() throws Exception {
        JsonNode report = new NodeMcpClient(s.url("/mcp"), "sk-atelier-wrong").tools();
        assertThat(report.path("ok").asBoolean()).isFalse();
        assertThat(report.path("code").asInt()).isEqualTo(401);
        assertThat(report.path("error").asText()).contains("invalid_api_key");

        var r = s.send(HttpRequest.newBuilder(URI.create(s.url("/mcp"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")));
        assertThat(r.statusCode()).isEqualTo(401);
        JsonNode error = TestServer.json(r).path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).contains("Authorization");
    }

    static Map<String, Object> call(String tool, Map<String, Object> arguments) {
        return Map.of("name", tool, "arguments", arguments);
    }

    @Test
    void badArgumentsAreToolErrorsThatNameTheArgument() throws Exception {
        JsonNode results = mcp.calls(java.util.List.of(
                call("generate_image", small(Map.of("prompt", "a cat", "steps", "many"))),
                call("generate_image", small(Map.of("prompt", "a cat", "colour", "red"))),
                call("generate_image", small(Map.of("prompt", "a cat", "size", "65x65"))),
                call("generate_image", small(Map.of("size", "64x64"))),
                call("edit_image", small(Map.of("prompt", "a cat"))),
                call("edit_image", small(Map.of("prompt", "a cat", "image", "bm90IGEgcGljdHVyZQ==")))));
        results.forEach(r -> assertThat(r.path("isError").asBoolean()).as(r.toString()).isTrue());
        assertThat(text(results.get(0))).contains("'steps' must be an integer");
        assertThat(text(results.get(1))).contains("Unknown argument 'colour'").contains("prompt, scheduler, seed");
        assertThat(text(results.get(2))).contains("size").contains("65x65");
        assertThat(text(results.get(3))).contains("'prompt' is required");
        assertThat(text(results.get(4))).contains("'image' is required");
        assertThat(text(results.get(5))).contains("image");
    }

    @Test
    void anImageThisServerMadeIsEditedByItsLinkAndNoOtherLinkIsFetched() throws Exception {
        JsonNode made = ok(mcp.call("generate_image", small(Map.of("prompt", "a lighthouse", "seed", 11))));
        String url = made.path("content").get(1).path("uri").asText();
        JsonNode results = mcp.calls(java.util.List.of(
                call("edit_image", small(Map.of("prompt", "a lighthouse at night", "image", url, "strength", 0.5))),
                call("edit_image", small(Map.of("prompt", "a cat", "image", url.replace("sig=", "sig=x")))),
                call("edit_image", small(Map.of("prompt", "a cat", "image", "http://example.com/cat.png")))));
        assertThat(results.get(0).path("isError").asBoolean()).as(results.get(0).toString()).isFalse();
        assertThat(png(results.get(0).path("content").get(0).path("data").asText()).getWidth()).isEqualTo(64);
        for (JsonNode refused : new JsonNode[] {results.get(1), results.get(2)}) {
            assertThat(refused.path("isError").asBoolean()).isTrue();
            assertThat(text(refused)).contains("'image' is a link this server cannot open");
        }
    }

    @Test
    void anUnknownToolIsAnInvalidParamsErrorNamingIt() throws Exception {
        JsonNode report = mcp.call("paint_image", Map.of("prompt", "a cat"));
        assertThat(report.path("ok").asBoolean()).isFalse();
        assertThat(report.path("code").asInt()).isEqualTo(-32602);
        assertThat(report.path("error").asText()).contains("Unknown tool");
        assertThat(report.path("data").asText()).contains("paint_image");
    }

    @Test
    void aRefusedPromptIsAToolErrorNamingTheCategory() throws Exception {
        JsonNode result = ok(mcp.call("generate_image", small(Map.of("prompt", "a man stabbing another man with a knife, blood everywhere"))));
        assertThat(result.path("isError").asBoolean()).isTrue();
        assertThat(text(result)).contains("violence").contains("moderation_blocked");
    }

    @Test
    void aKeysDailyQuotaHoldsForToolCallsToo() throws Exception {
        var once = new NodeMcpClient(s.url("/mcp"), s.server.keys().create("one-a-day", 10, 1).secret());
        JsonNode results = once.calls(java.util.List.of(call("generate_image", small(Map.of("prompt", "a cat"))),
                call("generate_image", small(Map.of("prompt", "a cat")))));
        assertThat(results.get(0).path("isError").asBoolean()).as(results.get(0).toString()).isFalse();
        assertThat(results.get(1).path("isError").asBoolean()).isTrue();
        assertThat(text(results.get(1))).contains("daily quota of 1").contains("insufficient_quota");
    }

    @Test
    void getIsA405BecauseTheServerOpensNoStream() throws Exception {
        var get = s.get("/mcp");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(TestServer.json(get).path("error").path("code").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void aBodyThatIsNotOneJsonRpcMessageIsA400ParseError() throws Exception {
        var garbage = s.post("/mcp", "[1, 2");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(garbage).path("error").path("code").asInt()).isEqualTo(-32700);
        assertThat(TestServer.json(garbage).path("id").isNull()).isTrue();
    }

    @Test
    void malformedMessagesGetJsonRpcErrorsNeverA5xx() throws Exception {
        String[] bodies = {"", "{", "[1]", "null", "\"a string\"", "{\"prompt\": 5}", "{\"jsonrpc\": \"2.0\"}",
                "{\"jsonrpc\": \"2.0\", \"id\": 1}", "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": 5}",
                "{\"jsonrpc\": \"2.0\", \"id\": {}, \"method\": \"tools/list\"}",
                "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/call\", \"params\": 5}",
                "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/call\", \"params\": {\"name\": 5}}",
                "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/call\", \"params\": {\"name\": \"generate_image\", \"arguments\": [1]}}",
                "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"no/such/method\"}",
                "{\"jsonrpc\": \"2.0\", \"method\": \"notifications/unknown\"}"};
        for (String body : bodies) {
            var r = s.post("/mcp", body);
            assertThat(r.statusCode()).as(body + " -> " + r.body()).isLessThan(500);
            if (r.statusCode() == 202) continue;
            JsonNode answer = TestServer.json(r);
            assertThat(answer.path("error").path("message").asText()).as(body + " -> " + r.body()).isNotEmpty().doesNotContain("Exception");
        }
    }

    @Test
    void anUnknownProtocolVersionIsA400ListingTheKnownOnes() throws Exception {
        var r = s.send(HttpRequest.newBuilder(URI.create(s.url("/mcp"))).header("Authorization", "Bearer " + s.key)
                .header("MCP-Protocol-Version", "1999-01-01").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(r).path("error").path("message").asText()).contains("1999-01-01").contains("2025-06-18");
    }

    // mean absolute difference per channel over the columns [x0, x1)
    static double meanDifference(BufferedImage a, BufferedImage b, int x0, int x1) {
        double sum = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = x0; x < x1; x++) {
                for (int shift = 0; shift <= 16; shift += 8) sum += Math.abs((a.getRGB(x, y) >> shift & 255) - (b.getRGB(x, y) >> shift & 255));
            }
        }
        return sum / (64 * (x1 - x0) * 3);
    }

    // a 64x64 picture with structure in every quarter
    static byte[] picture() throws Exception {
        var img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | ((x ^ y) * 4 & 255));
        return encode(img);
    }

    // transparent (repaint) on the left half, opaque (keep) on the right
    static byte[] leftHalfMask() throws Exception {
        var img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, x < 32 ? 0x00000000 : 0xFF000000);
        return encode(img);
    }

    static byte[] encode(BufferedImage img) throws Exception {
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
