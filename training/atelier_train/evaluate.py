"""Nearest-neighbour identity accuracy on the held-out single-emoji prompts (PyTorch model).

  python -m atelier_train.evaluate --checkpoint DIR --tokenizer DIR --pack PACK --out eval.json [--grid eval.png]

For each of the holdout's (concept, style, background colour) singles - compositions the train split never
yields - the model generates an image from the caption. The emoji is cropped out of the generated image (the
pixels that differ from the prompt's background colour, square around their bounding box) and compared, at
48x48, with every sprite of the pack composited on that background and cropped the same way. Top-1 is correct
when the nearest sprite shows the prompt's concept; we report it within the prompt's style and over all
styles. The same procedure on the true renderings ("oracle") measures the metric's own ceiling. A model trained
on some styles only is also measured on the same concepts and colours drawn in its own style ("model_style",
see model_style_singles). Images of a model trained on a smaller canvas are upscaled to 256 as its package does.
"""
import argparse
import json
import os
import sys
from pathlib import Path

import torch
import torch.nn.functional as F

from .data.compose import CompositionSampler, check_concepts, check_groups
from .data.render import render
from .data.pack import load_pack
from .export import Upscale, load_ema
from .samples import generate, grid_image
from .tokenizer.bpe import ClipBPE

CROP = 48
DEFAULT_SETTINGS = [(8, 4.0, 3.0)]


def holdout_singles(pack, n=200, seed=0, groups=None, concepts=None):
    """The holdout's single-emoji compositions (caption, concept, style, colour), in the holdout's order;
    groups / concepts: only those of concepts of these emojibase groups / with these labels (a model trained
    on them only)."""
    sampler = CompositionSampler(pack, seed=seed, split="holdout", groups=groups, concepts=concepts)
    comps = [sampler._style(concept=c, style=st, colour=colour) for c, st, colour in sampler._singles_list[:n]]
    return [c for c in comps if c is not None]


def model_style_singles(pack, styles, groups=None, n=200, seed=0, concepts=None):
    """For a model trained on some styles only: the holdout singles' concepts and background colours, drawn in
    the model's first style with an English caption that names no style (`a dog face on a blue background`).
    The model may have seen these exact compositions in training, so this measures whether it draws the emoji
    a caption names, not whether it generalises; duplicates (same concept and colour) are dropped."""
    held = CompositionSampler(pack, seed=seed, split="holdout", groups=groups, concepts=concepts)
    sampler = CompositionSampler(pack, seed=seed, split="train", groups=groups, styles=styles, concepts=concepts)
    st = list(pack.styles).index(styles[0])
    seen, comps = set(), []
    for c, _, colour in held._singles_list[:n]:
        if (c, colour) in seen or st not in sampler.styles_of[c]:
            continue
        seen.add((c, colour))
        comp = sampler._single_like("single", "en", colour, c, st, mention_style=False)
        if comp is not None:
            comps.append(comp)
    return comps


def vocabulary_singles(pack, concepts, styles=None, seed=0):
    """For a model trained on a vocabulary of concepts: one prompt per concept, an English caption that names
    neither style nor background (`a dog face`), drawn large or medium in the centre on white, in the model's
    first style (or a style of the concept where the model was trained on all). Like model_style_singles these
    are training compositions: the measure is whether the model draws each emoji it knows."""
    sampler = CompositionSampler(pack, seed=seed, split="train", styles=styles, concepts=concepts)
    comps = []
    for c in sampler.drawn:
        comp = sampler._single_like("single", "en", "white", c, sampler.styles_of[c][0], mention_style=False)
        if comp is not None:
            comps.append(comp)
    return comps


def crop_square(images, background, size=CROP, threshold=0.12):
    """images [B,3,H,W] in [0,1], background [B,3] -> [B,3,size,size] crops around what is not background."""
    b, _, h, w = images.shape
    dev = images.device
    bg = background[:, :, None, None]
    mask = (images - bg).abs().amax(1) > threshold  # [B,H,W]
    rows, cols = mask.any(2), mask.any(1)  # [B,H], [B,W]
    iy = torch.arange(h, device=dev, dtype=torch.float32)
    ix = torch.arange(w, device=dev, dtype=torch.float32)
    big = float(max(h, w))
    y0 = torch.where(rows, iy, torch.full_like(iy, big)).amin(1)
    y1 = torch.where(rows, iy, torch.full_like(iy, -1.0)).amax(1)
    x0 = torch.where(cols, ix, torch.full_like(ix, big)).amin(1)
    x1 = torch.where(cols, ix, torch.full_like(ix, -1.0)).amax(1)
    empty = mask.flatten(1).sum(1) < 16  # nothing drawn: take the whole image
    y0, x0 = torch.where(empty, torch.zeros_like(y0), y0), torch.where(empty, torch.zeros_like(x0), x0)
    y1, x1 = torch.where(empty, torch.full_like(y1, h - 1.0), y1), torch.where(empty, torch.full_like(x1, w - 1.0), x1)
    cy, cx = (y0 + y1) / 2, (x0 + x1) / 2
    half = torch.maximum(torch.maximum(y1 - y0, x1 - x0), torch.full_like(y0, 8.0)) / 2 * 1.05 + 1
    theta = torch.zeros(b, 2, 3, device=dev)
    theta[:, 0, 0] = half / (w / 2)
    theta[:, 0, 2] = (cx + 0.5) / (w / 2) - 1
    theta[:, 1, 1] = half / (h / 2)
    theta[:, 1, 2] = (cy + 0.5) / (h / 2) - 1
    grid = F.affine_grid(theta, [b, 3, size, size], align_corners=False)
    # outside the image counts as background
    crop = F.grid_sample(images - bg, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    return crop + bg


class Gallery:
    """Every pack sprite over a background colour, cropped like the generated images; cached per colour."""

    def __init__(self, pack, device):
        self.pack, self.device = pack, device
        self.sprites = pack.sprites.to(device)
        self.concept = pack.concept.to(device)
        self.style = pack.style.to(device)
        self.cache = {}

    def crops(self, colour_rgb):
        key = tuple(colour_rgb)
        if key not in self.cache:
            bg = torch.tensor(colour_rgb, dtype=torch.float32, device=self.device) / 255.0
            out = []
            for i in range(0, len(self.sprites), 1024):
                s = self.sprites[i:i + 1024].permute(0, 3, 1, 2).float() / 255.0  # [n,4,S,S]
                img = s[:, :3] * s[:, 3:] + (1 - s[:, 3:]) * bg[None, :, None, None]
                out.append(crop_square(img, bg.expand(len(img), 3)).flatten(1))
            self.cache[key] = torch.cat(out)  # [N, 3*CROP*CROP]
        return self.cache[key]


def nn_identity(images01, comps, gallery):
    """Per image: (top-1 same style, top-5 same style, top-1 any style)."""
    results = []
    for img, comp in zip(images01, comps):
        bg = torch.tensor(comp.background, dtype=torch.float32, device=img.device) / 255.0
        q = crop_square(img[None], bg[None]).flatten(1)  # [1, D]
        g = gallery.crops(comp.background)
        d = (g - q).pow(2).sum(1)  # [N]
        truth, style = comp.attrs["concept_ids"][0], comp.attrs["style_id"]
        same = gallery.style == style
        d_same = torch.where(same, d, torch.full_like(d, float("inf")))
        order = torch.argsort(d_same)[:5]
        top5 = gallery.concept[order].tolist()
        any1 = int(gallery.concept[torch.argmin(d)])
        results.append((top5[0] == truth, truth in top5, any1 == truth, top5[0]))
    return results


def summarize(results):
    n = max(1, len(results))
    return {"n": len(results), "top1_same_style": sum(r[0] for r in results) / n,
            "top5_same_style": sum(r[1] for r in results) / n, "top1_any_style": sum(r[2] for r in results) / n}


def evaluate(checkpoint, tokenizer_dir, pack, device, settings=DEFAULT_SETTINGS, n=200, grid=None, seed=0,
             bf16=False, groups=None, concepts=None):
    """pack: a pack or its folder. groups: judge the held-out prompts of these emojibase groups (default: the
    groups the model was trained on, all where it was trained on all), e.g. to compare two models on the
    concepts both know. concepts: the same with labels (default: the model's vocabulary, if it has one)."""
    dev = torch.device(device)
    pack = load_pack(pack) if isinstance(pack, (str, Path)) else pack
    dit, text, cfg, header = load_ema(checkpoint)
    dit.to(dev)
    text.to(dev)
    tok = ClipBPE.from_file(Path(tokenizer_dir) / "tokenizer.json", max_length=cfg["text"]["max_length"])
    groups = groups or cfg.get("data", {}).get("groups")
    concepts = concepts or cfg.get("data", {}).get("concepts")
    comps = holdout_singles(pack, n, groups=groups, concepts=concepts)
    gallery = Gallery(pack, dev)
    truth = (render(gallery.sprites, comps) + 1) / 2
    # the gallery holds every concept of the pack, also where the model was trained on some groups only
    report = {"prompts": len(comps), "concepts": len(pack.concepts), "styles": len(pack.styles),
              "groups": groups, "vocabulary": concepts,
              "oracle": summarize(nn_identity(truth, comps, gallery)), "settings": []}
    styles = cfg.get("data", {}).get("styles")
    own = model_style_singles(pack, styles, groups, n, seed, concepts) if styles else []
    if own:
        report["model_style_prompts"] = len(own)
    vocab = vocabulary_singles(pack, concepts, styles, seed) if concepts else []
    if vocab:
        report["vocabulary_prompts"] = len(vocab)
    factor = max(1, 256 // cfg["model"]["image_size"])  # judged at 256, as `export --upscale` delivers them

    def identity(prompts_comps, steps, guidance, shift):
        with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=bf16):
            images = generate(dit, text, tok, cfg, [c.caption for c in prompts_comps], seed=seed, device=dev,
                              steps=steps, guidance=guidance, shift=shift, batch=50)
        if factor > 1:
            images = Upscale(factor)(images.float())
        return images, nn_identity(((images.to(dev).clamp(-1, 1) + 1) / 2), prompts_comps, gallery)

    for steps, guidance, shift in settings:
        # a small vocabulary may have no held-out single at all: then only the other measures are reported
        images, res = identity(comps, steps, guidance, shift) if comps else (None, [])
        entry = {"steps": steps, "guidance": guidance, "shift": shift, **summarize(res)}
        if own:
            entry["model_style"] = summarize(identity(own, steps, guidance, shift)[1])
        if vocab:
            res_v = identity(vocab, steps, guidance, shift)[1]
            entry["vocabulary"] = summarize(res_v)
            entry["vocabulary_missed"] = [c.attrs["concepts"][0] for c, r in zip(vocab, res_v) if not r[0]]
        report["settings"].append(entry)
        print(json.dumps(entry), flush=True)
        if grid and comps and (steps, guidance, shift) == tuple(settings[0]):
            grid_image(images[:24], cols=6, tile=128).save(grid)
            report["grid_prompts"] = [c.caption for c in comps[:24]]
            report["examples"] = [{"prompt": c.caption, "concept": c.attrs["concepts"][0], "style": c.attrs["style"],
                                   "predicted": pack.concepts[r[3]]["hexcode"], "correct": bool(r[0])}
                                  for c, r in zip(comps[:40], res[:40])]
    return report


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--pack", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--grid")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--settings", default="8:4:3", help="comma-separated steps:guidance:shift")
    ap.add_argument("--bf16", action="store_true",
                    help="sample under bf16 autocast (much faster on CPUs with bf16 units, see docs/training.md)")
    ap.add_argument("--groups", help="comma-separated emojibase groups whose held-out prompts are judged "
                                     "(default: those the model was trained on)")
    ap.add_argument("--concepts", help="comma-separated emoji labels whose held-out prompts are judged "
                                       "(default: the model's vocabulary, if it was trained on one)")
    a = ap.parse_args(argv)
    if a.device == "cpu":
        torch.set_num_threads(os.cpu_count() or 1)
    settings = [tuple(float(x) if i else int(x) for i, x in enumerate(s.split(":"))) for s in a.settings.split(",")]
    groups = [g.strip() for g in a.groups.split(",") if g.strip()] if a.groups is not None else None
    concepts = [c.strip() for c in a.concepts.split(",") if c.strip()] if a.concepts is not None else None
    pack = load_pack(a.pack)
    try:
        if groups is not None:
            check_groups(pack, groups)
        if concepts is not None:
            check_concepts(pack, concepts)
    except ValueError as e:
        ap.error(str(e))
    report = evaluate(a.checkpoint, a.tokenizer, pack, a.device, settings, a.n, a.grid, bf16=a.bf16, groups=groups,
                      concepts=concepts)
    Path(a.out).write_text(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
