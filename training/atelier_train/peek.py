"""A quick look at a run in progress: sample a grid from a checkpoint's EMA weights.

  python -m atelier_train.peek --checkpoint runs/X/checkpoint --tokenizer runs/X/tokenizer --out peek.png
         [--steps 8] [--guidance 4] [--prompts "a dog" "a cat face" ...]

It reads the checkpoint once (the trainer writes it atomically), so it is safe to run beside a live run;
run it under `nice -n 19` on a CPU-only machine so the trainer keeps its cores.
"""
import argparse
from pathlib import Path

import torch

from .export import load_ema
from .samples import GRID_PROMPTS, generate, grid_image
from .tokenizer.bpe import ClipBPE


def main(argv=None):
    ap = argparse.ArgumentParser(description="sample a grid from a checkpoint")
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int)
    ap.add_argument("--guidance", type=float)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--columns", type=int, default=4)
    ap.add_argument("--prompts", nargs="+", default=GRID_PROMPTS)
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    dit, text, cfg, header = load_ema(a.checkpoint)
    tok = ClipBPE.from_file(Path(a.tokenizer) / "tokenizer.json", max_length=cfg["text"]["max_length"])
    with torch.autocast("cpu", dtype=torch.bfloat16):
        images = generate(dit, text, tok, cfg, a.prompts, seed=a.seed, steps=a.steps, guidance=a.guidance)
    grid_image(images, cols=a.columns).save(a.out)
    print(f"step {header['step']}: {len(a.prompts)} samples -> {a.out}")


if __name__ == "__main__":
    main()
