package dev.atelier.engine.pipeline;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The shipped atelier-image-1 package run by the engine reproduces the PyTorch outputs its export recorded in
 * {@code test_vectors/} (docs/model-package.md), to 1e-3 max abs.
 */
class ShippedModelVectorsTest {
    private static final Path PKG = Path.of(System.getProperty("atelier.root")).resolve("models/atelier-image-1");

    @Test
    void textEncoderAndTransformerMatchPyTorch() throws Exception {
        PackageVectors.assertTextEncoderAndDenoiserMatch(PKG);
    }

    @Test
    void theDecoderMatchesPyTorchWhereThePackageHasOne() throws Exception {
        PackageVectors.assertDecoderMatchesWherePresent(PKG);
    }
}
