package dev.atelier.engine.model;

import dev.atelier.engine.arch.Architectures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engine.Fixtures;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.engine.pipeline.TextToImagePipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPackageTest {
    @TempDir
    Path tmp;

    private Path copyOfTinySd() throws IOException {
        Path src = Fixtures.tinySd();
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : files.toList()) {
                Path dst = tmp.resolve("tiny").resolve(src.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(dst);
                else Files.copy(f, dst, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return tmp.resolve("tiny");
    }

    @Test
    void readsTheStableDiffusionOnnxLayout() {
        ModelPackage p = Architectures.load(Fixtures.tinySd());
        assertThat(p.architecture()).isEqualTo("stable-diffusion");
        assertThat(p.vaeDecoder()).isPresent();
        assertThat(p.defaults().latentChannels()).isEqualTo(4);
        assertThat(p.defaults().vaeScaleFactor()).isEqualTo(8);
        assertThat(p.components()).containsKeys("tokenizer", "text_encoder", "unet", "vae_decoder", "scheduler");
    }

    @Test
    void aMissingFolderIsNamed() {
        assertThatThrownBy(() -> Architectures.load(tmp.resolve("nope")))
                .isInstanceOf(ModelPackageException.class).hasMessageContaining("nope").hasMessageContaining("not found");
    }

    @Test
    void aMissingComponentNamesTheFileAndWhatWasExpected() throws IOException {
        Path p = copyOfTinySd();
        Files.delete(p.resolve("unet/model.onnx"));
        assertThatThrownBy(() -> Architectures.load(p)).isInstanceOf(ModelPackageException.class)
                .hasMessageContaining("unet/model.onnx").hasMessageContaining("the unet ONNX model");
    }

    @Test
    void aMissingModelIndexIsNamed() throws IOException {
        Path p = copyOfTinySd();
        Files.delete(p.resolve("model_index.json"));
        assertThatThrownBy(() -> Architectures.load(p)).hasMessageContaining("model_index.json")
                .hasMessageContaining("naming the components");
    }

    @Test
    void anUnreadableOnnxFileFailsAtOpenNamingTheFile() throws IOException {
        Path p = copyOfTinySd();
        Files.writeString(p.resolve("vae_decoder/model.onnx"), "this is not a protobuf");
        ModelPackage pkg = Architectures.load(p);
        assertThatThrownBy(() -> TextToImagePipeline.open(pkg, PipelineOptions.defaults()))
                .isInstanceOf(ModelPackageException.class)
                .hasMessageContaining("vae_decoder/model.onnx").hasMessageContaining("not a readable ONNX model");
    }

    @Test
    void anOnnxFileWithWrongInputNamesIsReportedWithTheNamesFound() throws IOException {
        Path p = copyOfTinySd();
        // The text encoder in the UNet's place: a valid model whose inputs are not sample/timestep/...
        Files.copy(p.resolve("text_encoder/model.onnx"), p.resolve("unet/model.onnx"), StandardCopyOption.REPLACE_EXISTING);
        ModelPackage pkg = Architectures.load(p);
        assertThatThrownBy(() -> TextToImagePipeline.open(pkg, PipelineOptions.defaults()))
                .isInstanceOf(ModelPackageException.class)
                .hasMessageContaining("unet/model.onnx").hasMessageContaining("expected an input named 'sample'")
                .hasMessageContaining("input_ids");
    }

    @Test
    void aBrokenTokenizerIsNamed() throws IOException {
        Path p = copyOfTinySd();
        Files.writeString(p.resolve("tokenizer/tokenizer.json"), "{ not json");
        ModelPackage pkg = Architectures.load(p);
        assertThatThrownBy(pkg::loadTokenizer).isInstanceOf(ModelPackageException.class)
                .hasMessageContaining("tokenizer");
    }

    /** An Atelier-layout package whose ONNX files are empty (load checks that they exist, not what they hold). */
    private Path atelierPackage(String atelierBlock) throws IOException {
        Path p = tmp.resolve("atelier");
        for (String dir : List.of("tokenizer", "text_encoder", "transformer", "scheduler")) Files.createDirectories(p.resolve(dir));
        Files.writeString(p.resolve("text_encoder/model.onnx"), "");
        Files.writeString(p.resolve("transformer/model.onnx"), "");
        Files.writeString(p.resolve("scheduler/scheduler_config.json"), "{}");
        Files.writeString(p.resolve("model_index.json"), "{\"_class_name\": \"AtelierFlowPipeline\", "
                + "\"transformer\": [\"atelier\", \"OnnxRuntimeModel\"], \"atelier\": " + atelierBlock + "}");
        return p;
    }

    @Test
    void anAtelierPackageMayListItsVocabulary() throws IOException {
        ModelPackage plain = Architectures.load(atelierPackage("{\"sample_size\": 64, \"sizes\": [[64, 64]]}"));
        assertThat(plain.vocabulary()).isEmpty();
        ModelPackage p = Architectures.load(atelierPackage("{\"sample_size\": 64, \"vocabulary\": ["
                + "{\"label\": \"dog face\", \"names\": [\"dog face\", \"dog\"]}, {\"label\": \"pizza\", \"names\": [\"pizza\"]}]}"));
        assertThat(p.vocabulary().orElseThrow().namedIn("a dog and a pizza")).containsExactly("dog face", "pizza");
    }

    @Test
    void aBadVocabularyNamesTheFileAndTheExpectedShape() throws IOException {
        for (String bad : List.of("\"dog\"", "[]", "[{\"label\": \"dog\"}]", "[{\"label\": \"dog\", \"names\": [1]}]")) {
            Path p = atelierPackage("{\"sample_size\": 64, \"vocabulary\": " + bad + "}");
            assertThatThrownBy(() -> Architectures.load(p)).as(bad).isInstanceOf(ModelPackageException.class)
                    .hasMessageContaining("model_index.json").hasMessageContaining("bad \"atelier.vocabulary\": expected a non-empty list");
        }
    }
}
