"""Captioned compositions of pack sprites, sampled on the CPU (rendered on the device by data.render).

A Composition is a few sprites placed on a plain background plus its caption. CompositionSampler draws
them (cheap Python, suitable for a background thread).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field


from . import captions as cap
from .holdout import load_holdout

CATEGORIES = ("single", "two", "count", "color", "position", "style", "transparent")
# Share of each category in the train split.
WEIGHTS = {"single": 0.28, "color": 0.14, "position": 0.16, "count": 0.12, "two": 0.18, "style": 0.12}
# Sprite side as a fraction of the canvas: (low, high) per size word and placement.
SIZES = {"large": (0.68, 0.82), "medium": (0.46, 0.6), "small": (0.22, 0.3)}
OFFSET_SIZES = {"medium": (0.34, 0.42), "small": (0.2, 0.27)}
P_WHITE = 0.6          # background white when the category does not ask for a colour
P_WHITE_MENTION = 0.25  # a white background named in the caption ("... on a white background"), as other colours are
P_REF_SAME_STYLE = 0.5  # a reference drawn in the target's own style; otherwise in another style (restyling)
HELD_STYLE_EVERY = 20   # retrieval models: about 1 in 20 (concept, style) pairs is never a target nor a reference
HELD_CONCEPT_EVERY = 50  # retrieval models: about 1 in 50 concepts is never shown at all (stands for user additions)
P_STYLE_MENTION = 0.2  # style named in captions of categories other than "style"
P_FOREIGN = 0.2        # single/color captions in another language than English
P_SHORT_LABEL = 0.4    # 'dog' instead of 'dog face' where captions.short_label applies
JITTER = 0.03          # random shift of a placement, fraction of the canvas


def check_groups(pack, groups) -> None:
    """ValueError unless groups is a non-empty list of the pack's emojibase groups."""
    known = sorted({c["group"] for c in pack.concepts})
    if not groups or set(groups) - set(known):
        raise ValueError(f"groups must be a non-empty subset of {known}, got {groups!r}")


def check_concepts(pack, labels) -> list:
    """The indices of the pack's concepts with these English labels (emojibase `label`, e.g. "dog face");
    ValueError naming the unknown ones unless labels is a non-empty list of known, distinct labels."""
    if not isinstance(labels, (list, tuple)) or not labels or not all(isinstance(x, str) for x in labels):
        raise ValueError(f"concepts must be a non-empty list of emoji labels such as 'dog face', got {labels!r}")
    index = {c["label"]: i for i, c in enumerate(pack.concepts)}
    unknown = [x for x in labels if x not in index]
    if unknown:
        raise ValueError(f"unknown concept labels {unknown}: use the emojibase English labels of the pack's "
                         f"concepts, e.g. {sorted(index)[:5]}")
    if len(set(labels)) != len(labels):
        raise ValueError(f"concepts lists a label twice: {sorted(x for x in set(labels) if labels.count(x) > 1)}")
    return [index[x] for x in labels]


def check_weights(weights) -> dict:
    """ValueError unless weights maps categories of CATEGORIES to shares >= 0 with a positive sum."""
    if not isinstance(weights, dict) or not weights or set(weights) - set(CATEGORIES) \
            or any(not isinstance(v, (int, float)) or v < 0 for v in weights.values()) or sum(weights.values()) <= 0:
        raise ValueError(f"weights must map categories of {list(CATEGORIES)} to shares >= 0 with a positive "
                         f"sum, got {weights!r}")
    return dict(weights)


@dataclass
class Composition:
    items: list             # [(sprite_index, cx, cy, size)]: centre and side in canvas pixels, painted in order
    background: tuple       # (r, g, b) 0..255
    caption: str
    attrs: dict = field(default_factory=dict)
    refs: list = field(default_factory=list)  # retrieval models: reference sprite per concept, in caption order
    transparent: bool = False  # alpha is the sprites' coverage (the colour channels are composed over white)
    draft: list = field(default_factory=list)  # retrieval models: items drawn with each concept's reference sprite


def _stable_hash(text: str) -> int:
    """A hash that is the same in every process and run (Python's hash() of str is salted)."""
    import zlib
    return zlib.crc32(text.encode("utf-8"))


class CompositionSampler:
    """Draws compositions from a pack; split "train" never yields a held-out one, "holdout" yields only them."""

    def __init__(self, pack, seed: int, split: str = "train", canvas: int = 256, holdout=None,
                 languages: list | None = None, groups: list | None = None, styles: list | None = None,
                 weights: dict | None = None, concepts: list | None = None, retrieval: bool = False):
        """groups: draw only concepts of these emojibase groups, concepts: only the concepts with these English
        labels, styles: only sprites of these styles (None: all), e.g. for a model trained on little compute;
        weights: the share of each category in the train split (None: WEIGHTS); retrieval: give each composition
        reference sprites (Composition.refs) and hold out some (concept, style) pairs and concepts entirely
        (held_styles, held_concepts) to measure restyling and unseen concepts."""
        if split not in ("train", "holdout"):
            raise ValueError(f"split must be 'train' or 'holdout', got {split!r}")
        if groups is not None:
            check_groups(pack, groups)
        chosen = set(check_concepts(pack, concepts)) if concepts is not None else None
        if styles is not None and (not styles or set(styles) - set(pack.styles)):
            raise ValueError(f"styles must be a non-empty subset of {list(pack.styles)}, got {styles!r}")
        self.weights = check_weights(weights) if weights is not None else dict(WEIGHTS)
        self.pack, self.split, self.canvas = pack, split, canvas
        self.rng = random.Random(seed)
        self.styles = list(pack.styles)
        self.concepts = pack.concepts
        self.hexes = [c["hexcode"] for c in self.concepts]
        self.labels = {c["label"] for c in self.concepts}
        self.sprite_of = {}  # (concept, style) -> sprite index
        for i, (c, s) in enumerate(zip(pack.concept.tolist(), pack.style.tolist())):
            self.sprite_of[(c, s)] = i
        self.styles_of = [[] for _ in self.concepts]
        for (c, s) in sorted(self.sprite_of):
            if styles is None or self.styles[s] in styles:
                self.styles_of[c].append(s)
        self.drawn = [c for c, st in enumerate(self.styles_of)
                      if st and (groups is None or self.concepts[c]["group"] in groups)
                      and (chosen is None or c in chosen)]
        if not self.drawn:
            raise ValueError(f"no concept is both in groups {groups} and in concepts {concepts}")
        locales = sorted({loc for c in self.concepts for loc in c["names"]} - {"en", "en-gb"})
        self.languages = languages if languages is not None else locales
        self.retrieval = retrieval
        self.held_styles, self.held_concepts = set(), set()
        if retrieval:
            self.held_concepts = {c for c, h in enumerate(self.hexes) if _stable_hash("concept:" + h) % HELD_CONCEPT_EVERY == 0}
            self.held_styles = {(c, s) for (c, s) in self.sprite_of
                                if _stable_hash(f"style:{self.hexes[c]}:{self.styles[s]}") % HELD_STYLE_EVERY == 0}
            # a concept with no style left to show keeps its pairs
            for c in range(len(self.concepts)):
                if self.styles_of[c] and all((c, s) in self.held_styles for s in self.styles_of[c]):
                    self.held_styles -= {(c, s) for s in self.styles_of[c]}
        self._transparent_next = False
        self._load_holdout(holdout if isinstance(holdout, dict) else load_holdout(holdout))
        self.colours = list(cap.COLOURS)
        self.positions = list(cap.POSITIONS)

    # -- holdout ---------------------------------------------------------------------------------------
    def _load_holdout(self, h: dict) -> None:
        index = {hx: i for i, hx in enumerate(self.hexes)}
        style_ix = {s: i for i, s in enumerate(self.styles)}
        drawn = set(self.drawn)
        self.held_pairs = set()
        for p in h["pairs"]:
            a, b = (index.get(x) for x in p["concepts"])
            if a in drawn and b in drawn and \
                    set(self.styles_of[a]) & set(self.styles_of[b]):
                self.held_pairs.add(frozenset((a, b)))
        self.held_colour_pos = {tuple(cp) for cp in h["colour_position"]}
        self.held_singles = set()
        for s in h["singles"]:
            c, st = index.get(s["concept"]), style_ix.get(s["style"])
            if c in drawn and st is not None and st in self.styles_of[c]:
                self.held_singles.add((c, st, s["colour"]))
        self._pairs_list = sorted(tuple(sorted(p)) for p in self.held_pairs)
        self._singles_list = sorted(self.held_singles)

    def is_held_out(self, comp: Composition) -> bool:
        a = comp.attrs
        ids = a["concept_ids"]
        if self.retrieval and (any(c in self.held_concepts for c in ids)
                               or any((c, a["style_id"]) in self.held_styles for c in ids)
                               or any(int(self.pack.concept[r]) in self.held_concepts
                                      or (int(self.pack.concept[r]), int(self.pack.style[r])) in self.held_styles
                                      for r in comp.refs)):
            return True
        if a["category"] == "two" and frozenset(ids) in self.held_pairs:
            return True
        if a.get("position") is not None and (a["color"], a["position"]) in self.held_colour_pos:
            return True
        return len(comp.items) == 1 and (ids[0], a["style_id"], a["color"]) in self.held_singles

    # -- sampling --------------------------------------------------------------------------------------
    def sample(self, n: int, category: str | None = None, lang: str | None = None) -> list:
        """n compositions; category forces one of CATEGORIES, lang ("en", "de", ...) the caption language
        of single/color compositions (others are always English)."""
        if category is not None and category not in CATEGORIES:
            raise ValueError(f"category must be one of {CATEGORIES}, got {category!r}")
        if lang is not None and lang not in ("en", "en-gb") and lang not in self.languages:
            raise ValueError(f"lang must be 'en' or one of {self.languages}, got {lang!r}")
        out = []
        while len(out) < n:
            comp = self._holdout_one() if self.split == "holdout" else self._train_one(category, lang)
            if comp is not None:
                out.append(comp)
        return out

    def _train_one(self, category, lang):
        r = self.rng
        cat = category or r.choices(list(self.weights), weights=list(self.weights.values()))[0]
        if cat == "transparent":
            comp = self._transparent(lang=lang)
        else:
            comp = getattr(self, "_" + cat)(lang=lang)
        return None if comp is None or self.is_held_out(comp) else comp

    def _holdout_one(self):
        r = self.rng
        kinds = [k for k, v in (("pairs", self._pairs_list), ("colour_position", self.held_colour_pos),
                                ("singles", self._singles_list)) if v]
        if not kinds:
            raise ValueError("no held-out composition is drawable from this pack")
        kind = r.choice(kinds)
        if kind == "pairs":
            a, b = r.choice(self._pairs_list)
            if r.random() < 0.5:
                a, b = b, a
            comp = self._two(pair=(a, b))
        elif kind == "colour_position":
            colour, pos = r.choice(sorted(self.held_colour_pos))
            comp = self._position(colour=colour, position=pos)
        else:
            c, st, colour = r.choice(self._singles_list)
            comp = self._style(concept=c, style=st, colour=colour)
        assert comp is None or self.is_held_out(comp)
        return comp

    def _concept_style(self, concept=None, style=None):
        r = self.rng
        c = concept if concept is not None else r.choice(self.drawn)
        st = style if style is not None else r.choice(self.styles_of[c])
        return c, st

    def _background(self, force_colour=False):
        if self._transparent_next:
            return "white"
        if not force_colour and self.rng.random() < P_WHITE:
            return "white"
        return self.rng.choice(self.colours[1:])

    def _xy(self, position):
        fx, fy = cap.POSITIONS[position]
        j = JITTER * self.canvas
        return fx * self.canvas + self.rng.uniform(-j, j), fy * self.canvas + self.rng.uniform(-j, j)

    def _side(self, size, offset=False):
        lo, hi = (OFFSET_SIZES if offset else SIZES)[size]
        return self.rng.uniform(lo, hi) * self.canvas

    def _finish(self, caption, category, ids, st, colour, items, mention_style=None, **attrs):
        r = self.rng
        if mention_style is None:
            mention_style = r.random() < P_STYLE_MENTION
        transparent = self._transparent_next
        if transparent:
            caption = cap.transparent_suffix(r, caption)
        elif not attrs.get("colour_done") and (colour != "white" or r.random() < P_WHITE_MENTION):
            caption = cap.background_suffix(r, caption, colour)
        attrs.pop("colour_done", None)
        if mention_style:
            caption = cap.style_suffix(r, caption, self.styles[st])
        a = {"category": category, "concepts": [self.hexes[i] for i in ids], "concept_ids": ids,
             "style": self.styles[st], "style_id": st, "color": colour, "position": None, "count": len(items),
             "relation": None, "size": None, "lang": "en", "style_mentioned": mention_style}
        a.update(attrs)
        a["transparent"] = transparent
        refs = self._references(ids, st) if self.retrieval else []
        ref_of = {int(self.pack.concept[r]): r for r in refs}
        draft = [(ref_of[int(self.pack.concept[s])], x, y, side) for (s, x, y, side) in items] if refs else []
        return Composition(items=items, background=cap.COLOURS[colour], caption=caption, attrs=a, refs=refs,
                           transparent=transparent, draft=draft)

    def _references(self, ids, st):
        """One reference sprite per distinct concept, in caption order: the target's style with probability
        P_REF_SAME_STYLE, else another style of the concept (so that the model learns to restyle)."""
        r, refs = self.rng, []
        for c in dict.fromkeys(ids):
            others = [s for s in self.styles_of[c] if s != st and (c, s) not in self.held_styles]
            s = st if (r.random() < P_REF_SAME_STYLE or not others) else r.choice(others)
            refs.append(self.sprite_of[(c, s)])
        return refs

    def _transparent(self, lang=None):
        """A single, positioned, counted or paired composition on a transparent background."""
        kind = self.rng.choice(("single", "single", "position", "count", "two"))
        self._transparent_next = True
        try:
            return getattr(self, "_" + kind)(lang="en")
        finally:
            self._transparent_next = False

    def vocabulary(self) -> list:
        """The drawn concepts as [{"label", "names"}]: the words captions use for each (vocabulary_names)."""
        return [{"label": self.concepts[c]["label"],
                 "names": cap.vocabulary_names(self.concepts[c]["label"], self._short_label(c))} for c in self.drawn]

    def _short_label(self, c):
        """The shorter name captions may use for concept c (captions.short_label), or its label where the short
        name is another emoji's label: 'dog' is the dog itself, so the dog face keeps its own."""
        label = self.concepts[c]["label"]
        short = cap.short_label(label, self.concepts[c]["group"])
        return label if short != label and short in self.labels else short

    def _label(self, c):
        if self.rng.random() < P_SHORT_LABEL:
            return self._short_label(c)
        return self.concepts[c]["label"]

    def _tags(self, c):
        return self.concepts[c]["names"].get("en", [])[1:]

    def _single_like(self, category, lang, colour, concept=None, style=None, mention_style=None):
        r = self.rng
        c, st = self._concept_style(concept, style)
        size = "large" if r.random() < 0.35 else "medium"
        x, y = self._xy("centre")
        items = [(self.sprite_of[(c, st)], x, y, self._side(size))]
        if lang is None:
            lang = r.choice(self.languages) if self.languages and r.random() < P_FOREIGN else "en"
        if lang not in ("en", "en-gb"):
            names = self.concepts[c]["names"].get(lang)
            if not names:
                return None
            if colour != "white" and lang not in cap.FOREIGN_BACKGROUND:
                colour = "white"  # no colour words of ours in this language: keep the caption true
                category = "single" if category == "color" else category
            caption = cap.foreign_caption(r, names, lang, colour)
            return self._finish(caption, category, [c], st, colour, items, mention_style=False, size=size,
                                lang=lang, colour_done=True)
        caption = cap.single_phrase(r, self._label(c), self._tags(c))
        if size == "large" and r.random() < 0.3:
            caption = "a large " + caption[2:] if caption.startswith("a ") else caption
        return self._finish(caption, category, [c], st, colour, items, mention_style=mention_style, size=size)

    def _single(self, lang=None):
        return self._single_like("single", lang, self._background())

    def _color(self, lang=None):
        return self._single_like("color", lang, self._background(force_colour=True))

    def _style(self, lang=None, concept=None, style=None, colour=None):
        colour = colour or self._background()
        return self._single_like("style", "en", colour, concept, style, mention_style=True)

    def _position(self, lang=None, colour=None, position=None):
        r = self.rng
        c, st = self._concept_style()
        position = position or r.choice(self.positions)
        colour = colour or self._background()
        size = "small" if r.random() < 0.4 else "medium"
        x, y = self._xy(position)
        items = [(self.sprite_of[(c, st)], x, y, self._side(size, offset=position != "centre"))]
        label = self._label(c)
        noun = cap.article(("small " if size == "small" else "") + label)
        caption = f"{noun} {r.choice(cap.POSITION_PHRASES[position])}"
        return self._finish(caption, "position", [c], st, colour, items, position=position, size=size)

    def _count(self, lang=None):
        r = self.rng
        c, st = self._concept_style()
        n = r.choice((1, 2, 2, 3, 3, 4, 4))
        k = self.canvas
        side = {1: 0.5, 2: 0.4, 3: 0.3, 4: 0.36}[n] * k * r.uniform(0.9, 1.05)
        if n == 4:
            spots = [(0.28, 0.28), (0.72, 0.28), (0.28, 0.72), (0.72, 0.72)]
        elif n == 3 and r.random() < 0.5:
            spots = [(0.5, 0.28), (0.27, 0.7), (0.73, 0.7)]
        else:
            spots = [((i + 0.5) / n, 0.5) for i in range(n)]
        j = 0.015 * k
        sp = self.sprite_of[(c, st)]
        items = [(sp, fx * k + r.uniform(-j, j), fy * k + r.uniform(-j, j), side) for fx, fy in spots]
        caption = cap.count_phrase(r, self._label(c), n)
        return self._finish(caption, "count", [c], st, self._background(), items, count=n)

    def _two(self, lang=None, pair=None):
        r = self.rng
        if pair is None:
            a, b = r.sample(self.drawn, 2)
        else:
            a, b = pair
        common = sorted(set(self.styles_of[a]) & set(self.styles_of[b]))
        if not common:
            return None
        st = r.choice(common)
        relation = r.choice(list(cap.RELATIONS))
        k = self.canvas
        side = r.uniform(0.36, 0.44) * k
        lo, hi = 0.27 + r.uniform(-0.02, 0.02), 0.73 + r.uniform(-0.02, 0.02)
        mid = 0.5 + r.uniform(-0.04, 0.04)
        first, second = {"left of": ((lo, mid), (hi, mid)), "right of": ((hi, mid), (lo, mid)),
                         "above": ((mid, lo), (mid, hi)), "below": ((mid, hi), (mid, lo))}[relation]
        items = [(self.sprite_of[(a, st)], first[0] * k, first[1] * k, side),
                 (self.sprite_of[(b, st)], second[0] * k, second[1] * k, side)]
        caption = cap.relation_phrase(r, self._label(a), self._label(b), relation)
        return self._finish(caption, "two", [a, b], st, self._background(), items, relation=relation)
