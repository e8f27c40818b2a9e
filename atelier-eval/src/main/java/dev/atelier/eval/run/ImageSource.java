package dev.atelier.eval.run;

import dev.atelier.engine.image.RgbImage;
import dev.atelier.eval.suite.SuitePrompt;
import java.nio.file.Path;
import java.util.List;

/** Where the images of a prompt come from: the engine, or files made earlier (real renderings, another run). */
public interface ImageSource {
    /** The {@code n} images of {@code prompt}, image {@code i} for seed {@code prompt.seed() + i}. */
    List<RgbImage> images(SuitePrompt prompt, int n) throws Exception;

    /** Where image {@code i} of {@code prompt} is stored once {@link #images} has run, or null to save it. */
    default Path existingFile(SuitePrompt prompt, int i) {
        return null;
    }

    /** One line for the report: the model or folder. */
    String describe();
}
