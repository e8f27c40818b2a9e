"""Concepts and their captions from emojibase-data: English label plus label and tags in every locale."""
from __future__ import annotations

import json
from pathlib import Path

from .sources import norm_key

# emojibase group numbers (emojibase-data/meta/groups.json); components (skin-tone swatches, hair parts)
# and flags are left out of the dataset.
GROUPS = {0: "smileys-emotion", 1: "people-body", 3: "animals-nature", 4: "food-drink",
          5: "travel-places", 6: "activities", 7: "objects", 8: "symbols"}


def locales(emojibase: Path) -> list[str]:
    return sorted(p.name for p in Path(emojibase).iterdir() if (p / "data.json").is_file())


def load_concepts(emojibase: Path) -> list[dict]:
    """Every emoji of the kept groups without skin-tone variants, in emojibase order.

    Each concept: {"hexcode", "key", "emoji", "label", "names": {locale: [label, tag, ...]}, "group"}.
    """
    emojibase = Path(emojibase)
    english = json.loads((emojibase / "en" / "data.json").read_text())
    concepts = {}
    for e in sorted(english, key=lambda e: e.get("order", 1 << 30)):
        if e.get("group") not in GROUPS:
            continue
        concepts[e["hexcode"]] = {"hexcode": e["hexcode"], "key": norm_key(e["hexcode"]), "emoji": e["emoji"],
                                  "label": e["label"], "names": {}, "group": GROUPS[e["group"]]}
    for loc in locales(emojibase):
        for e in json.loads((emojibase / loc / "data.json").read_text()):
            c = concepts.get(e["hexcode"])
            if c is not None and e.get("label"):
                names = [e["label"]] + [t for t in e.get("tags", []) if t and t != e["label"]]
                c["names"][loc] = names
    return list(concepts.values())
