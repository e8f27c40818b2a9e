package dev.atelier.eval.report;

import java.util.List;
import java.util.Map;

/**
 * Everything {@code atelier eval} measured; written as {@code report.json}.
 *
 * @param score       mean of the category scores (each the share of its images that pass every check)
 * @param fdJudge     Fréchet distance between judge features of generated and real images
 * @param clipScore   100 x mean cosine (clamped at 0) between image and prompt embeddings
 * @param clipScoreReal the same on the real renderings of the suite (from the judge package)
 */
public record EvalReport(String source, String judge, String promptsFile, int prompts, int imagesPerPrompt,
                         double score, Map<String, CategoryScore> categories, double fdJudge, double precision,
                         double recall, int referenceImages, double clipScore, double clipScoreReal,
                         double seconds, List<PromptResult> results) {

    /** @param checks share of images passing each check */
    public record CategoryScore(double score, int prompts, int images, Map<String, Double> checks) {
    }

    public record PromptResult(String id, String category, String prompt, double passRate, List<ImageResult> images) {
    }

    public record ImageResult(String file, long seed, boolean passed, Map<String, Boolean> checks, String seen) {
    }
}
