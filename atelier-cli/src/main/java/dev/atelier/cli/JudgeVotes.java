package dev.atelier.cli;

import dev.atelier.engine.request.EditInputs;
import dev.atelier.eval.judge.Judge;
import dev.atelier.eval.score.PromptJudge;
import dev.atelier.server.arena.VoteRule;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The evaluation judge as the arena's {@code judge} vote rule: each battle's two PNGs decoded and compared by
 * {@link PromptJudge}. Opened on first use, closed with the command.
 */
final class JudgeVotes implements VoteRule.ImageJudge, AutoCloseable {
    static final Path DEFAULT_DIR = Path.of("models/atelier-judge");

    private final Path dir;
    private final int threads;
    private Judge judge;
    private PromptJudge prompts;

    JudgeVotes(Path dir, int threads) {
        this.dir = dir;
        this.threads = threads;
    }

    /** The judge package: {@code dir} as given (relative to the repository), else the installed one for the default. */
    static Path resolve(Path dir) {
        Path resolved = HomePaths.resolve(dir);
        if (Files.isDirectory(resolved)) return resolved;
        Path installed = ModelLocator.modelsDir().resolve("atelier-judge");
        if (dir.equals(DEFAULT_DIR) && Files.isDirectory(installed)) return installed;
        throw new IllegalArgumentException("judge package not found: " + dir + " (pass --judge DIR)");
    }

    /** Opens the judge now, so that a missing package is reported before any battle is played. */
    JudgeVotes open() {
        if (judge == null) {
            judge = Judge.open(resolve(dir), threads);
            prompts = new PromptJudge(judge);
        }
        return this;
    }

    @Override
    public synchronized int compare(String prompt, byte[] a, byte[] b) {
        open();
        return prompts.compare(prompt, EditInputs.image(a, "image A"), EditInputs.image(b, "image B"));
    }

    @Override
    public void close() {
        if (judge != null) judge.close();
    }
}
