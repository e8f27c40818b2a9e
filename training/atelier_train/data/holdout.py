"""The fixed evaluation holdout: compositions the train split never yields.

Three kinds, written to training/holdout.json (regenerate with `python -m atelier_train.data.holdout`; it is
deterministic for emojibase-data 17.0.0):
  pairs           unordered concept pairs never shown together in a two-emoji composition
  colour_position (background colour, position) combinations never shown for a positioned single emoji
  singles         (concept, style, background colour) triples never shown as a single emoji
"""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from .captions import COLOURS, POSITIONS

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "holdout.json"
SEED = 20250301
# Pairs of the --limit test sample, so that small packs exercise the holdout too.
FIXED_PAIRS = [("1F436", "1F355"), ("1F431", "1F680"), ("1F34E", "1F697"), ("1F333", "26BD"), ("2B50", "1F3E0")]
FIXED_SINGLES = [("1F436", "fluent-3d", "red"), ("1F431", "twemoji", "blue"), ("1F34E", "openmoji", "yellow"),
                 ("1F355", "noto", "green"), ("1F680", "fluent-flat", "purple"), ("1F333", "fluent-color", "pink")]


def colour_positions() -> list:
    """Each non-white colour loses one off-centre position, every off-centre position is held out at least once.

    The centre is never held out: centred single emoji of every colour are the bulk of the data.
    """
    colours = [c for c in COLOURS if c != "white"]
    positions = [p for p in POSITIONS if p != "centre"]
    return [[c, positions[(3 * i) % len(positions)]] for i, c in enumerate(colours)]


def make_holdout(concepts: list, styles: list, n_pairs: int = 100, n_singles: int = 200) -> dict:
    """Holdout drawn with a fixed seed from concepts (emojibase order) and styles."""
    rng = random.Random(SEED)
    by_hex = {c["hexcode"]: c for c in concepts}
    vivid = [c["hexcode"] for c in concepts if c["group"] in ("animals-nature", "food-drink", "travel-places",
                                                              "activities", "objects")]
    pairs = {tuple(sorted(p)) for p in FIXED_PAIRS if all(h in by_hex for h in p)}
    while len(pairs) < n_pairs:
        pairs.add(tuple(sorted(rng.sample(vivid, 2))))
    colours = [c for c in COLOURS if c != "white"]
    singles = {s for s in FIXED_SINGLES if s[0] in by_hex}
    everyone = [c["hexcode"] for c in concepts]
    while len(singles) < n_singles:
        singles.add((rng.choice(everyone), rng.choice(styles), rng.choice(colours)))
    label = lambda h: by_hex[h]["label"]
    return {
        "description": "Compositions the train split never yields (atelier_train.data.holdout).",
        "pairs": [{"concepts": list(p), "labels": [label(h) for h in p]} for p in sorted(pairs)],
        "colour_position": colour_positions(),
        "singles": [{"concept": h, "label": label(h), "style": s, "colour": c} for h, s, c in sorted(singles)],
    }


def dumps(holdout: dict) -> str:
    """JSON with one entry per line, so that diffs of the holdout stay readable."""
    def block(items):
        return "[\n  " + ",\n  ".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n ]"
    return ("{\n \"description\": " + json.dumps(holdout["description"]) +
            ",\n \"pairs\": " + block(holdout["pairs"]) +
            ",\n \"colour_position\": " + block(holdout["colour_position"]) +
            ",\n \"singles\": " + block(holdout["singles"]) + "\n}\n")


def load_holdout(path=None) -> dict:
    return json.loads(Path(path or DEFAULT_PATH).read_text(encoding="utf-8"))


def main() -> int:
    from .concepts import load_concepts
    from .sources import STYLES
    root = Path(__file__).resolve().parents[2]
    concepts = load_concepts(root / "node_modules" / "emojibase-data")
    DEFAULT_PATH.write_text(dumps(make_holdout(concepts, STYLES)), encoding="utf-8")
    print(DEFAULT_PATH, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
