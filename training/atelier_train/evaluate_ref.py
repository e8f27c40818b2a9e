"""Identity of a retrieval model (atelier-image-2) on single-emoji prompts, with the references it is given.

  python -m atelier_train.evaluate_ref --checkpoint DIR --tokenizer DIR --pack PACK --out eval.json [--grid g.png]

Three sets, each judged like evaluate.py (the emoji cropped out of the image and matched, at 48 x 48, with every
pack sprite on the prompt's background; top-1 in the asked style and over all styles):
  library   concepts over all groups in all seven styles, the reference drawn in the asked style (the library
            has that style); captions name concept, style and sometimes a background colour
  restyle   (concept, style) pairs that training never showed (compose.HELD_STYLE_EVERY), the reference
            drawn in another style of the concept: the model must redraw it in the asked style
  unseen    concepts that training never showed at all (compose.HELD_CONCEPT_EVERY), as a user's library
            addition would be: the reference in the asked style
The same crops of the true renderings ("oracle") give the metric's own ceiling.
"""
import argparse
import json
import os
import random
import sys
from pathlib import Path

import torch

from .data import captions as cap
from .data.compose import CompositionSampler
from .data.render import draft_images, reference_images, reference_sprites, render
from .data.pack import load_pack
from .evaluate import Gallery, nn_identity, summarize
from .export import load_ema_modules
from .samples import generate, grid_image
from .tokenizer.bpe import ClipBPE


def _single(sampler, c, st, colour, ref_style):
    comp = sampler._single_like("style", "en", colour, c, st, mention_style=True)
    ref = sampler.sprite_of[(c, ref_style)]
    comp.refs = [ref]
    comp.draft = [(ref, x, y, side) for (_, x, y, side) in comp.items]
    return comp


def prompt_sets(pack, n=350, seed=0):
    """{"library": [...], "restyle": [...], "unseen": [...]} compositions with their references."""
    s = CompositionSampler(pack, seed=seed, split="train", canvas=128, retrieval=True)
    r = random.Random(seed)
    colours = ["white"] * 3 + [c for c in cap.COLOURS if c != "white"]
    seen = [c for c in s.drawn if c not in s.held_concepts]
    library = []
    for i, c in enumerate(r.sample(seen, min(n, len(seen)))):
        styles = [st for st in s.styles_of[c] if (c, st) not in s.held_styles]
        st = styles[i % len(styles)] if styles else None
        if st is not None:
            library.append(_single(s, c, st, r.choice(colours), st))
    restyle = []
    for c, st in sorted(s.held_styles)[: n]:
        others = [o for o in s.styles_of[c] if o != st and (c, o) not in s.held_styles]
        if others and c not in s.held_concepts:
            restyle.append(_single(s, c, st, r.choice(colours), r.choice(others)))
    unseen = []
    for c in sorted(s.held_concepts):
        for st in s.styles_of[c][:2]:
            unseen.append(_single(s, c, st, r.choice(colours), st))
    return {"library": library, "restyle": restyle, "unseen": unseen[:n]}


def evaluate(checkpoint, tokenizer_dir, pack, device, settings, n=350, grid=None, seed=0, upsampler=None):
    dev = torch.device(device)
    pack = load_pack(pack) if isinstance(pack, (str, Path)) else pack
    modules, cfg, header = load_ema_modules(checkpoint)
    for m in modules.values():
        m.to(dev)
    tok = ClipBPE.from_file(Path(tokenizer_dir) / "tokenizer.json", max_length=cfg["text"]["max_length"])
    gallery = Gallery(pack, dev)
    ref_sprites = reference_sprites(gallery.sprites, cfg["refs"]["size"])
    sets = prompt_sets(pack, n, seed)
    slots, size = cfg["refs"]["slots"], cfg["model"]["image_size"]
    report = {"checkpoint": str(checkpoint), "step": header["step"], "concepts": len(pack.concepts),
              "sets": {k: len(v) for k, v in sets.items()}, "oracle": {}, "settings": []}
    for name, comps in sets.items():
        if not comps:
            continue
        truth = (render(gallery.sprites, comps, size) + 1) / 2
        report["oracle"][name] = summarize(nn_identity(truth, comps, gallery))
    for setting in settings:
        steps, guidance, shift = setting[:3]
        draft_steps = int(setting[3]) if len(setting) > 3 else 0
        entry = {"steps": steps, "guidance": guidance, "shift": shift, "draft_steps": draft_steps}
        for name, comps in sets.items():
            if not comps:
                continue
            refs = torch.tensor([(c.refs + [-1] * slots)[:slots] for c in comps], dtype=torch.long)
            references = reference_images(gallery.sprites, refs, cfg["refs"]["size"])
            drafts = draft_images(ref_sprites, comps, size) if cfg["model"].get("draft_channels") else None
            images = generate(modules["dit"], modules["text"], tok, cfg, [c.caption for c in comps], seed=seed,
                              device=dev, steps=steps, guidance=guidance, shift=shift, batch=64,
                              ref_encoder=modules["refs"], references=references, drafts=drafts,
                              draft_steps=0 if name == "restyle" else draft_steps)
            rgb01 = (images[:, :3].to(dev).clamp(-1, 1) + 1) / 2
            results = nn_identity(rgb01, comps, gallery)
            entry[name] = summarize(results)
            by_style = {st: [r for r, c in zip(results, comps) if pack.styles[c.attrs["style_id"]] == st]
                        for st in pack.styles}
            entry[name]["by_style"] = {st: {"n": len(rs), "top1_same_style": summarize(rs)["top1_same_style"]}
                                       for st, rs in by_style.items() if rs}
            if grid and name == "library":
                k = settings.index(setting)
                grid_image(images[:48], cols=8, tile=128).save(grid if k == 0 else f"{Path(grid).with_suffix('')}-{k}.png")
                report["grid_prompts"] = [c.caption for c in comps[:48]]
        report["settings"].append(entry)
        print(json.dumps(entry), flush=True)
    return report


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--pack", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--grid")
    ap.add_argument("--n", type=int, default=350)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--settings", default="6:3:2", help="comma-separated steps:guidance:shift[:draft_steps]")
    a = ap.parse_args(argv)
    if a.device == "cpu":
        torch.set_num_threads(os.cpu_count() or 1)
    settings = [tuple(float(x) if i in (1, 2) else int(x) for i, x in enumerate(s.split(":")))
                for s in a.settings.split(",")]
    report = evaluate(a.checkpoint, a.tokenizer, a.pack, a.device, settings, a.n, a.grid)
    Path(a.out).write_text(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
