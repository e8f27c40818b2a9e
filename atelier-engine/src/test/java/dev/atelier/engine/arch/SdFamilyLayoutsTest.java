package dev.atelier.engine.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engine.SdFamily;
import dev.atelier.engine.model.ModelDefaults;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.model.ModelPackageException;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.engine.sched.SchedulerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.CsvSource;

/** The Stable Diffusion family's export layouts load with the geometry and defaults their files give (docs/sd-family.md). */
class SdFamilyLayoutsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // layout,   architecture,        side, scaling, steps, guidance
            "sd2,        stable-diffusion,    768,  0.18215, 50,    7.5",
            "sd-turbo,   stable-diffusion,    512,  0.18215, 1,     0.0",
            "lcm,        stable-diffusion,    768,  0.18215, 4,     8.5",
            "sdxl,       stable-diffusion-xl, 1024, 0.13025, 50,    5.0",
            "sdxl-turbo, stable-diffusion-xl, 512,  0.13025, 1,     0.0"})
    void eachLayoutLoadsWithTheDefaultsItsFilesGive(String layout, String architecture, int side, double scaling, int steps,
                                                    double guidance) {
        ModelPackage pkg = Architectures.load(SdFamily.install(layout, tmp));
        ModelDefaults d = pkg.defaults();
        assertThat(pkg.architecture()).isEqualTo(architecture);
        assertThat(d.sampleSize()).isEqualTo(side);
        assertThat(d.vaeScaleFactor()).isEqualTo(8);
        assertThat(d.latentScaling()).isEqualTo(scaling);
        assertThat(d.steps()).isEqualTo(steps);
        assertThat(d.guidance()).isEqualTo(guidance);
        assertThat(pkg.capabilities().imageToImage()).isTrue();
    }

    @Test
    void sd2SamplesWithVPredictionAsItsSchedulerConfigSays() {
        ModelPackage pkg = Architectures.load(SdFamily.install("sd2", tmp));
        assertThat(SchedulerConfig.read(pkg.schedulerConfig()).predictionType()).isEqualTo("v_prediction");
        assertThat(pkg.components()).containsKeys("tokenizer", "text_encoder", "unet", "vae_decoder", "vae_encoder", "scheduler");
    }

    @Test
    void sdxlListsItsSecondTokenizerAndTextEncoder() {
        ModelPackage pkg = Architectures.load(SdFamily.install("sdxl", tmp));
        assertThat(pkg.components()).containsKeys("tokenizer", "text_encoder", "tokenizer_2", "text_encoder_2", "unet",
                "vae_decoder", "vae_encoder", "scheduler");
    }

    @Test
    void theVaeScaleFactorComesFromTheVaesBlocks() throws IOException {
        Path dir = SdFamily.install("sd2", tmp);
        // a VAE with three blocks halves the side twice: 4 pixels per latent cell, so 96 cells are 384 px
        Files.writeString(dir.resolve("vae_decoder/config.json"), "{\"block_out_channels\": [64, 128, 256], \"scaling_factor\": 0.5}");
        ModelDefaults d = Architectures.load(dir).defaults();
        assertThat(d.vaeScaleFactor()).isEqualTo(4);
        assertThat(d.sampleSize()).isEqualTo(384);
        assertThat(d.latentScaling()).isEqualTo(0.5);
    }

    @Test
    void aBadAtelierBlockIsNamed() throws IOException {
        Path dir = SdFamily.install("sd-turbo", tmp);
        Path index = dir.resolve("model_index.json");
        Files.writeString(index, Files.readString(index).replace("\"default_steps\": 1", "\"default_steps\": \"one\""));
        assertThatThrownBy(() -> Architectures.load(dir)).isInstanceOf(ModelPackageException.class)
                .hasMessageContaining("model_index.json").hasMessageContaining("atelier.default_steps");
    }

    @Test
    void anSdxlRefinerIsRefusedSayingWhy() throws IOException {
        Path dir = SdFamily.install("sdxl", tmp);
        Path index = dir.resolve("model_index.json");
        Files.writeString(index, Files.readString(index)
                .replace("\"StableDiffusionXLPipeline\"", "\"StableDiffusionXLImg2ImgPipeline\"")
                .replace("\"text_encoder\": [\n    \"transformers\",\n    \"CLIPTextModel\"\n  ]", "\"text_encoder\": [null, null]"));
        assertThatThrownBy(() -> Architectures.load(dir)).isInstanceOf(ModelPackageException.class)
                .hasMessageContaining("SDXL refiner").hasMessageContaining("not supported");
    }

    @Test
    void anSdxlUnetInAOneEncoderPackageIsRefusedWhenItOpens() throws IOException {
        Path dir = SdFamily.install("sd2", tmp);
        Path xl = SdFamily.install("sdxl", tmp.resolve("other"));
        Files.copy(xl.resolve("unet/model.onnx"), dir.resolve("unet/model.onnx"), StandardCopyOption.REPLACE_EXISTING);
        ModelPackage pkg = Architectures.load(dir);
        assertThatThrownBy(() -> Architectures.open(pkg, PipelineOptions.defaults())).isInstanceOf(ModelPackageException.class)
                .hasMessageContaining("unet").hasMessageContaining("reads text_embeds and time_ids")
                .hasMessageContaining("StableDiffusionXLPipeline");
    }

    @Test
    void anSdxlTextEncoderExportedWithoutItsLayersStatesIsRefusedWhenItOpens() throws IOException {
        Path dir = SdFamily.install("sdxl", tmp);
        Path plain = SdFamily.install("sd-turbo", tmp.resolve("other"));
        Files.copy(plain.resolve("text_encoder/model.onnx"), dir.resolve("text_encoder/model.onnx"),
                StandardCopyOption.REPLACE_EXISTING);
        ModelPackage pkg = Architectures.load(dir);
        assertThatThrownBy(() -> Architectures.open(pkg, PipelineOptions.defaults())).isInstanceOf(ModelPackageException.class)
                .hasMessageContaining("text_encoder").hasMessageContaining("hidden_states.0")
                .hasMessageContaining("output_hidden_states");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "StableDiffusion3Pipeline,      Stable Diffusion 3, joint attention",
            "FluxPipeline,                  FLUX.1,             single-stream",
            "StableCascadeCombinedPipeline, Stable Cascade,     prior"})
    void aLayoutTheEngineCannotRunFailsAtLoadNamingItAndWhy(String className, String family, String reason) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(className));
        Files.writeString(dir.resolve("model_index.json"), "{\"_class_name\": \"" + className + "\"}");
        assertThatThrownBy(() -> Architectures.load(dir)).isInstanceOf(ModelPackageException.class)
                .hasMessageContaining(family + " (" + className + ") is not supported: it needs")
                .hasMessageContaining(reason)
                .hasMessageContaining("; supported: ")
                .hasMessageContaining("StableDiffusionXLPipeline").hasMessageContaining("LatentConsistencyModelPipeline");
    }
}
