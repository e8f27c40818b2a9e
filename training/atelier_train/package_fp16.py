"""Convert an exported package whose ONNX files store float32 weights to float16 storage (export.store_fp16).

  python -m atelier_train.package_fp16 PACKAGE

For packages exported before float16 storage was the default (the first atelier-image-1). The weights are read
back from the ONNX files into the trainer's modules (bench.package_weights, checked against the package's test
vectors), rounded to float16 values, the test vectors' outputs are recomputed from the rounded weights, the
ONNX initializers are stored as float16 behind Cast nodes, and the result is read back and checked again.
"""
import json
import sys
from pathlib import Path

import numpy as np
import torch

from .bench.package_weights import load_package
from .export import FlowVelocity, round_to_fp16, store_fp16


def convert(pkg):
    pkg = Path(pkg)
    index = json.loads((pkg / "model_index.json").read_text())
    if index.get("atelier", {}).get("weights_storage") == "float16":
        raise ValueError(f"{pkg} already stores its weights as float16")
    dit, text, _ = load_package(pkg)
    round_to_fp16(dit)
    round_to_fp16(text)
    tv = pkg / "test_vectors"
    ids = torch.from_numpy(np.load(tv / "text_encoder_input_ids.npy"))
    with torch.no_grad():
        states = text(ids)
        out = FlowVelocity(dit)(torch.from_numpy(np.load(tv / "transformer_sample.npy")),
                                torch.from_numpy(np.load(tv / "transformer_timestep.npy")), states)
    np.save(tv / "text_encoder_last_hidden_state.npy", states.numpy())
    np.save(tv / "transformer_out_sample.npy", out.numpy())
    for part in ("text_encoder", "transformer"):
        store_fp16(pkg / part / "model.onnx")
    index["atelier"]["weights_storage"] = "float16"
    (pkg / "model_index.json").write_text(json.dumps(index, indent=2) + "\n")
    load_package(pkg)  # the converted files, read back, reproduce the new test vectors


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    try:
        convert(args[0])
    except (ValueError, FileNotFoundError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    total = sum(p.stat().st_size for p in Path(args[0]).rglob("*.onnx"))
    print(f"converted {args[0]} ({total / 2**20:.1f} MiB of ONNX)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
