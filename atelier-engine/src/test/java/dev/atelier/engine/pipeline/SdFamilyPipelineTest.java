package dev.atelier.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.atelier.engine.SdFamily;
import dev.atelier.engine.arch.Architectures;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.io.NpyArray;
import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.InitImage;
import dev.atelier.engine.request.RequestLimits;
import dev.atelier.engine.request.RequestResolver;
import dev.atelier.engine.sched.Scheduler;
import dev.atelier.engine.sched.SchedulerConfig;
import dev.atelier.engine.sched.SchedulerKind;
import dev.atelier.engine.sched.Schedulers;
import dev.atelier.engine.text.Tokenizer;
import dev.atelier.engine.text.Tokenizers;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Stable Diffusion family's layouts generate from their tiny fixtures (docs/sd-family.md). The fixture UNets add
 * to {@code 0.1 · sample} a value per channel computed from their further inputs, so with a DDIM scheduler that
 * predicts the sample, one step and zero starting latents the step's result is exactly that value, and the tests
 * compare it with the same quantity computed here from the fixture's own encoders.
 */
class SdFamilyPipelineTest {
    private static final String PROMPT = "a red fox in the snow";
    // one step of this scheduler returns the UNet's output: x0 predicted, then alpha_prev = 1
    private static final Scheduler READ_OUT = Schedulers.create(SchedulerKind.DDIM, SchedulerConfig.of(
            Map.of("prediction_type", "sample", "set_alpha_to_one", true, "clip_sample", false)));

    @TempDir
    static Path tmp;
    private static final Map<String, TextToImagePipeline> OPEN = new HashMap<>();

    @BeforeAll
    static void open() {
        for (String layout : SdFamily.LAYOUTS) {
            var pkg = Architectures.load(SdFamily.install(layout, tmp));
            OPEN.put(layout, (TextToImagePipeline) Architectures.open(pkg, PipelineOptions.defaults()));
        }
    }

    @AfterAll
    static void close() {
        OPEN.values().forEach(TextToImagePipeline::close);
    }

    /** A generation's result, its last step's sample {@code // [n, 4, h, w]} and the UNet calls and rows it made. */
    private record Run(RgbImage image, float[] sample, long calls, long rows) {
        /** The value of channel {@code c} of image 0, which the read-out UNets make equal over the plane. */
        float channel(int c) {
            int plane = sample.length / 4;
            float v = sample[c * plane];
            for (int i = 0; i < plane; i++) assertThat(sample[c * plane + i]).isEqualTo(v);
            return v;
        }
    }

    private static Run run(String layout, GenerationRequest r) {
        TextToImagePipeline g = OPEN.get(layout);
        long calls = g.denoiserCalls();
        long rows = g.denoiserRows();
        var last = new AtomicReference<float[]>();
        var result = g.generate(r, e -> last.set(e.sample().clone()), new CancellationToken());
        return new Run(result.images().getFirst().image(), last.get(), g.denoiserCalls() - calls, g.denoiserRows() - rows);
    }

    private static GenerationRequest request(int width, int height, int steps, double guidance, long seed) {
        return new GenerationRequest(PROMPT, "", width, height, steps, guidance, seed, 1, null, null);
    }

    // one step from zero latents with the read-out scheduler: the sample after it is the UNet's output
    private static GenerationRequest readOut(String negative, double guidance) {
        return new GenerationRequest(PROMPT, negative, 64, 48, 1, guidance, 1, 1, READ_OUT,
                NpyArray.ofFloats(new long[] {1, 4, 6, 8}, new float[4 * 6 * 8]));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sd2", "sd-turbo", "lcm", "sdxl", "sdxl-turbo"})
    void eachLayoutGeneratesItsSizeFinitelyAndTheSameForTheSameSeed(String layout) {
        double guidance = OPEN.get(layout).modelPackage().defaults().guidance();
        Run a = run(layout, request(64, 48, 2, guidance, 42));
        Run b = run(layout, request(64, 48, 2, guidance, 42));
        Run c = run(layout, request(64, 48, 2, guidance, 43));
        assertThat(a.image().width()).isEqualTo(64);
        assertThat(a.image().height()).isEqualTo(48);
        assertThat(a.sample()).hasSize(4 * 6 * 8);
        for (float v : a.sample()) assertThat(Float.isFinite(v)).isTrue();
        assertThat(a.image().pixels()).containsExactly(b.image().pixels());
        assertThat(Arrays.equals(a.sample(), c.sample())).as("another seed, another sample").isFalse();
    }

    @Test
    void guidanceAboveOneRunsTheUnconditionalRowsAndAtMostOneDoesNot() {
        Run guided = run("sd2", request(64, 64, 3, 7.5, 1));
        Run one = run("sd2", request(64, 64, 3, 1.0, 1));
        Run none = run("sd2", request(64, 64, 3, 0.0, 1));
        assertThat(guided.calls()).isEqualTo(3);
        assertThat(guided.rows()).isEqualTo(6);
        assertThat(one.calls()).isEqualTo(3);
        assertThat(one.rows()).isEqualTo(3);
        assertThat(none.rows()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sd-turbo", "sdxl-turbo"})
    void aTurboPackageGeneratesByDefaultInOneCallOfOneRow(String layout) {
        var g = OPEN.get(layout);
        GenerationRequest r = RequestResolver.resolve(g.modelPackage(),
                ImageRequest.of(PROMPT).width(64).height(64).seed(5L).build(), RequestLimits.engine());
        assertThat(r.steps()).isEqualTo(1);
        assertThat(r.guidance()).isEqualTo(0.0);
        Run run = run(layout, r);
        assertThat(run.calls()).isEqualTo(1);
        assertThat(run.rows()).isEqualTo(1);
    }

    @Test
    void lcmRunsOneRowPerStepAtItsDefaultGuidance() {
        var g = OPEN.get("lcm");
        GenerationRequest r = RequestResolver.resolve(g.modelPackage(),
                ImageRequest.of(PROMPT).width(64).height(64).seed(5L).build(), RequestLimits.engine());
        assertThat(r.steps()).isEqualTo(4);
        assertThat(r.guidance()).isEqualTo(8.5);
        Run run = run("lcm", r);
        assertThat(run.calls()).isEqualTo(4);
        assertThat(run.rows()).isEqualTo(4);
    }

    @Test
    void lcmFeedsTheGuidanceScaleEmbedding() {
        // the fixture UNet adds timestep_cond[0], [1], [128], [255]: sin(w), sin(w·f), cos(w), cos(w·f^127),
        // w = (g − 1)·1000, f = exp(−ln(10000)/127)
        double w = (2.0 - 1) * 1000;
        double f = Math.exp(-Math.log(10000) / 127);
        Run run = run("lcm", readOut("", 2.0));
        assertThat(run.rows()).isEqualTo(1);
        assertThat((double) run.channel(0)).isCloseTo(Math.sin(w), within(1e-3));
        assertThat((double) run.channel(1)).isCloseTo(Math.sin(w * f), within(1e-3));
        assertThat((double) run.channel(2)).isCloseTo(Math.cos(w), within(1e-3));
        assertThat((double) run.channel(3)).isCloseTo(Math.cos(w * Math.pow(f, 127)), within(1e-3));
    }

    @Test
    void sdxlFeedsTheSizeAsTimeIdsAndThePromptsPooledEmbedding() throws Exception {
        Run run = run("sdxl", readOut("", 0.0));
        Expected e = Expected.of(PROMPT);
        assertThat(run.rows()).isEqualTo(1);
        // time_ids [48, 64, 0, 0, 48, 64]: original (height, width), crop (top, left), target (height, width)
        assertThat(run.channel(0)).isCloseTo(48.064f, within(1e-4f));
        assertThat(run.channel(2)).isCloseTo(48.064f, within(1e-4f));
        // encoder_hidden_states: text_encoder's penultimate states, then text_encoder_2's; text_embeds: text_encoder_2's
        assertThat((double) run.channel(1)).isCloseTo(e.first(), within(1e-4));
        assertThat((double) run.channel(3)).isCloseTo(e.pooled() + e.second(), within(1e-4));
    }

    @Test
    void sdxlGuidesAMissingNegativePromptWithZeros() throws Exception {
        // force_zeros_for_empty_prompt: the unconditional rows' states and text_embeds are 0, so u + g·(c − u) = g·c
        Run run = run("sdxl", readOut("", 3.0));
        Expected c = Expected.of(PROMPT);
        assertThat(run.calls()).isEqualTo(1);
        assertThat(run.rows()).isEqualTo(2);
        assertThat(run.channel(0)).isCloseTo(48.064f, within(1e-3f));
        assertThat((double) run.channel(1)).isCloseTo(3 * c.first(), within(1e-4));
        assertThat((double) run.channel(3)).isCloseTo(3 * (c.pooled() + c.second()), within(1e-4));
    }

    @Test
    void sdxlEncodesANegativePromptWithBothEncoders() throws Exception {
        Run run = run("sdxl", readOut("blurry, dark", 3.0));
        Expected c = Expected.of(PROMPT);
        Expected u = Expected.of("blurry, dark");
        assertThat((double) run.channel(1)).isCloseTo(u.first() + 3 * (c.first() - u.first()), within(1e-4));
        double uPooled = u.pooled() + u.second();
        assertThat((double) run.channel(3)).isCloseTo(uPooled + 3 * (c.pooled() + c.second() - uPooled), within(1e-4));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sd2", "sd-turbo", "lcm", "sdxl", "sdxl-turbo"})
    void eachLayoutRunsImageToImageFromHalfwayThroughItsSteps(String layout) {
        double guidance = OPEN.get(layout).modelPackage().defaults().guidance();
        var init = new InitImage(EditPipelineTest.ramp(64), null, 0.5);
        var r = new GenerationRequest(PROMPT, "", 64, 64, 4, guidance, 3, 1, null, null, init, false);
        Run run = run(layout, r);
        assertThat(run.calls()).isEqualTo(2);
        assertThat(run.image().width()).isEqualTo(64);
        assertThat(run.image().height()).isEqualTo(64);
        for (float v : run.sample()) assertThat(Float.isFinite(v)).isTrue();
    }

    /**
     * The means the SDXL fixture UNet takes of its inputs, computed here by running the fixture's text encoders
     * directly: each has 3 layers, so it exports {@code hidden_states.0..3} and the penultimate is {@code hidden_states.2}.
     */
    private record Expected(double first, double second, double pooled) {
        private static final Map<String, Tokenizer> TOKENIZERS = new HashMap<>();

        static Expected of(String prompt) throws Exception {
            Path root = tmp.resolve("sdxl");
            for (String folder : new String[] {"tokenizer", "tokenizer_2"}) {
                if (!TOKENIZERS.containsKey(folder)) TOKENIZERS.put(folder, Tokenizers.load(root.resolve(folder)));
            }
            int[] ids = TOKENIZERS.get("tokenizer").encode(prompt, 77).ids();
            int[] ids2 = TOKENIZERS.get("tokenizer_2").encode(prompt, 77).ids();
            Map<String, Double> one = means(root.resolve("text_encoder/model.onnx"), ids, "hidden_states.2");
            Map<String, Double> two = means(root.resolve("text_encoder_2/model.onnx"), ids2, "hidden_states.2", "text_embeds");
            return new Expected(one.get("hidden_states.2"), two.get("hidden_states.2"), two.get("text_embeds"));
        }

        private static Map<String, Double> means(Path model, int[] ids, String... outputs) throws OrtException {
            var env = OrtEnvironment.getEnvironment();
            long[][] input = {Arrays.stream(ids).asLongStream().toArray()};
            Map<String, Double> out = new HashMap<>();
            try (OrtSession s = env.createSession(model.toString(), new OrtSession.SessionOptions());
                 OnnxTensor t = OnnxTensor.createTensor(env, input);
                 OrtSession.Result r = s.run(Map.of("input_ids", t))) {
                for (String name : outputs) {
                    FloatBuffer b = ((OnnxTensor) r.get(name).orElseThrow()).getFloatBuffer();
                    double sum = 0;
                    int n = b.remaining();
                    while (b.hasRemaining()) sum += b.get();
                    out.put(name, sum / n);
                }
            }
            return out;
        }
    }
}
