package dev.atelier.server.a1111;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.engine.image.PngText;
import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Open WebUI's AUTOMATIC1111 image engine, request for request. No A1111 client on npm installs here (the one there,
 * stable-diffusion-api 0.0.7, needs sharp 0.32, which downloads libvips from GitHub), so this test sends what Open
 * WebUI sends, as read in open-webui/open-webui {@code backend/open_webui/routers/images.py} (commit 02530d5):
 * {@code get_automatic1111_api_auth} turns the "AUTOMATIC1111 Api Auth" setting {@code user:password} into
 * {@code authorization: Basic base64(...)}, or an empty {@code authorization} header when it is unset;
 * {@code verify_url} and {@code get_image_model} GET {@code /sdapi/v1/options} and read {@code sd_model_checkpoint};
 * {@code get_models} GETs {@code /sdapi/v1/sd-models} and keeps each {@code title} and {@code model_name};
 * {@code set_image_model} GETs the options and, when the model differs, POSTs the whole options object back with
 * {@code sd_model_checkpoint} changed; {@code image_generations} POSTs {@code /sdapi/v1/txt2img} with {@code prompt},
 * {@code batch_size} (its n), {@code width}, {@code height}, {@code steps}, {@code negative_prompt} and the
 * "AUTOMATIC1111 Params" merged in, then base64-decodes each of {@code images} (no comma: PNG) and keeps {@code info}.
 */
class OpenWebUiShapesTest {
    @TempDir
    static Path dir;
    static TestServer s;
    static String apiAuth;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir, TestDatabases.fresh("sqlite", dir), c -> c);
        apiAuth = "openwebui:" + s.key;  // what the admin types into "AUTOMATIC1111 Api Auth"
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    // get_automatic1111_api_auth
    static String authorization(String setting) {
        return setting == null ? "" : "Basic " + Base64.getEncoder().encodeToString(setting.getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> get(String path, String setting) throws Exception {
        return s.send(HttpRequest.newBuilder(URI.create(s.url(path))).header("authorization", authorization(setting)).GET());
    }

    static HttpResponse<String> postJson(String path, JsonNode json, String setting) throws Exception {
        return s.send(HttpRequest.newBuilder(URI.create(s.url(path))).header("authorization", authorization(setting))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json.toString())));
    }

    static void raiseForStatus(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 399);
    }

    @Test
    void verifyingTheUrlReadsTheOptions() throws Exception {
        var r = get("/sdapi/v1/options", apiAuth);
        raiseForStatus(r);
        assertThat(TestServer.json(r).path("sd_model_checkpoint").asText()).isEqualTo("tiny-sd");
    }

    @Test
    void theModelListIsTheCheckpointTitlesAndNames() throws Exception {
        JsonNode models = TestServer.json(get("/sdapi/v1/sd-models", apiAuth));
        List<String> ids = new ArrayList<>();
        models.forEach(m -> ids.add(m.path("title").asText() + "=" + m.path("model_name").asText()));
        assertThat(ids).containsExactly("tiny-sd=tiny-sd");
    }

    @Test
    void settingTheModelPostsTheWholeOptionsObjectBack() throws Exception {
        ObjectNode options = (ObjectNode) TestServer.json(get("/sdapi/v1/options", apiAuth));
        String model = "tiny-sd [0000000000]";  // a title as A1111 writes them; Open WebUI compares and posts it back
        assertThat(model).isNotEqualTo(options.path("sd_model_checkpoint").asText());
        options.put("sd_model_checkpoint", model);
        raiseForStatus(postJson("/sdapi/v1/options", options, apiAuth));
        assertThat(TestServer.json(get("/sdapi/v1/options", apiAuth)).path("sd_model_checkpoint").asText()).isEqualTo("tiny-sd");
    }

    @Test
    void generatingPostsTxt2imgAndDecodesEveryImage() throws Exception {
        String model = TestServer.json(get("/sdapi/v1/options", apiAuth)).path("sd_model_checkpoint").asText();
        assertThat(model).isEqualTo("tiny-sd");
        ObjectNode data = TestServer.JSON.createObjectNode();
        data.put("prompt", "a lighthouse at dusk");
        data.put("batch_size", 2);
        data.put("width", 64);   // IMAGE_SIZE "64x64"
        data.put("height", 64);
        data.put("steps", 3);    // IMAGE_STEPS
        data.put("negative_prompt", "fog");
        // AUTOMATIC1111_PARAMS, merged over the fields above
        data.put("cfg_scale", 7);
        data.put("sampler_name", "DPM++ 2M");
        data.put("scheduler", "Karras");
        var r = postJson("/sdapi/v1/txt2img", data, apiAuth);
        JsonNode res = TestServer.json(r);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(res.path("images")).hasSize(2);
        for (JsonNode image : res.path("images")) {
            String b64 = image.asText();
            assertThat(b64).doesNotContain(",");  // get_image_data: no comma, so it takes the PNG path
            byte[] png = Base64.getDecoder().decode(b64);
            assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(64);
            assertThat(PngText.read(png, "parameters").orElseThrow()).contains("Negative prompt: fog");
        }
        JsonNode info = TestServer.JSON.readTree(res.path("info").asText());
        assertThat(info.path("all_seeds")).hasSize(2);
        assertThat(info.path("sampler_name").asText()).isEqualTo("DPM++ 2M");
        assertThat(info.path("scheduler").asText()).isEqualTo("Karras");
    }

    @Test
    void withoutApiAuthTheEmptyAuthorizationHeaderIsA401ThatSaysWhatToSet() throws Exception {
        var r = get("/sdapi/v1/options", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(TestServer.json(r).path("detail").asText()).contains("user:KEY");
    }
}
