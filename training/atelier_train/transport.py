"""Carry a checkpoint's EMA weights in half the bytes: int8 per output row plus a float32 scale per row.

  python -m atelier_train.transport pack CHECKPOINT_DIR OUT_DIR      # -> checkpoint.json + ema-int8.npz
  python -m atelier_train.transport unpack IN_DIR CHECKPOINT_DIR     # -> a checkpoint folder (ema, float32)

For starting a run from another run's weights (train --init) on a machine that takes only so many bytes in
(the GPU machine: 64 MiB with the pack). The rounding error (half a step of a row's largest value / 127) is
far below what the first optimizer steps change; tensors under 4,096 values stay float32.
"""
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import torch

from . import checkpoint as ckpt


def pack(src, dst):
    src, dst = Path(src), Path(dst)
    dst.mkdir(parents=True, exist_ok=True)
    arrays = {}
    for name, t in ckpt.read_group(src, "ema").items():
        a = t.float().numpy()
        if a.size < 4096 or a.ndim < 2:
            arrays["f|" + name] = a.astype(np.float32)
            continue
        rows = a.reshape(a.shape[0], -1)
        scale = np.abs(rows).max(axis=1, keepdims=True) / 127.0
        scale[scale == 0] = 1.0
        arrays["q|" + name] = np.clip(np.round(rows / scale), -127, 127).astype(np.int8).reshape(a.shape)
        arrays["s|" + name] = scale.astype(np.float32)
    np.savez_compressed(dst / "ema-int8.npz", **arrays)
    shutil.copy(src / "checkpoint.json", dst / "checkpoint.json")


def unpack(src, dst):
    src, dst = Path(src), Path(dst)
    data = np.load(src / "ema-int8.npz")
    tensors = {}
    for key in data.files:
        kind, name = key.split("|", 1)
        if kind == "f":
            tensors[name] = torch.from_numpy(data[key])
        elif kind == "q":
            q = data[key].astype(np.float32)
            scale = data["s|" + name]
            tensors[name] = torch.from_numpy((q.reshape(q.shape[0], -1) * scale).reshape(q.shape))
    header = json.loads((src / "checkpoint.json").read_text())
    dst.mkdir(parents=True, exist_ok=True)
    header["groups"] = {"ema": ckpt.write_group(dst, "ema", tensors)}
    (dst / "checkpoint.json").write_text(json.dumps(header, indent=1))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 3 or argv[0] not in ("pack", "unpack"):
        print(__doc__, file=sys.stderr)
        return 2
    (pack if argv[0] == "pack" else unpack)(argv[1], argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
