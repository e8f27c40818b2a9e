package dev.atelier.server.a1111;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.engine.image.PngText;
import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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

/** The AUTOMATIC1111-compatible API on a real socket, with A1111's field names, through the JDK's HTTP client. */
class A1111ApiTest {
    @TempDir
    static Path dir;
    static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir, TestDatabases.fresh("sqlite", dir), c -> TestServer.installed(c, "atelier-image-1"));
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static HttpResponse<String> post(String path, String json) throws Exception {
        return s.post(path, json);
    }

    static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestServer.json(r);
    }

    static byte[] png(JsonNode base64) {
        return Base64.getDecoder().decode(base64.asText());
    }

    static JsonNode info(JsonNode body) throws Exception {
        assertThat(body.path("info").isTextual()).as("info is a JSON string").isTrue();
        return TestServer.JSON.readTree(body.path("info").asText());
    }

    @Test
    void txt2imgWithA1111FieldsAnswersPngsCarryingTheirParametersAndInfoWithTheSeeds() throws Exception {
        JsonNode body = ok(post("/sdapi/v1/txt2img", """
                {"prompt": "a red apple", "negative_prompt": "blurry", "seed": 42, "sampler_name": "Euler a",
                 "cfg_scale": 6.5, "steps": 3, "width": 64, "height": 64, "batch_size": 2, "n_iter": 2,
                 "override_settings": {"sd_model_checkpoint": "tiny-sd"}, "save_images": false}"""));
        assertThat(body.path("images")).hasSize(4);
        JsonNode info = info(body);
        assertThat(info.path("seed").asLong()).isEqualTo(42);
        assertThat(info.path("all_seeds").toString()).isEqualTo("[42,43,44,45]");
        assertThat(info.path("sampler_name").asText()).isEqualTo("Euler a");
        assertThat(info.path("cfg_scale").asDouble()).isEqualTo(6.5);
        assertThat(info.path("sd_model_name").asText()).isEqualTo("tiny-sd");
        assertThat(info.path("negative_prompt").asText()).isEqualTo("blurry");
        assertThat(info.path("infotexts")).hasSize(4);
        for (int i = 0; i < 4; i++) {
            byte[] p = png(body.path("images").get(i));
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(p));
            assertThat(img.getWidth()).isEqualTo(64);
            String parameters = PngText.read(p, "parameters").orElseThrow();
            assertThat(parameters).startsWith("a red apple\nNegative prompt: blurry").contains("Seed: " + (42 + i))
                    .contains("Steps: 3").contains("Sampler: euler-ancestral").contains("CFG scale: 6.5");
            assertThat(info.path("infotexts").get(i).asText()).isEqualTo(parameters);
        }
        assertThat(body.path("parameters").path("prompt").asText()).isEqualTo("a red apple");
        assertThat(body.path("parameters").path("batch_size").asInt()).isEqualTo(2);
        assertThat(body.path("parameters").path("n_iter").asInt()).isEqualTo(2);
    }

    @Test
    void seedMinusOneIsARandomSeedThatInfoReports() throws Exception {
        JsonNode body = ok(post("/sdapi/v1/txt2img", "{\"prompt\": \"a cat\", \"seed\": -1, \"steps\": 2, \"width\": 64, \"height\": 64}"));
        long seed = info(body).path("seed").asLong();
        assertThat(seed).isBetween(0L, 0xFFFF_FFFFL);
        assertThat(PngText.read(png(body.path("images").get(0)), "parameters").orElseThrow()).contains("Seed: " + seed);
        assertThat(body.path("parameters").path("seed").asLong()).isEqualTo(-1);
    }

    @Test
    void img2imgWithAnInitImageAndAMaskKeepsEveryPixelOutsideTheMask() throws Exception {
        byte[] start = picture();
        // A1111's convention: white is redrawn, black kept; here the left half is redrawn
        var mask = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) mask.setRGB(x, y, x < 32 ? 0xFFFFFF : 0);
        JsonNode body = ok(post("/sdapi/v1/img2img", "{\"prompt\": \"a green apple\", \"steps\": 4, \"seed\": 7,"
                + " \"denoising_strength\": 1.0, \"mask_blur\": 4, \"inpainting_fill\": 1, \"init_images\": [\"data:image/png;base64,"
                + b64(start) + "\"], \"mask\": \"" + b64(png(mask)) + "\"}"));
        BufferedImage a = ImageIO.read(new ByteArrayInputStream(start));
        BufferedImage b = ImageIO.read(new ByteArrayInputStream(png(body.path("images").get(0))));
        int changedInside = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                if (x >= 32) assertThat(b.getRGB(x, y) & 0xFFFFFF).as("kept pixel %d,%d", x, y).isEqualTo(a.getRGB(x, y) & 0xFFFFFF);
                else if ((b.getRGB(x, y) & 0xFFFFFF) != (a.getRGB(x, y) & 0xFFFFFF)) changedInside++;
            }
        }
        assertThat(changedInside).as("pixels redrawn in the masked half").isGreaterThan(32 * 64 / 2);
        JsonNode info = info(body);
        assertThat(info.path("denoising_strength").asDouble()).isEqualTo(1.0);
        assertThat(info.path("is_using_inpainting_conditioning").asBoolean()).isTrue();
        assertThat(body.path("parameters").has("init_images")).as("init images are not echoed back").isFalse();
    }

    @Test
    void anInvertedMaskKeepsTheWhiteHalf() throws Exception {
        byte[] start = picture();
        var mask = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) mask.setRGB(x, y, x < 32 ? 0xFFFFFF : 0);
        JsonNode body = ok(post("/sdapi/v1/img2img", "{\"prompt\": \"a pear\", \"steps\": 2, \"inpainting_mask_invert\": 1,"
                + " \"init_images\": [\"" + b64(start) + "\"], \"mask\": \"" + b64(png(mask)) + "\"}"));
        BufferedImage a = ImageIO.read(new ByteArrayInputStream(start));
        BufferedImage b = ImageIO.read(new ByteArrayInputStream(png(body.path("images").get(0))));
        for (int y = 0; y < 64; y++) for (int x = 0; x < 32; x++) assertThat(b.getRGB(x, y)).isEqualTo(a.getRGB(x, y));
    }

    @Test
    void img2imgWithoutInitImagesIsA422NamingThem() throws Exception {
        var r = post("/sdapi/v1/img2img", "{\"prompt\": \"a pear\"}");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(TestServer.json(r).path("detail").asText()).contains("init_images");
    }

    @Test
    void sdModelsListsTheInstalledModels() throws Exception {
        var r = ok(s.get("/sdapi/v1/sd-models"));
        List<String> titles = new ArrayList<>();
        r.forEach(m -> titles.add(m.path("title").asText()));
        assertThat(titles).containsExactlyInAnyOrder("tiny-sd", "atelier-image-1");
        r.forEach(m -> assertThat(m.path("model_name").asText()).isEqualTo(m.path("title").asText()));
    }

    @Test
    void everyListedSamplerIsAcceptedByTxt2img() throws Exception {
        JsonNode samplers = ok(s.get("/sdapi/v1/samplers"));
        assertThat(samplers).hasSizeGreaterThan(5);
        for (JsonNode sampler : samplers) {
            String name = sampler.path("name").asText();
            var r = post("/sdapi/v1/txt2img", "{\"prompt\": \"a dog\", \"steps\": 2, \"width\": 64, \"height\": 64, \"sampler_name\": \""
                    + name + "\"}");
            assertThat(r.statusCode()).as(name + ": " + r.body()).isEqualTo(200);
            assertThat(info(TestServer.json(r)).path("sampler_name").asText()).isEqualTo(name);
        }
    }

    @Test
    void anUnknownSamplerIsA422ListingTheAllowedOnes() throws Exception {
        var r = post("/sdapi/v1/txt2img", "{\"prompt\": \"a dog\", \"sampler_name\": \"DPM++ 3M SDE\"}");
        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode e = TestServer.json(r);
        assertThat(e.path("error").asText()).isEqualTo("invalid_value");
        assertThat(e.path("detail").asText()).contains("DPM++ 3M SDE").contains("DPM++ 2M, Euler a, Euler, LMS, Heun, DDIM, PLMS, UniPC, LCM");
        assertThat(e.path("errors").asText()).startsWith("422: ");
    }

    @Test
    void karrasSigmasGoWithTheSamplersThatHaveThem() throws Exception {
        String small = "\"prompt\": \"a dog\", \"steps\": 2, \"width\": 64, \"height\": 64";
        ok(post("/sdapi/v1/txt2img", "{" + small + ", \"sampler_name\": \"DPM++ 2M\", \"scheduler\": \"Karras\"}"));
        ok(post("/sdapi/v1/txt2img", "{" + small + ", \"sampler_name\": \"DPM++ 2M Karras\"}"));
        var r = post("/sdapi/v1/txt2img", "{" + small + ", \"sampler_name\": \"Euler a\", \"scheduler\": \"Karras\"}");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(TestServer.json(r).path("detail").asText()).contains("Euler a").contains("DPM++ 2M");
        var bad = post("/sdapi/v1/txt2img", "{" + small + ", \"scheduler\": \"Exponential\"}");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(TestServer.json(bad).path("detail").asText()).contains("Automatic, Karras");
    }

    @Test
    void aBadSizeIsA422NamingWidthAndHeightAndWhatIsAllowed() throws Exception {
        var r = post("/sdapi/v1/txt2img", "{\"prompt\": \"a dog\", \"width\": 100, \"height\": 64}");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(TestServer.json(r).path("detail").asText()).startsWith("'width and height' 100x64 is not supported")
                .contains("multiples of 8").contains("leave both out").doesNotContain("auto");
    }

    @Test
    void moreImagesThanARequestMayMakeIsA422() throws Exception {
        var r = post("/sdapi/v1/txt2img", "{\"prompt\": \"a dog\", \"batch_size\": 4, \"n_iter\": 3}");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(TestServer.json(r).path("detail").asText()).contains("4 x 3 = 12").contains("at most 10");
    }

    @Test
    void fieldsA1111DoesNotKnowAreIgnoredAndNotEchoed() throws Exception {
        // as SillyTavern posts it: its own url and auth ride along in the body
        JsonNode body = ok(post("/sdapi/v1/txt2img", "{\"prompt\": \"a dog\", \"steps\": 2, \"width\": 64, \"height\": 64,"
                + " \"url\": \"http://127.0.0.1:7860\", \"auth\": \"user:secret\", \"enable_hr\": false, \"restore_faces\": false,"
                + " \"save_images\": true, \"clip_skip\": 1, \"override_settings\": {\"CLIP_stop_at_last_layers\": 1}}"));
        assertThat(body.path("images")).hasSize(1);
        assertThat(body.path("parameters").has("auth")).isFalse();
        assertThat(body.path("parameters").has("url")).isFalse();
        assertThat(body.path("parameters").path("save_images").asBoolean()).isTrue();
    }

    @Test
    void hiresFixIsRefusedRatherThanDropped() throws Exception {
        var r = post("/sdapi/v1/txt2img", "{\"prompt\": \"a dog\", \"enable_hr\": true}");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(TestServer.json(r).path("detail").asText()).contains("enable_hr").contains("/v1/images/upscale");
    }

    @Test
    void progressShowsTheRunningJobWithAPreviewAndInterruptStopsIt() throws Exception {
        var pending = java.net.http.HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(s.url("/sdapi/v1/txt2img")))
                .header("Authorization", "Bearer " + s.key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"a slow dog\", \"sampler_name\": \"Euler\", \"steps\": 100, \"width\": 256, \"height\": 256}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode progress = null;
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            progress = ok(s.get("/sdapi/v1/progress"));
            if (!progress.path("current_image").isNull()) break;
            Thread.sleep(20);
        }
        assertThat(progress.path("current_image").isTextual()).as("a preview arrived: " + progress).isTrue();
        assertThat(ImageIO.read(new ByteArrayInputStream(png(progress.path("current_image"))))).isNotNull();
        assertThat(progress.path("state").path("job_count").asInt()).isEqualTo(1);
        assertThat(progress.path("state").path("sampling_steps").asInt()).isEqualTo(100);
        assertThat(progress.path("progress").asDouble()).isGreaterThan(0).isLessThan(1);
        String job = progress.path("state").path("job").asText();

        ok(post("/sdapi/v1/interrupt", ""));
        HttpResponse<String> r = pending.join();
        JsonNode body = ok(r);
        assertThat(body.path("images")).isEmpty();
        assertThat(info(body).path("interrupted").asBoolean()).isTrue();
        assertThat(TestServer.json(s.get("/v1/images/jobs/" + job)).path("status").asText()).isEqualTo("cancelled");
        JsonNode idle = ok(s.get("/sdapi/v1/progress"));
        assertThat(idle.path("state").path("job_count").asInt()).isZero();
        assertThat(idle.path("progress").asDouble()).isZero();
    }

    @Test
    void aKeyIsAcceptedAsBearerAndAsTheBasicPassword() throws Exception {
        String basic = Base64.getEncoder().encodeToString(("anyone:" + s.key).getBytes(StandardCharsets.UTF_8));
        var r = s.send(HttpRequest.newBuilder(URI.create(s.url("/sdapi/v1/options"))).header("Authorization", "Basic " + basic).GET());
        assertThat(ok(r).path("sd_model_checkpoint").asText()).isEqualTo("tiny-sd");
        assertThat(ok(s.get("/sdapi/v1/options")).path("sd_model_checkpoint").asText()).isEqualTo("tiny-sd");
    }

    @Test
    void aMissingOrWrongKeyIsA401InA1111sShapeSayingHowToSendOne() throws Exception {
        var none = s.send(HttpRequest.newBuilder(URI.create(s.url("/sdapi/v1/sd-models"))).GET());
        assertThat(none.statusCode()).isEqualTo(401);
        JsonNode e = TestServer.json(none);
        assertThat(e.path("error").asText()).isEqualTo("invalid_api_key");
        assertThat(e.path("detail").asText()).contains("Bearer").contains("user:KEY");
        String wrong = Base64.getEncoder().encodeToString("user:sk-atelier-nope".getBytes(StandardCharsets.UTF_8));
        var bad = s.send(HttpRequest.newBuilder(URI.create(s.url("/sdapi/v1/txt2img"))).header("Authorization", "Basic " + wrong)
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"a dog\"}")));
        assertThat(bad.statusCode()).isEqualTo(401);
    }

    @Test
    void optionsChooseTheCheckpointOnlyAmongInstalledModels() throws Exception {
        var r = post("/sdapi/v1/options", "{\"sd_model_checkpoint\": \"sd_xl_base_1.0.safetensors [31e35c80fc]\"}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(TestServer.json(r).path("detail").asText()).contains("sd_xl_base_1.0").contains("installed: ").contains("tiny-sd");
        JsonNode set = ok(post("/sdapi/v1/options", "{\"sd_model_checkpoint\": \"tiny-sd [0000]\", \"sd_vae\": \"Automatic\"}"));
        assertThat(set.path("applied").path("sd_model_checkpoint").asText()).isEqualTo("tiny-sd");
        assertThat(set.path("ignored").toString()).isEqualTo("[\"sd_vae\"]");
    }

    @Test
    void aKeyThatChoosesAFlowModelGetsItsOneSamplerAndOtherKeysKeepTheirs() throws Exception {
        String other = s.server.keys().create("flow", 1000, 100_000).secret();
        ok(as(other, "/sdapi/v1/options", "{\"sd_model_checkpoint\": \"atelier-image-1\"}"));
        assertThat(ok(as(other, "/sdapi/v1/options", null)).path("sd_model_checkpoint").asText()).isEqualTo("atelier-image-1");
        assertThat(ok(s.get("/sdapi/v1/options")).path("sd_model_checkpoint").asText()).isEqualTo("tiny-sd");
        JsonNode samplers = ok(as(other, "/sdapi/v1/samplers", null));
        assertThat(samplers).hasSize(1);
        assertThat(samplers.get(0).path("name").asText()).isEqualTo("Euler");
        JsonNode body = ok(as(other, "/sdapi/v1/txt2img", "{\"prompt\": \"a red apple\", \"steps\": 2, \"sampler_name\": \"Euler\"}"));
        assertThat(info(body).path("sd_model_name").asText()).isEqualTo("atelier-image-1");
        var refused = as(other, "/sdapi/v1/txt2img", "{\"prompt\": \"a red apple\", \"sampler_name\": \"Euler a\"}");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(TestServer.json(refused).path("detail").asText()).contains("must be one of: Euler.");
    }

    static HttpResponse<String> as(String key, String path, String json) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(s.url(path))).header("Authorization", "Bearer " + key);
        return s.send(json == null ? b.GET() : b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static byte[] picture() throws Exception {
        var img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | ((x ^ y) * 4 & 255));
        return png(img);
    }

    static byte[] png(BufferedImage img) throws Exception {
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
