"""Train the judge on real rendered compositions of the train split, for a wall-clock budget.

  python -m atelier_train.judge.train --pack pack --out runs/judge [--budget-s 1200] [--batch 64]

Compositions are sampled and rendered at a 64 px canvas (sprites minified through mip levels) (the exported graph pools 256 px images by 4;
evaluate.py measures on 256 px renders, the path generated images take). Writes out/judge.pt (state dict and
label lists) every few minutes and at the end, and out/train_log.json.
"""
import argparse
import json
import math
import time
from pathlib import Path

import torch
import torch.nn.functional as F

from ..data.compose import CompositionSampler
from ..data.pack import load_pack
from .data import COLOURS, IGNORE, POSITIONS, images, targets
from .model import Judge


def build(pack):
    return Judge(len(pack.concepts), len(pack.styles), len(COLOURS), len(POSITIONS))


def losses(judge, x, t):
    _, _, h = judge.heads(x)
    out = {
        "concept": -(t["concept"] * F.log_softmax(h["concept"], -1)).sum(-1).mean(),
        "style": F.cross_entropy(h["style"], t["style"]),
        "background": F.cross_entropy(h["background"], t["background"]),
        "count": F.cross_entropy(h["count"], t["count"]),
        "position": F.cross_entropy(h["position"], t["position"], ignore_index=IGNORE)
        if (t["position"] != IGNORE).any() else h["position"].sum() * 0,
    }
    txt = judge.text(t["text"])                                       # [B, E]
    sim = judge.logit_scale.exp().clamp(max=100) * h["embedding"] @ txt.T  # [B, B]
    same = (t["text"][:, None, :] == t["text"][None, :, :]).all(-1).float()  # duplicate captions are positives
    target = same / same.sum(1, keepdim=True)
    out["clip"] = (-(target * F.log_softmax(sim, 1)).sum(1).mean() - (target * F.log_softmax(sim.T, 1)).sum(1).mean()) / 2
    acc = (h["concept"].argmax(-1) == t["concept"].argmax(-1)).float().mean()
    return out, acc


def save(judge, pack, path, step, seen):
    tmp = Path(str(path) + ".tmp")
    torch.save({"state": judge.state_dict(), "concepts": [c["hexcode"] for c in pack.concepts],
                "styles": list(pack.styles), "colours": COLOURS, "positions": POSITIONS, "step": step,
                "images_seen": seen}, tmp)
    tmp.replace(path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--budget-s", type=float, default=1200)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--canvas", type=int, default=64)
    ap.add_argument("--save-every-s", type=float, default=180)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    pack = load_pack(a.pack)
    sampler = CompositionSampler(pack, seed=a.seed, split="train", canvas=a.canvas)
    judge = build(pack)
    decay = [p for n, p in judge.named_parameters() if p.ndim >= 2 and "token" not in n]
    rest = [p for n, p in judge.named_parameters() if not (p.ndim >= 2 and "token" not in n)]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.02}, {"params": rest, "weight_decay": 0.0}],
                            lr=a.lr, betas=(0.9, 0.99))
    start = last_save = time.time()
    step, seen, log = 0, 0, []
    while True:
        frac = (time.time() - start) / a.budget_s
        if frac >= 1:
            break
        lr = a.lr * min(1.0, (step + 1) / 50) * (0.5 * (1 + math.cos(math.pi * frac)))  # warmup, cosine to 0
        for g in opt.param_groups:
            g["lr"] = lr
        comps = sampler.sample(a.batch)
        with torch.no_grad():
            x = images(pack.sprites, comps, a.canvas)
            x = x + torch.randn_like(x) * torch.rand(len(comps), 1, 1, 1) * 0.06  # robustness to grain
        t = targets(comps, len(pack.concepts))
        parts, acc = losses(judge, x, t)
        loss = sum(parts.values())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(judge.parameters(), 2.0)
        opt.step()
        step, seen = step + 1, seen + len(comps)
        if step % 20 == 0:
            row = {"step": step, "s": round(time.time() - start, 1), "lr": lr, "concept_acc": round(acc.item(), 3),
                   **{k: round(v.item(), 4) for k, v in parts.items()}}
            log.append(row)
            print(json.dumps(row), flush=True)
        if time.time() - last_save > a.save_every_s:
            save(judge, pack, out / "judge.pt", step, seen)
            last_save = time.time()
    save(judge, pack, out / "judge.pt", step, seen)
    (out / "train_log.json").write_text(json.dumps({"steps": step, "images_seen": seen, "budget_s": a.budget_s,
                                                    "batch": a.batch, "log": log}, indent=1))
    print(f"done: {step} steps, {seen} images, {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
