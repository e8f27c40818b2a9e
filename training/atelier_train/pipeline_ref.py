"""A retrieval model's whole pipeline in PyTorch, prompt to image: the reference the Java engine is checked
against and the baseline of the speed benchmark.

  retrieval (library) -> layout plan -> draft + reference sprites -> text encoder -> Euler sampler with
  classifier-free guidance (and the draft drawn over the first draft_steps predictions) -> learned x2 upsampler -> RGBA in [-1, 1] (colour composed over white, alpha)

  python -m atelier_train.pipeline_ref --checkpoint DIR --tokenizer DIR --library DIR --out grid.png
         [--upsampler DIR] [--prompt TEXT ...] [--steps 6] [--guidance 3] [--seed 0] [--transparent]
"""
import argparse
import sys
from pathlib import Path

import torch

from .data.captions import ENGINE_TRANSPARENT_SUFFIX, TRANSPARENT_PHRASES
from .data.compose import Composition
from .data.render import render
from .export import load_ema_modules
from .flow import sample
from .planner import plan
from .retrieval import Library, Retriever
from .samples import grid_image
from .tokenizer.bpe import ClipBPE
from .upsample import Upsampler, load as load_upsampler


def with_transparency(prompt: str) -> str:
    """The prompt the model is given for a transparent image (docs/model-package.md)."""
    low = prompt.lower()
    return prompt if any(p in low for p in TRANSPARENT_PHRASES) else prompt + ENGINE_TRANSPARENT_SUFFIX


def conditions(ret, slots: int, canvas: int):
    """A retrieval's reference slots [1, slots, 4, 64, 64] and draft [1, 4, canvas, canvas] (docs/model-package.md,
    "Layout planner"): premultiplied colour and alpha in [-1, 1]; an empty slot and an empty draft are all -1."""
    sprites = [torch.from_numpy(h.sprite) for h in ret.hits[:slots]]
    stack = torch.stack(sprites) if sprites else torch.zeros(0, 64, 64, 4, dtype=torch.uint8)
    refs = torch.full((1, slots, 4, 64, 64), -1.0)
    for k, s in enumerate(sprites):
        x = s.permute(2, 0, 1).float() / 255.0
        x[:3] *= x[3:]
        refs[0, k] = x * 2 - 1
    items = [(i, x * canvas, y * canvas, side * canvas) for i, x, y, side in plan(ret)]
    draft = render(stack, [Composition(items=items, background=(0, 0, 0), caption="", transparent=True)], canvas,
                   alpha=True) if items else torch.full((1, 4, canvas, canvas), -1.0)
    return refs, draft


def in_asked_style(ret) -> bool:
    """Whether every hit is drawn in the style the prompt asked for (or it asked for none): the images the draft
    guidance draws over (flow.draft_over); a restyle is left to the model."""
    return ret.asked_style is None or all(h.asked for h in ret.hits)


class RetrievalPipeline:
    def __init__(self, checkpoint, tokenizer_dir, library_dir, upsampler_dir=None, device="cpu"):
        self.dev = torch.device(device)
        self.modules, self.cfg, self.header = load_ema_modules(checkpoint)
        for m in self.modules.values():
            m.to(self.dev)
        self.upsampler = (load_upsampler(upsampler_dir) if upsampler_dir else Upsampler()).to(self.dev).eval()
        self.tok = ClipBPE.from_file(Path(tokenizer_dir) / "tokenizer.json", max_length=self.cfg["text"]["max_length"])
        self.retriever = Retriever(Library.load(library_dir))
        self.size = self.cfg["model"]["image_size"]
        self.slots = self.cfg["refs"]["slots"]

    def conditions(self, prompt):
        """(retrieval, references [1, slots, 4, 64, 64], draft [1, 4, size, size]) for one prompt."""
        ret = self.retriever.retrieve(prompt)
        refs, draft = conditions(ret, self.slots, self.size)
        return ret, refs, draft

    @torch.no_grad()
    def generate(self, prompts, seed=0, steps=None, guidance=None, shift=None, transparent=False, upsample=True,
                 draft_steps=None):
        s = self.cfg["sample"]
        draft_steps = s.get("draft_steps", 0) if draft_steps is None else draft_steps
        steps, guidance, shift = steps or s["steps"], guidance or s["guidance"], shift or s["shift"]
        L = self.cfg["text"]["max_length"]
        texts = [with_transparency(p) if transparent else p for p in prompts]
        conds = [self.conditions(p) for p in prompts]
        ids = torch.tensor([self.tok.encode(t, L) for t in texts], device=self.dev)
        uncond = torch.tensor([self.tok.encode("", L)] * len(texts), device=self.dev)
        noise = torch.stack([torch.randn(4, self.size, self.size, generator=torch.Generator().manual_seed(seed + i))
                             for i in range(len(prompts))]).to(self.dev)
        refs = torch.cat([c[1] for c in conds]).to(self.dev)
        drafts = torch.cat([c[2] for c in conds]).to(self.dev)
        m = self.modules
        use = torch.tensor([in_asked_style(c[0]) for c in conds])
        out = sample(m["dit"], m["text"], ids, uncond, noise, steps, shift, guidance, m["refs"], refs,
                     drafts if self.cfg["model"].get("draft_channels") else None,
                     int(draft_steps), use).clamp(-1, 1)
        if upsample:
            out = self.upsampler(out)
        return out, [c[0] for c in conds]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--library", required=True)
    ap.add_argument("--upsampler")
    ap.add_argument("--out", required=True)
    ap.add_argument("--prompt", action="append")
    ap.add_argument("--steps", type=int)
    ap.add_argument("--guidance", type=float)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--transparent", action="store_true")
    a = ap.parse_args(argv)
    torch.set_num_threads(max(1, torch.get_num_threads()))
    pipe = RetrievalPipeline(a.checkpoint, a.tokenizer, a.library, a.upsampler)
    prompts = a.prompt or ["a red apple on a white background", "a rocket", "three bananas", "a dog left of a cat"]
    images, rets = pipe.generate(prompts, a.seed, a.steps, a.guidance, transparent=a.transparent)
    for p, r in zip(prompts, rets):
        print(f"{p!r}: {[h.label + ' (' + h.style + ')' for h in r.hits] or 'no library entry'}")
    grid_image(images, cols=min(4, len(prompts)), tile=256).save(a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
