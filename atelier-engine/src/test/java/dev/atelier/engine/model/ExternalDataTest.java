package dev.atelier.engine.model;

import dev.atelier.engine.arch.Architectures;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.Fixtures;
import dev.atelier.engine.pipeline.CancellationToken;
import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.engine.pipeline.ProgressListener;
import dev.atelier.engine.pipeline.TextToImagePipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A package whose UNet keeps its weights in an external data file, as large real exports do. */
class ExternalDataTest {
    @TempDir
    Path tmp;

    @Test
    void loadsAndRunsAModelWithExternalWeights() throws Exception {
        Path pkgDir = tmp.resolve("ext");
        copy(Fixtures.tinySd(), pkgDir);
        Path unet = pkgDir.resolve("unet/model.onnx");
        String script = "import onnx,sys\n"
                + "m=onnx.load(sys.argv[1])\n"
                + "onnx.save_model(m, sys.argv[1], save_as_external_data=True, all_tensors_to_one_file=True,"
                + " location='weights.pb', size_threshold=0)\n";
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, unet.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("python onnx re-save: %s", log).isZero();
        assertThat(pkgDir.resolve("unet/weights.pb")).exists();
        assertThat(Files.size(unet)).isLessThan(Files.size(Fixtures.tinySd().resolve("unet/model.onnx")) / 10);

        var request = new GenerationRequest("cat", "", 64, 64, 2, 1.0, 7, 1, null, null);
        float[] external;
        float[] inline;
        try (var pipe = TextToImagePipeline.open(Architectures.load(pkgDir), PipelineOptions.defaults())) {
            external = pipe.generate(request, ProgressListener.NONE, new CancellationToken()).images().get(0).image().pixels();
        }
        try (var pipe = TextToImagePipeline.open(Architectures.load(Fixtures.tinySd()), PipelineOptions.defaults())) {
            inline = pipe.generate(request, ProgressListener.NONE, new CancellationToken()).images().get(0).image().pixels();
        }
        assertThat(external).containsExactly(inline);
    }

    private static void copy(Path src, Path dst) throws IOException {
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : files.toList()) {
                Path d = dst.resolve(src.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(d);
                else Files.copy(f, d);
            }
        }
    }
}
