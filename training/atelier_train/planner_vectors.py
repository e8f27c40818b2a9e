"""The shared layout-planner and draft vectors: what the Python planner and renderer answer, which the engine must
answer too (docs/model-package.md, "Layout planner").

  cd training && /usr/bin/python3 -m atelier_train.planner_vectors      # rewrites the files below

testdata/planner-vectors.json holds, per prompt over testdata/mini-library, the retrieved entry ids and the plan
[(hit index, cx, cy, side)], and the prompts of the drafts; testdata/draft-vectors.npz holds, for each of those,
NAME_draft [1, 4, 128, 128] and, for three, NAME_references [1, 2, 4, 64, 64] (the reference slots), float32, as
pipeline_ref.conditions makes them. training/tests/test_planner.py and the engine's PlannerVectorsTest and
DraftVectorsTest check them.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import torch

from .pipeline_ref import conditions
from .planner import plan
from .retrieval import Library, Retriever

TESTDATA = Path(__file__).resolve().parents[1] / "testdata"
LIBRARY = TESTDATA / "mini-library"
PLANS = TESTDATA / "planner-vectors.json"
DRAFTS = TESTDATA / "draft-vectors.npz"
CANVAS = 128
SLOTS = 2

PROMPTS = [
    # one hit, in the centre: sizes
    "a rocket", "a small rocket", "a large rocket", "a big red apple on a white background", "a tiny little pizza",
    "a rocket, small", "small: a dog face",
    # one hit with a count word just before its name
    "two rockets", "three red apples", "four pizzas", "2 cats", "3 automobiles", "4 red hearts",
    "two small rockets", "three copies of a pizza", "two emoji of a rocket", "two big red apples", "five rockets",
    "two of the best rockets", "rocket two",
    # one hit at a position
    "a rocket on the left", "a small rocket on the right side", "a pizza at the top", "a red heart near the bottom",
    "a dog face in the top left corner", "a cat in the upper right corner", "a small cat at the bottom left",
    "a rocket in the lower right corner", "a large rocket in the centre", "a small rocket in the middle",
    "a pizza in the center of the image", "a rocket at the top of the image", "a rocket at the bottom left",
    # two hits: relations between them, phrases after both, the default
    "a cat left of a dog", "a cat to the left of a dog", "a dog on the right of a cat", "a rocket above a pizza",
    "a rocket over a red heart", "a pizza on top of a deciduous tree", "a dog below a cat", "a dog beneath a cat",
    "a pizza under a rocket", "a cat and a dog", "a cat and a dog, the dog on the right", "a cat and a dog at the top",
    "a rocket and a pizza at the bottom", "a rocket and a pizza on the left", "a dog face, a cat face and a pizza",
    "a cat face left of a dog face on a red background, in flat style",
    # styles, other languages, user entries
    "a rocket in openmoji line art", "ネコの顔とイヌの顔", "zwei Katzengesichter", "two zorblaxes", "a zorblax left of a pizza",
    # nothing retrieved: no draft
    "a spaceship over the mountains", "two bananas",
]

DRAFT_PROMPTS = {
    "centre": "a big red apple on a white background",
    "small": "a small rocket",
    "three": "three red apples",
    "four": "four pizzas",
    "corner": "a small cat at the bottom left",
    "pair": "a cat face left of a dog face",
    "user": "a zorblax above a pizza in twemoji style",
    "none": "a spaceship over the mountains",
}

REFERENCE_CASES = ("pair", "user", "none")  # the reference slots are simple; three cases keep the file small


def compute_plans(library: Path = LIBRARY) -> dict:
    retriever = Retriever(Library.load(library))
    cases = []
    for prompt in PROMPTS:
        ret = retriever.retrieve(prompt)
        cases.append({"prompt": prompt, "hits": [h.id for h in ret.hits],
                      "plan": [[i, x, y, side] for i, x, y, side in plan(ret)]})
    return {"library": library.name, "canvas": CANVAS, "plans": cases, "drafts": DRAFT_PROMPTS}


def compute_drafts(library: Path = LIBRARY) -> dict:
    retriever = Retriever(Library.load(library))
    arrays = {}
    for name, prompt in DRAFT_PROMPTS.items():
        refs, draft = conditions(retriever.retrieve(prompt), SLOTS, CANVAS)
        arrays[f"{name}_draft"] = draft.numpy().astype(np.float32)
        if name in REFERENCE_CASES:
            arrays[f"{name}_references"] = refs.numpy().astype(np.float32)
    return arrays


def main() -> int:
    torch.set_num_threads(1)
    PLANS.write_text(json.dumps(compute_plans(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    np.savez_compressed(DRAFTS, **compute_drafts())
    print(f"wrote {PLANS} and {DRAFTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
