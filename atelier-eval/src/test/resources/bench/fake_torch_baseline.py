"""Stands in for torch_baseline.py in the Java tests: the same arguments, exit status and JSON, no torch.

Its torch runs on Debian's reference BLAS, so it refuses (exit 3, "refused" in the JSON) unless --baseline-anyway.
"""
import argparse
import json
import sys
from pathlib import Path

ap = argparse.ArgumentParser()
for flag in ("--package", "--code", "--checkpoint", "--runs", "--warmup", "--threads", "--steps", "--json"):
    ap.add_argument(flag)
ap.add_argument("--blas-only", action="store_true")
ap.add_argument("--baseline-anyway", action="store_true")
a = ap.parse_args()
blas = {"kind": "reference", "library": "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0",
        "loaded": ["/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0"], "torch_build_blas": "generic",
        "matmul_gflops_fp32": 2.9, "matmul": "1024x1024 @ 1024x1024", "threads": int(a.threads)}
out = {"torch": "1.13.0a0", "blas": blas}
if not a.baseline_anyway:
    out["refused"] = ("PyTorch baseline refused: torch runs its matmuls on the reference BLAS "
                      "(/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0, measured 2.9 GFLOP/s). "
                      "Fix: apt-get install libopenblas0-openmp. Pass --baseline-anyway to compare regardless.")
    Path(a.json).write_text(json.dumps(out))
    print(out["refused"], file=sys.stderr)
    sys.exit(3)
blas["baseline_anyway"] = True
if not a.blas_only:
    out.update(threads=int(a.threads), results={"fp32": {"ms": [30000.0, 31000.0]}, "bf16": {"ms": [40000.0, 42000.0]}})
Path(a.json).write_text(json.dumps(out))
