"""The layout planner of a retrieval model: where the retrieved sprites go in the draft (docs/model-package.md).

plan(retrieval) turns a prompt's retrieval (atelier_train.retrieval) into draft items: (hit index, centre x,
centre y, side), fractions of the canvas side, with the geometry of the training compositions
(data.compose) at the middle of each range, so the model sees drafts like the ones it learned from:
  two hits   a relation between the names ('left of', 'right of', 'above', 'below' and their phrasings, or
             'the A on the right' after both), side 0.40 at 0.27 / 0.73; without one, the first on the left
  one hit    a count word just before the name (two, three, four, 2-4, 'N copies of'): a row, a triangle or
             a 2 x 2 grid; else a position phrase (the centre and eight others): side 0.38 off-centre (0.235 if
             'small' comes before the name); else one sprite in the centre: 0.26 small, 0.75 large or big, 0.60
  no hit     no draft: the model draws from the text alone
The Java engine implements the same rules (dev.atelier.engine.library.Planner); shared vectors keep them equal.
"""
from __future__ import annotations

from .data import captions as cap
from .retrieval import normalize

RELATIONS = [("to the left of", "left"), ("on the left of", "left"), ("left of", "left"),
             ("to the right of", "right"), ("on the right of", "right"), ("right of", "right"),
             ("on top of", "top"), ("above", "top"), ("over", "top"),
             ("beneath", "bottom"), ("below", "bottom"), ("under", "bottom")]
AFTER = [("on the left", "left"), ("on the right", "right"), ("at the top", "top"), ("at the bottom", "bottom")]
PAIR = {"left": ((0.27, 0.5), (0.73, 0.5)), "right": ((0.73, 0.5), (0.27, 0.5)),
        "top": ((0.5, 0.27), (0.5, 0.73)), "bottom": ((0.5, 0.73), (0.5, 0.27))}
PAIR_SIDE = 0.40
COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
COUNT_SIDE = {2: 0.4 * 0.975, 3: 0.3 * 0.975, 4: 0.36 * 0.975}
COUNT_SPOTS = {2: [(0.25, 0.5), (0.75, 0.5)], 3: [(0.5, 0.28), (0.27, 0.7), (0.73, 0.7)],
               4: [(0.28, 0.28), (0.72, 0.28), (0.28, 0.72), (0.72, 0.72)]}
FILLER = {"a", "an", "the", "of", "copies", "small", "large", "big", "little", "tiny", "emoji", "emojis"}
OFFSET_SIDE = {"small": 0.235, "medium": 0.38}
CENTRE_SIDE = {"small": 0.26, "medium": 0.6, "large": 0.75}


def _position_phrases():
    phrases = [(normalize(p), pos) for pos, ps in cap.POSITION_PHRASES.items() for p in ps]
    return sorted(phrases, key=lambda t: -len(t[0]))


POSITIONS = _position_phrases()


def _size(before: str) -> str:
    words = before.split()[-3:]
    if any(w in ("small", "little", "tiny") for w in words):
        return "small"
    if any(w in ("large", "big") for w in words):
        return "large"
    return "medium"


def _count(before: str) -> int:
    for w in reversed(before.split()):
        if w in COUNT_WORDS:
            return COUNT_WORDS[w]
        if w not in FILLER:
            return 1
    return 1


def plan(retrieval) -> list:
    """[(hit index, cx, cy, side)] as fractions of the canvas, in painting order."""
    text, hits = retrieval.prompt, retrieval.hits
    if not hits:
        return []
    if len(hits) >= 2:
        a, b = hits[0], hits[1]
        between, after = f" {text[a.end:b.start].strip()} ", text[b.end:]
        relation = next((r for p, r in RELATIONS if f" {p} " in between), None)
        if relation is None:
            relation = next((r for p, r in AFTER if f" {p} " in f" {after} "), "left")
        (ax, ay), (bx, by) = PAIR[relation]
        return [(0, ax, ay, PAIR_SIDE), (1, bx, by, PAIR_SIDE)]
    hit = hits[0]
    before = text[:hit.start]
    n = _count(before)
    if n > 1:
        return [(0, x, y, COUNT_SIDE[n]) for x, y in COUNT_SPOTS[n]]
    size = _size(before)
    padded = f" {text.strip()} "
    for phrase, pos in POSITIONS:
        if f" {phrase} " in padded:
            x, y = cap.POSITIONS[pos]
            side = CENTRE_SIDE[size] if pos == "centre" else OFFSET_SIDE["small" if size == "small" else "medium"]
            return [(0, x, y, side)]
    return [(0, 0.5, 0.5, CENTRE_SIDE[size])]
