package dev.atelier.engine.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engine.Fixtures;
import dev.atelier.engine.model.ModelPackageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchitecturesTest {
    @TempDir
    Path tmp;

    @Test
    void theClassNamePicksTheArchitecture() {
        assertThat(Architectures.load(Fixtures.tinySd()).architecture()).isEqualTo("stable-diffusion");
        assertThat(Architectures.load(Path.of(System.getProperty("atelier.root", "."), "models/atelier-image-1")).architecture())
                .isEqualTo("atelier-flow");
        assertThat(Architectures.load(Path.of(System.getProperty("atelier.root", "."), "models/atelier-image-2")).architecture())
                .isEqualTo("atelier-retrieval");
        assertThat(Architectures.names()).containsExactly("stable-diffusion", "stable-diffusion-xl", "atelier-flow",
                "atelier-retrieval");
    }

    @Test
    void aClassNameNoArchitectureReadsIsNamedWithTheSupportedOnes() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mystery"));
        Files.writeString(dir.resolve("model_index.json"), "{\"_class_name\": \"MysteryDiffusionPipeline\"}");
        assertThatThrownBy(() -> Architectures.load(dir)).isInstanceOf(ModelPackageException.class)
                .hasMessageContaining("MysteryDiffusionPipeline").hasMessageContaining("cannot run")
                .hasMessageContaining("OnnxStableDiffusionPipeline").hasMessageContaining("AtelierFlowPipeline")
                .hasMessageContaining("AtelierRetrievalPipeline");
    }

    @Test
    void anIndexWithoutAClassNameIsRefused() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("plain"));
        Files.writeString(dir.resolve("model_index.json"), "{\"unet\": [\"diffusers\", \"OnnxRuntimeModel\"]}");
        assertThatThrownBy(() -> Architectures.load(dir)).isInstanceOf(ModelPackageException.class)
                .hasMessageContaining("has no _class_name");
    }

    @Test
    void aRetrievalPackageWithoutItsLibraryIsRefusedNamingTheFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("no-library"));
        Path shipped = Path.of(System.getProperty("atelier.root", "."), "models/atelier-image-2");
        for (String part : new String[] {"tokenizer", "text_encoder", "transformer", "reference_encoder", "upsampler", "scheduler"}) {
            Files.createSymbolicLink(dir.resolve(part), shipped.resolve(part).toAbsolutePath());
        }
        Files.copy(shipped.resolve("model_index.json"), dir.resolve("model_index.json"));
        assertThatThrownBy(() -> Architectures.load(dir)).isInstanceOf(ModelPackageException.class)
                .hasMessageContaining("library.json").hasMessageContaining("reference library");
    }
}
