"""A learned x2 upsampler for a model's RGBA canvas (atelier-image-2: 128 -> 256), in place of a bicubic one.

The output is the bicubic enlargement plus a residual that a small convolutional net computes at the low
resolution and rearranges into the doubled grid (pixel shuffle), so an untrained net is exactly bicubic.
Trained on pairs at half scale: compositions rendered at 128 pixels (the pack's sprites are 128 pixels, so the
targets are sharp) and the same images box-filtered to 64; the net is convolutional and learns an edge prior
that it applies at 128 -> 256 in the package (measured against bicubic in docs/training.md).

  python -m atelier_train.upsample --pack PACK --out DIR [--device cuda] [--budget-s 60]
"""
import argparse
import json
import sys
import time
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

from .data.compose import CompositionSampler
from .data.render import render
from .data.pack import load_pack


class Upsampler(nn.Module):
    def __init__(self, channels=4, width=32, depth=4):
        super().__init__()
        layers = [nn.Conv2d(channels, width, 3, padding=1), nn.ReLU()]
        for _ in range(depth - 2):
            layers += [nn.Conv2d(width, width, 3, padding=1), nn.ReLU()]
        layers.append(nn.Conv2d(width, channels * 4, 3, padding=1))
        self.body = nn.Sequential(*layers)
        self.shuffle = nn.PixelShuffle(2)
        nn.init.zeros_(layers[-1].weight)
        nn.init.zeros_(layers[-1].bias)
        self.config = {"channels": channels, "width": width, "depth": depth}

    def forward(self, x):  # [B, C, H, W] in [-1, 1] -> [B, C, 2H, 2W] in [-1, 1]
        base = F.interpolate(x, scale_factor=2, mode="bicubic", align_corners=False)
        return (base + self.shuffle(self.body(x))).clamp(-1, 1)


def pairs(sprites, sampler, batch, size=128):
    """(low [B, 4, size/2, size/2], high [B, 4, size, size]) from fresh compositions."""
    high = render(sprites, sampler.sample(batch), size, alpha=True)
    return F.avg_pool2d(high, 2), high


def bicubic_error(low, high):
    up = F.interpolate(low, scale_factor=2, mode="bicubic", align_corners=False).clamp(-1, 1)
    return (up - high).abs().mean().item()


def train(pack_path, out, device="cpu", budget_s=60.0, batch=32, lr=2e-3, seed=0, width=32, depth=4):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    dev = torch.device(device)
    torch.manual_seed(seed)
    pack = load_pack(pack_path)
    sprites = pack.sprites.to(dev)
    sampler = CompositionSampler(pack, seed=seed, canvas=128, retrieval=True,
                                 weights={"single": 0.3, "position": 0.2, "count": 0.2, "two": 0.2, "transparent": 0.1})
    net = Upsampler(width=width, depth=depth).to(dev)
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=0.0)
    test_sampler = CompositionSampler(pack, seed=seed + 99, canvas=128, retrieval=True)
    test = [pairs(sprites, test_sampler, batch) for _ in range(4)]
    t0, step, curve = time.time(), 0, []
    while time.time() - t0 < budget_s:
        low, high = pairs(sprites, sampler, batch)
        loss = (net(low) - high).abs().mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        if step % 50 == 0:
            curve.append([step, round(loss.item(), 5)])
            print(f"upsampler step {step} L1 {loss.item():.4f} elapsed {time.time() - t0:.0f}s", flush=True)
    net.eval()
    with torch.no_grad():
        learned = sum((net(lo) - hi).abs().mean().item() for lo, hi in test) / len(test)
    bicubic = sum(bicubic_error(lo, hi) for lo, hi in test) / len(test)
    report = {"steps": step, "batch": batch, "seconds": round(time.time() - t0, 1), "device": str(dev),
              "test_l1_learned": round(learned, 5), "test_l1_bicubic": round(bicubic, 5), "config": net.config,
              "curve": curve}
    torch.save({k: v.detach().cpu().half() for k, v in net.state_dict().items()}, out / "upsampler.pt")
    (out / "upsampler.json").write_text(json.dumps(report, indent=1))
    print("upsampler " + json.dumps({k: v for k, v in report.items() if k != "curve"}), flush=True)
    return net, report


def load(folder):
    report = json.loads((Path(folder) / "upsampler.json").read_text())
    net = Upsampler(**report["config"])
    net.load_state_dict({k: v.float() for k, v in torch.load(Path(folder) / "upsampler.pt").items()})
    return net.eval()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--budget-s", type=float, default=60.0)
    ap.add_argument("--batch", type=int, default=32)
    a = ap.parse_args(argv)
    train(a.pack, a.out, a.device, a.budget_s, a.batch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
