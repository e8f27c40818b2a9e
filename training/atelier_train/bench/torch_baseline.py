"""PyTorch eager baseline for `atelier bench`: the trainer's own model code and EMA weights, generating one
image at a time exactly as the engine does (tokenize, text encoder on prompt and empty prompt, `steps` Euler
steps with classifier-free guidance on a batch of two, image in [-1, 1], the package's bicubic upscale when it
has one), under torch.inference_mode with
threads = cores, in fp32 and in bf16 autocast. Prints one JSON object (also written to --json). An
atelier-image-2 package (AtelierRetrievalPipeline) is timed through its PyTorch reference pipeline
(atelier_train.pipeline_ref: retrieval, plan, draft, reference and text encoders, sampler, learned upsampler).

  python training/atelier_train/bench/torch_baseline.py --checkpoint DIR --package MODEL_DIR
         [--runs 20] [--warmup 2] [--threads N] [--code TRAINING_DIR] [--json OUT]
         [--blas-only] [--baseline-anyway]

First it finds the BLAS that torch's matmuls actually run on and measures it (blas.py; the JSON's "blas"
block). On the reference BLAS it refuses: it writes {"blas": ..., "refused": MESSAGE} and exits with
REFUSED (3), unless --baseline-anyway (then "blas" has "baseline_anyway": true). --blas-only stops after
that check.

--code is the folder holding the trainer's `atelier_train` package (default: this file's training/ folder).
Steps, guidance, size and shift are read from the package (model_index.json, scheduler_config.json), so the
baseline runs what the engine runs.
"""
import argparse
import importlib.util
import json
import os
import statistics
import sys
import time
from pathlib import Path


REFUSED = 3  # exit status when the BLAS makes the comparison meaningless


def _blas_module():
    """blas.py beside this file, whatever --code points at (an older trainer checkout may not have it)."""
    spec = importlib.util.spec_from_file_location("atelier_bench_blas", Path(__file__).with_name("blas.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def percentile(xs, q):
    s = sorted(xs)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", help="checkpoint folder: checkpoint.json + ema-*.npz (default: the weights "
                    "read back from the package's ONNX files, verified against its test_vectors/)")
    ap.add_argument("--package", required=True, help="the exported model package the engine runs")
    ap.add_argument("--code", default=str(Path(__file__).resolve().parents[2]))
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--precisions", default="fp32,bf16")
    ap.add_argument("--steps", type=int, help="default: the package's default_steps")
    ap.add_argument("--prompt", default="a red apple on a blue background")
    ap.add_argument("--json")
    ap.add_argument("--blas-only", action="store_true", help="only find and measure the BLAS, then stop")
    ap.add_argument("--baseline-anyway", action="store_true", help="run even on the reference BLAS")
    a = ap.parse_args(argv)
    import torch

    torch.set_num_threads(a.threads)
    blas_lib = _blas_module()
    blas = blas_lib.probe(torch, a.threads)
    refused = blas_lib.refusal(blas, a.baseline_anyway)
    if blas["kind"] == "reference" and a.baseline_anyway:
        blas["baseline_anyway"] = True
    print(f"BLAS: {blas['kind']} ({blas['library']}), {blas['matmul_gflops_fp32']} GFLOP/s fp32 matmul, "
          f"{a.threads} thread(s)", file=sys.stderr, flush=True)
    if refused or a.blas_only:
        emit({"torch": torch.__version__, "blas": blas, **({"refused": refused} if refused else {})}, a.json)
        if refused:
            print(refused, file=sys.stderr)
            sys.exit(REFUSED)
        return

    sys.path.insert(0, a.code)
    from atelier_train.export import Upscale, load_ema
    from atelier_train.flow import sample
    from atelier_train.layers import set_fused_attention
    from atelier_train.tokenizer.bpe import ClipBPE

    pkg = Path(a.package)
    if json.loads((pkg / "model_index.json").read_text()).get("_class_name") == "AtelierRetrievalPipeline":
        return retrieval_baseline(a, torch, blas)
    index = json.loads((pkg / "model_index.json").read_text())["atelier"]
    shift = json.loads((pkg / "scheduler" / "scheduler_config.json").read_text()).get("shift", 1.0)
    steps, guidance, size = a.steps or index["default_steps"], index["default_guidance"], index["sample_size"]
    factor = index.get("vae_scale_factor", 1)  # > 1: the package's vae_decoder is export.Upscale(factor)
    native = size // factor
    if a.checkpoint:
        dit, text, cfg, _ = load_ema(a.checkpoint)
    else:
        from atelier_train.bench.package_weights import load_package
        dit, text, cfg = load_package(pkg)
    set_fused_attention(dit, True)
    set_fused_attention(text, True)
    L = cfg["text"]["max_length"]
    tok = ClipBPE.from_file(pkg / "tokenizer" / "tokenizer.json", max_length=L)

    def one(seed):
        t0 = time.perf_counter()
        ids = torch.tensor([tok.encode(a.prompt, L)])
        uncond = torch.tensor([tok.encode("", L)])
        noise = torch.randn(1, 3, native, native, generator=torch.Generator().manual_seed(seed))
        x = sample(dit, text, ids, uncond, noise, steps, shift, guidance)
        if factor > 1:
            x = Upscale(factor)(x.float())
        x = ((x.float().clamp(-1, 1) + 1) * 127.5).round().byte()  # the image as 8-bit, as the engine ends
        return (time.perf_counter() - t0) * 1000

    out = {"torch": torch.__version__, "threads": a.threads, "blas": blas, "steps": steps, "guidance": guidance, "size": size,
           "shift": shift, "prompt": a.prompt, "checkpoint": str(a.checkpoint) if a.checkpoint else "package ONNX weights", "results": {}}
    measure(a, torch, one, out)


def retrieval_baseline(a, torch, blas):
    """atelier-image-2 (AtelierRetrievalPipeline): the PyTorch reference pipeline (atelier_train.pipeline_ref:
    retrieval, plan, draft, reference encoder, text encoder, sampler with guidance, learned upsampler), one image at
    a time, with the package's library and defaults. Weights: --checkpoint, else the int8 stage-2 checkpoint kept
    in training/checkpoints (the weights the package was exported from, before its own int8 rounding)."""
    import tempfile
    from atelier_train.pipeline_ref import RetrievalPipeline
    from atelier_train.transport import unpack
    pkg = Path(a.package)
    index = json.loads((pkg / "model_index.json").read_text())["atelier"]
    shift = json.loads((pkg / "scheduler" / "scheduler_config.json").read_text()).get("shift", 1.0)
    steps, guidance, size = a.steps or index["default_steps"], index["default_guidance"], index["sample_size"]
    code = Path(a.code)
    checkpoint = a.checkpoint
    if not checkpoint:
        checkpoint = tempfile.mkdtemp(prefix="atelier-baseline-")
        unpack(code / "checkpoints" / "atelier-image-2-stage2-int8", checkpoint)
    pipe = RetrievalPipeline(checkpoint, pkg / "tokenizer", pkg / "library", code / "checkpoints" / "atelier-image-2-upsampler")

    def one(seed):
        t0 = time.perf_counter()
        x, _ = pipe.generate([a.prompt], seed=seed, steps=steps, guidance=guidance, shift=shift,
                             draft_steps=index.get("draft", {}).get("guide_steps", 0))
        x = ((x.float().clamp(-1, 1) + 1) * 127.5).round().byte()  # the image as 8-bit, as the engine ends
        return (time.perf_counter() - t0) * 1000

    out = {"torch": torch.__version__, "threads": a.threads, "blas": blas, "steps": steps, "guidance": guidance,
           "size": size, "shift": shift, "prompt": a.prompt, "checkpoint": str(a.checkpoint or "stage-2 int8"),
           "pipeline": "AtelierRetrievalPipeline", "results": {}}
    measure(a, torch, one, out)


def measure(a, torch, one, out):
    for prec in a.precisions.split(","):
        ctx = torch.autocast("cpu", dtype=torch.bfloat16, enabled=prec == "bf16")
        with torch.inference_mode(), ctx:
            for i in range(a.warmup):
                one(1000 + i)
            ms = [one(i) for i in range(a.runs)]
        out["results"][prec] = {"runs": len(ms), "p50_ms": percentile(ms, 0.5), "p95_ms": percentile(ms, 0.95),
                                "mean_ms": statistics.fmean(ms), "min_ms": min(ms), "ms": ms}
        print(f"{prec}: p50 {out['results'][prec]['p50_ms']:.1f} ms", file=sys.stderr, flush=True)
    best = min(out["results"], key=lambda k: out["results"][k]["p50_ms"])
    out["best"], out["best_p50_ms"] = best, out["results"][best]["p50_ms"]
    emit(out, a.json)


def emit(out, path):
    text_out = json.dumps(out)
    if path:
        Path(path).write_text(text_out)
    print(text_out)


if __name__ == "__main__":
    main()
