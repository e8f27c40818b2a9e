"""Measure a pack's decode time, caption sampling rate and render rate on a device.

  /usr/bin/python3 -m atelier_train.data.bench --pack pack --device cpu --batch 64
  python -m atelier_train.data.bench --pack pack --device cuda --batch 512
Prints one JSON line.
"""
from __future__ import annotations

import argparse
import json
import threading
import time
from pathlib import Path

import torch

from .compose import CompositionSampler
from .render import render
from .pack import load_pack


def _sync(dev):
    if dev.type == "cuda":
        torch.cuda.synchronize()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pack", type=Path, default=Path(__file__).resolve().parents[2] / "pack")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--canvas", type=int, default=256)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--save", type=Path, default=None, help="write a PNG grid of one batch here")
    args = ap.parse_args(argv)
    dev = torch.device(args.device)
    res = {"device": str(dev), "torch": torch.__version__, "batch": args.batch, "canvas": args.canvas}
    if dev.type == "cuda":
        res["gpu"] = torch.cuda.get_device_name(dev)

    t = time.perf_counter()
    pack = load_pack(args.pack)
    res["decode_s"] = round(time.perf_counter() - t, 2)
    res["sprites"] = len(pack)
    res["sprite_size"] = pack.size
    sprites = pack.sprites.to(dev)

    sampler = CompositionSampler(pack, seed=0, canvas=args.canvas)
    t = time.perf_counter()
    n = 0
    while time.perf_counter() - t < 2.0:
        sampler.sample(1000)
        n += 1000
    res["samples_per_s_1thread"] = round(n / (time.perf_counter() - t))

    batches = [sampler.sample(args.batch) for _ in range(8)]
    for b in batches[:2]:
        render(sprites, b, args.canvas)
    _sync(dev)
    t, n = time.perf_counter(), 0
    while time.perf_counter() - t < args.seconds:
        render(sprites, batches[n % len(batches)], args.canvas)
        n += 1
    _sync(dev)
    res["renders_per_s"] = round(n * args.batch / (time.perf_counter() - t))

    # sampling in a background thread while the device renders, as a trainer would use it
    queue, stop = [], threading.Event()

    def producer():
        s = CompositionSampler(pack, seed=1, canvas=args.canvas)
        while not stop.is_set():
            if len(queue) < 8:
                queue.append(s.sample(args.batch))
            else:
                time.sleep(0.0005)
    th = threading.Thread(target=producer, daemon=True)
    th.start()
    t, n = time.perf_counter(), 0
    while time.perf_counter() - t < args.seconds:
        while not queue:
            time.sleep(0.0001)
        render(sprites, queue.pop(0), args.canvas)
        n += 1
    _sync(dev)
    stop.set()
    res["renders_per_s_with_sampler_thread"] = round(n * args.batch / (time.perf_counter() - t))
    if dev.type == "cuda":
        res["max_mem_gib"] = round(torch.cuda.max_memory_allocated(dev) / 2**30, 2)
    if args.save:
        from PIL import Image
        x = render(sprites, batches[0][:32], args.canvas)
        g = ((x + 1) * 127.5).round().clamp(0, 255).byte().permute(0, 2, 3, 1).cpu()
        rows = [torch.cat(list(g[r * 8:(r + 1) * 8]), dim=1) for r in range(len(g) // 8)]
        Image.fromarray(torch.cat(rows, dim=0).numpy()).save(args.save)
        (args.save.with_suffix(".txt")).write_text("\n".join(c.caption for c in batches[0][:32]) + "\n")
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
