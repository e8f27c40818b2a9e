package dev.atelier.eval.bench;

import java.util.List;

/**
 * Everything {@code atelier bench} measured; written as {@code report.json}. Times in milliseconds.
 *
 * @param coldStartMs        package load + session creation + first image, in a fresh pipeline
 * @param warm               per-image latency of warm single requests (generation, without image encoding)
 * @param stages             mean per stage over the warm runs
 * @param engineOverheadPct  100 x (total - time inside ONNX Runtime) / total, warm runs
 * @param baseline           the PyTorch eager baseline, or null when it was not run (see baselineNote)
 * @param ratio              Atelier warm p50 / baseline best p50 (below 1: Atelier is faster)
 */
public record BenchReport(String model, String machine, int cores, int threads, int width, int height, int steps,
                          double guidance, String prompt, double coldLoadMs, double coldStartMs, Latency warm,
                          double[] warmMs, Stages stages, double engineOverheadPct, List<Throughput> throughput,
                          TorchBaseline.Result baseline, String baselineNote, Double ratio) {

    /** Mean milliseconds per stage; {@code stepMs[i]} is denoising step i (scheduler and model together). */
    public record Stages(double tokenize, double textEncode, double[] stepMs, double steps, double decode,
                         double imageEncode, double total, double onnx) {
    }

    /** {@code concurrency} clients each sending requests back to back against one pipeline. */
    public record Throughput(int concurrency, int requests, double seconds, double imagesPerSecond, Latency latency) {
    }
}
