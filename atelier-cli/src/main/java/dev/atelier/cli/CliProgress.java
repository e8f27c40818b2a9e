package dev.atelier.cli;

import dev.atelier.engine.pipeline.ProgressListener;
import dev.atelier.engine.pipeline.StepEvent;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** A step progress bar on stderr. */
final class CliProgress implements ProgressListener, AutoCloseable {
    private final String task;
    private ProgressBar bar;

    private CliProgress(String task) {
        this.task = task;
    }

    static CliProgress onStderr(String task) {
        return new CliProgress(task);
    }

    static CliProgress none() {
        return new CliProgress(null);
    }

    @Override
    public void onStep(StepEvent event) {
        if (task == null) return;
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(event.totalSteps()).setUnit(" steps", 1)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).continuousUpdate().build();
        }
        bar.stepTo(event.step());
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
