"""Retrieval for a retrieval-augmented model (atelier-image-2): a prompt's concepts -> reference sprites.

The library (library.json, one atlas PNG per style, and the user's own entries under user/) and the algorithm are
specified in docs/model-package.md, "Reference library". The engine implements the same algorithm
(dev.atelier.engine.library.Retriever); testdata/retrieval-vectors.json holds both to the same answers.

  lib = Library.load("models/atelier-image-2/library")
  found = Retriever(lib).retrieve("a cat left of a dog, in openmoji line art")
  found.asked_style, [(h.label, h.style, h.sprite.shape) for h in found.hits]   # sprite: uint8 [64, 64, 4]
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

FORMAT = 1
REFERENCE_SIZE = 64
MAX_HITS = 2
USER_STYLE = "user"       # the one style of a user entry
SHIPPED, USER = "shipped", "user"

# Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, CJK radicals and ideographs, kana):
# a name with one of these characters matches anywhere, not only between spaces. Inclusive code point ranges.
UNSPACED_RANGES = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x2E80, 0x2FDF), (0x3005, 0x3007),
                   (0x3021, 0x3029), (0x3038, 0x303C), (0x3040, 0x30FF), (0x31F0, 0x31FF), (0x3400, 0x4DBF),
                   (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))


def normalize(text: str) -> str:
    """NFKC, lower case, every character that is not a letter, number or mark (general category L*, N*, M*) a
    space, and so is a variation selector (an emoji's U+FE0F), runs of spaces as one, no space at either end."""
    text = unicodedata.normalize("NFKC", text).lower()
    kept = "".join(c if unicodedata.category(c)[0] in "LNM" and not _variation_selector(c) else " " for c in text)
    return " ".join(w for w in kept.split(" ") if w)


def _variation_selector(c: str) -> bool:
    return 0xFE00 <= ord(c) <= 0xFE0F or 0xE0100 <= ord(c) <= 0xE01EF


def is_unspaced(name: str) -> bool:
    """Whether a normalised name contains a character of a script written without spaces (UNSPACED_RANGES)."""
    return any(lo <= ord(c) <= hi for c in name for lo, hi in UNSPACED_RANGES)


def clean_name(name: str) -> str:
    """A user's name for an entry as it is stored and shown: NFKC, every separator or control character (general
    category Z* or Cc) a space, runs of spaces as one, trimmed. Case and punctuation are kept."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(" " if unicodedata.category(c) in ("Zs", "Zl", "Zp", "Cc") else c for c in text)
    return " ".join(w for w in text.split(" ") if w)


def user_entry_names(name: str, extra=()) -> list:
    """The names a user entry is matched by: its cleaned name, that name's English plural (captions.plural; not
    for a name with nothing before its first ':'), and the extra names, normalised, empty ones and repeats
    dropped, in that order; none when the name itself has no letter or number."""
    from .data.captions import plural
    label = clean_name(name)
    if not normalize(label):
        return []
    forms = [label]
    if label.split(":")[0].strip():
        forms.append(plural(label))
    forms += [clean_name(x) for x in extra]
    return _distinct(normalize(f) for f in forms)


def _distinct(names) -> list:
    return list(dict.fromkeys(n for n in names if n))


@dataclass(frozen=True)
class Entry:
    """A library entry: a concept of the pack (origin 'shipped', id its hexcode) or one the user added (origin
    'user', id 'user:' + its normalised name). styles: the styles it has a sprite in, in the library's order
    (a user entry: just 'user'). tag_names: a shipped entry's English tags that name it alone, matched like names
    but losing ties to them; tags: a user entry's tags, never matched."""
    id: str
    label: str
    names: tuple
    styles: tuple
    origin: str
    emoji: str = ""
    group: str = ""
    tags: tuple = ()
    tag_names: tuple = ()


@dataclass(frozen=True)
class Hit:
    """One retrieved entry: the style its sprite is drawn in, whether that is the style the prompt asked for,
    the name that matched and where ([start, end) in code points of the padded normalised prompt), and the
    sprite, uint8 [64, 64, 4] straight-alpha RGBA."""
    entry: Entry
    style: str
    asked: bool
    name: str
    start: int
    end: int
    sprite: np.ndarray

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def label(self) -> str:
        return self.entry.label


@dataclass(frozen=True)
class Retrieval:
    """What a prompt retrieves: the style it asks for (None: none) and at most MAX_HITS hits in prompt order."""
    prompt: str          # the padded normalised prompt
    asked_style: str | None
    hits: tuple


class Library:
    """A package's library/ folder: library.json, its atlases (read when first needed) and the user's entries."""

    def __init__(self, root: Path, meta: dict, user: dict | None):
        self.root = Path(root)
        self.styles = list(meta["styles"])
        self.style_preference = list(meta["style_preference"])
        self.style_words = {s: list(meta["style_words"][s]) for s in meta["style_words"]}
        self.columns = int(meta["columns"])
        self.size = int(meta["reference_size"])
        self._atlas_files = dict(meta["atlases"])
        self._atlases = {}
        self._index = {}  # (entry id, style) -> atlas index, or user file name
        shipped = []
        for e in meta["entries"]:
            styles = tuple(s for s in self.styles if s in e["sprites"])
            for s in styles:
                self._index[(e["id"], s)] = int(e["sprites"][s])
            names = _distinct(map(normalize, e["names"]))
            tag_names = [n for n in _distinct(map(normalize, e.get("tag_names", []))) if n not in names]
            shipped.append(Entry(id=e["id"], label=e["label"], names=tuple(names), styles=styles, origin=SHIPPED,
                                 emoji=e.get("emoji", ""), group=e.get("group", ""), tag_names=tuple(tag_names)))
        users = []
        for e in (user or {}).get("entries", []):
            self._index[(e["id"], USER_STYLE)] = e["file"]
            users.append(Entry(id=e["id"], label=e["label"], names=tuple(_distinct(map(normalize, e["names"]))),
                               styles=(USER_STYLE,), origin=USER, tags=tuple(e.get("tags", []))))
        self.shipped, self.user = shipped, users

    @classmethod
    def load(cls, root) -> "Library":
        root = Path(root)
        meta = json.loads((root / "library.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT or meta.get("reference_size") != REFERENCE_SIZE:
            raise ValueError(f"{root / 'library.json'}: expected format {FORMAT} with reference_size "
                             f"{REFERENCE_SIZE}, got format {meta.get('format')!r}, size {meta.get('reference_size')!r}")
        user_file = root / "user" / "user.json"
        user = json.loads(user_file.read_text(encoding="utf-8")) if user_file.is_file() else None
        return cls(root, meta, user)

    @property
    def entries(self) -> list:
        """User entries first (they win ties), then the shipped ones: the order retrieval ranks them in."""
        return self.user + self.shipped

    def sprite(self, entry: Entry, style: str) -> np.ndarray:
        """uint8 [64, 64, 4] straight-alpha RGBA of entry in style (one of entry.styles)."""
        where = self._index[(entry.id, style)]
        if entry.origin == USER:
            return _read_rgba(self.root / "user" / where, self.size)
        atlas = self._atlases.get(style)
        if atlas is None:
            atlas = self._atlases[style] = np.asarray(Image.open(self.root / self._atlas_files[style]).convert("RGBA"))
        s = self.size
        r, c = divmod(where, self.columns)
        return atlas[r * s:(r + 1) * s, c * s:(c + 1) * s].copy()


def _read_rgba(path: Path, size: int) -> np.ndarray:
    with Image.open(path) as im:
        if im.mode != "RGBA" or im.size != (size, size):
            raise ValueError(f"{path}: expected a {size}x{size} RGBA PNG, got {im.mode} {im.size}")
        return np.asarray(im).copy()


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    rank: int      # position in Library.entries
    name: str
    tag: bool      # the name is one of the entry's tag names


class Retriever:
    """Finds the library entries a prompt names (docs/model-package.md, "Retrieval")."""

    def __init__(self, library: Library, max_hits: int = MAX_HITS):
        self.library, self.max_hits = library, max_hits
        self.entries = library.entries
        self.spaced, self.unspaced = {}, {}   # name -> [(rank, is a tag name)]
        for rank, e in enumerate(self.entries):
            for names, tag in ((e.names, False), (e.tag_names, True)):
                for n in names:
                    (self.unspaced if is_unspaced(n) else self.spaced).setdefault(n, []).append((rank, tag))
        self.max_words = max((n.count(" ") + 1 for n in self.spaced), default=0)
        self.unspaced_lengths = {}  # first character -> the lengths of the unspaced names that start with it
        for n in self.unspaced:
            self.unspaced_lengths.setdefault(n[0], set()).add(len(n))
        phrases = [(normalize(p), i, j, s) for i, s in enumerate(library.styles)
                   for j, p in enumerate(library.style_words.get(s, []))]
        self.style_phrases = [(p, s) for p, i, j, s in sorted(phrases, key=lambda t: (-len(t[0]), t[1], t[2])) if p]

    def _candidates(self, text: str) -> list:
        out = []
        spaces = [i for i, ch in enumerate(text) if ch == " "]
        for a in range(len(spaces)):
            for b in range(a + 1, min(len(spaces), a + 1 + self.max_words)):
                start, end = spaces[a] + 1, spaces[b]
                for rank, tag in self.spaced.get(text[start:end], ()):
                    out.append(_Span(start, end, rank, text[start:end], tag))
        for start in range(len(text)):
            for length in sorted(self.unspaced_lengths.get(text[start], ())):
                end = start + length
                for rank, tag in self.unspaced.get(text[start:end], ()) if end <= len(text) else ():
                    out.append(_Span(start, end, rank, text[start:end], tag))
        return out

    def asked_style(self, text: str) -> str | None:
        for phrase, style in self.style_phrases:
            if (phrase in text) if is_unspaced(phrase) else (f" {phrase} " in text):
                return style
        return None

    def retrieve(self, prompt: str) -> Retrieval:
        text = f" {normalize(prompt)} "
        spans = sorted(self._candidates(text),
                       key=lambda m: (m.start - m.end, m.tag, self.entries[m.rank].origin != USER, m.start, m.rank))
        taken = [False] * len(text)
        chosen = []
        for m in spans:
            if not any(taken[m.start:m.end]):
                taken[m.start:m.end] = [True] * (m.end - m.start)
                chosen.append(m)
        asked = self.asked_style(text)
        picked, seen = [], set()
        for tags in (False, True):  # tag names only fill the hits that names leave
            for m in sorted(chosen, key=lambda m: m.start):
                if m.tag != tags or m.rank in seen or len(picked) == self.max_hits:
                    continue
                seen.add(m.rank)
                picked.append(m)
        hits = []
        for m in sorted(picked, key=lambda m: m.start):
            entry = self.entries[m.rank]
            style = self.style_for(entry, asked)
            hits.append(Hit(entry=entry, style=style, asked=style == asked, name=m.name, start=m.start, end=m.end,
                            sprite=self.library.sprite(entry, style)))
        return Retrieval(prompt=text, asked_style=asked, hits=tuple(hits))

    def style_for(self, entry: Entry, asked: str | None) -> str:
        """The asked style if the entry has it, else the first of the library's style_preference it has, else its
        first style (a user entry's 'user')."""
        if asked in entry.styles:
            return asked
        return next((s for s in self.library.style_preference if s in entry.styles), entry.styles[0])
