"""Does a model use its caption? Two numbers for a checkpoint (the failure mode of the first release run).

  python -m atelier_train.probe --checkpoint DIR --tokenizer DIR --pack PACK [--n 64]

- text_spread: how much the text encoder's output differs between captions, relative to its size
  (mean over positions of the std across captions / the rms of the states); near 0 = one output for all.
- caption_gain: at sigma in [0.9, 1.0], 1 - loss(true captions) / loss(shuffled captions); 0 = caption unused.
"""
import argparse
import json
import sys

import torch

from .data.compose import CompositionSampler
from .data.render import render
from .data.pack import load_pack
from .export import load_ema
from .flow import flow_loss
from .tokenizer.bpe import ClipBPE


@torch.no_grad()
def probe(dit, text, tok, pack, n=64, seed=123, max_length=48):
    comps = CompositionSampler(pack, seed=seed, split="train").sample(n)
    x0 = render(pack.sprites, comps)
    ids = torch.tensor([tok.encode(c.caption, max_length) for c in comps])
    states = text(ids)  # [n, L, D]
    spread = (states.std(0).mean() / states.pow(2).mean().sqrt()).item()
    g = torch.Generator().manual_seed(seed)
    sigma = 0.9 + 0.1 * torch.rand(n, generator=g)
    noise = torch.randn(x0.shape, generator=g)
    shuffled = text(ids.roll(1, 0))
    true_loss = flow_loss(dit, x0, states, sigma, noise).mean().item()
    wrong_loss = flow_loss(dit, x0, shuffled, sigma, noise).mean().item()
    return {"text_spread": round(spread, 4), "caption_gain": round(1 - true_loss / wrong_loss, 4),
            "loss_true": round(true_loss, 5), "loss_shuffled": round(wrong_loss, 5)}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--pack", required=True)
    ap.add_argument("--n", type=int, default=64)
    a = ap.parse_args(argv)
    dit, text, cfg, _ = load_ema(a.checkpoint)
    tok = ClipBPE.from_file(f"{a.tokenizer}/tokenizer.json", max_length=cfg["text"]["max_length"])
    print(json.dumps(probe(dit, text, tok, load_pack(a.pack), a.n, max_length=cfg["text"]["max_length"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
