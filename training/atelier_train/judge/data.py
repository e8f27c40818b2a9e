"""Training batches for the judge: real compositions from the dataset sampler, rendered, with their targets."""
import torch
import torch.nn.functional as F

from ..data import captions as cap
from ..data.render import render
from . import text as judge_text
from .model import INPUT

COLOURS = list(cap.COLOURS)
POSITIONS = list(cap.POSITIONS)
IGNORE = -100


def position_of(comp):
    """Index into POSITIONS for a one-item composition, IGNORE otherwise (two objects, counts above one)."""
    if len(comp.items) != 1:
        return IGNORE
    return POSITIONS.index(comp.attrs["position"] or "centre")


def targets(comps, n_concepts):
    """Per-composition targets: concept distribution [B, C] (uniform over the concepts shown) and class ids."""
    concept = torch.zeros(len(comps), n_concepts)
    for i, c in enumerate(comps):
        ids = sorted(set(c.attrs["concept_ids"]))
        concept[i, ids] = 1.0 / len(ids)
    as_long = lambda xs: torch.tensor(xs, dtype=torch.long)
    return {
        "concept": concept,
        "style": as_long([c.attrs["style_id"] for c in comps]),
        "background": as_long([COLOURS.index(c.attrs["color"]) for c in comps]),
        "count": as_long([len(c.items) - 1 for c in comps]),
        "position": as_long([position_of(c) for c in comps]),
        "text": as_long([judge_text.encode(c.caption) for c in comps]),
    }


def images(sprites, comps, canvas):
    """Render at `canvas` px and average-pool to the judge's input: [B, 3, 64, 64] in [-1, 1]."""
    x = render(sprites, comps, canvas)
    return F.avg_pool2d(x, canvas // INPUT) if canvas > INPUT else x
