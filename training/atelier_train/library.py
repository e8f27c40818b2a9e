"""Build the reference library of a retrieval model (atelier-image-2) from a sprite pack.

  cd training
  /usr/bin/python3 -m atelier_train.library --pack pack --out ../models/atelier-image-2/library

Writes library.json and one atlas PNG per style (docs/model-package.md, "Reference library"): every sprite of the
pack, box-filtered from the pack's side down to 64 px, as exact 8-bit RGBA. add_user_entry writes a user entry
the way `atelier library add` does (the tests and held-out evaluations use it).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np
from PIL import Image

from .data.captions import (COLOUR_SYNONYMS, COLOURS, NUMBERS, POSITION_PHRASES, POSITIONS, RELATIONS,
                            STYLE_PHRASES, plural, short_label)
from .retrieval import FORMAT, REFERENCE_SIZE, _distinct, clean_name, normalize, user_entry_names

# The style a reference is drawn in when the prompt names none, best first: the most complete and most
# conventional sets before the more particular ones.
STYLE_PREFERENCE = ["noto", "twemoji", "fluent-flat", "fluent-color", "openmoji", "fluent-3d", "openmoji-line"]
MARGIN = 0.04          # the pack's empty border around a sprite (data.raster.MARGIN), kept for user entries
ALPHA_SEEN = 8         # alpha above this counts as drawn when a user image is cropped (as data.raster does)


def downscale(sprites: np.ndarray, size: int = REFERENCE_SIZE) -> np.ndarray:
    """uint8 [N, S, S, 4] straight RGBA -> [N, size, size, 4]: each f x f block (f = S / size) averaged as
    premultiplied colour, then un-premultiplied; integer arithmetic, halves rounded up, colour 0 where alpha is 0."""
    n, s = sprites.shape[0], sprites.shape[1]
    if s % size:
        raise ValueError(f"sprite side {s} is not a multiple of the reference size {size}")
    f = s // size
    a = sprites[..., 3].astype(np.int64)
    pre = sprites[..., :3].astype(np.int64) * a[..., None]
    a_sum = a.reshape(n, size, f, size, f).sum(axis=(2, 4))                 # [N, size, size]
    pre_sum = pre.reshape(n, size, f, size, f, 3).sum(axis=(2, 4))          # [N, size, size, 3]
    k = f * f
    alpha = (2 * a_sum + k) // (2 * k)
    colour = (2 * pre_sum + a_sum[..., None]) // np.maximum(2 * a_sum[..., None], 1)
    colour[alpha == 0] = 0
    return np.concatenate([colour, alpha[..., None]], axis=-1).astype(np.uint8)


# The English words captions put around concepts (articles, prepositions, counts, sizes, backgrounds, stickers);
# with the colour, position, relation and style phrases of data.captions they make CAPTION_WORDS.
_TEMPLATE_WORDS = ("a an the and of on in at to with as no just single copies copy emoji emojis icon image background "
                   "against side corner near middle upper lower big large medium small tiny transparent sticker isolated")
ENGLISH_LOCALES = ("en", "en-gb")
# The kinds of name, strongest first: where entries share a name, only those with its strongest kind keep it.
LABEL, PLURAL, SHORT, SHORT_PLURAL, LOCALIZED = range(5)
# The groups whose tags can be names: things (animals, plants, food, places, vehicles, activities, objects). Tags of
# faces, people and symbols are mostly feelings and abstractions ('cheerful', 'why', 'caution', 'forever').
TAG_GROUPS = ("animals-nature", "food-drink", "travel-places", "activities", "objects")
# Words of prompts that are the tag of one such entry only but in a prompt mostly say something else: never tag
# names ('table' is a tag of ping pong, 'wall' of the brick, 'nothing' of the jar, 'flight' of the feather).
PROMPT_WORDS = frozenset("""
    action air alert arrival arriving attraction band bless bloom born bottoms branches breaking bury change charm
    cheering class climate container cooling cover crane culture curve cutting decor delivering department dig direct
    disaster dive drained edge emerge employed energy engaged evidence fall fallen fashion flash flight float floating
    flock flowing fluctuate folding force freedom future glory glow glowing grow herd hiking hit jump landing level
    linked list location major marching married media memorial mining mobility mythology neck nothing notice
    nurturing opening order outgoing paying performing photo picture piece pipe pour pouring power pride privacy proof
    protect purity rays rebound reception reflection reminder renewal repairs resort revival revive ride rip rule save
    saver second secure security selling send serve set shape shine site soak spark spin spinning split spots springs
    springtime squeeze step strike string stripe study super test third transform transportation
    treat trim trunk turn twist twisted uniform utility view viewing waste wealth winner winning wrap zoom
    aerial american arctic bare barren classical comfortable comfy cooked cracked creative curious dangerous
    decorated decorative decreasing diet downward easy electronic extra front framed frames handy heavenly horizontal
    immortal incoming indecisive injured interlocking lazy lit long lucky luxury medieval melted milky national
    natural personal playful positive private public recreational refreshing ripe roasted round salty serious shallow
    sharp shiny slow solid sugar tangy terrestrial tough tropics ugly ultimate underground underwater unlucky wild
    bronze indigo lavender lilac metal violet collage landscape evening field ground highway kitchen road table wall
    winter gay genderqueer lesbian queer trans
""".split())
MIN_TAG_LETTERS = 3   # shorter tags ('ok', 'ny', 'i m') are not names
# Everyday words that are English tags of several entries, and the label of the entry each one names: the emoji an
# emoji keyboard offers for the word ('car' is a tag of 17 entries, 'heart' of 44). Other shared tags are not names.
SHARED_TAGS = {
    "car": "automobile", "heart": "red heart", "tree": "deciduous tree", "apple": "red apple", "book": "closed book",
    "phone": "mobile phone", "computer": "laptop", "clock": "alarm clock", "money": "money bag", "music": "musical note",
    "snow": "snowflake", "rain": "cloud with rain", "boat": "sailboat", "plane": "airplane", "bike": "bicycle",
    "cake": "birthday cake", "gift": "wrapped gift", "letter": "envelope", "diamond": "gem stone",
    "truck": "delivery truck", "knife": "kitchen knife", "beer": "beer mug", "tea": "teacup without handle",
    "cheese": "cheese wedge", "chocolate": "chocolate bar", "milk": "glass of milk", "ocean": "water wave",
    "beach": "beach with umbrella", "city": "cityscape", "globe": "globe showing Europe-Africa",
    "earth": "globe showing Europe-Africa", "world": "globe showing Europe-Africa", "police": "police officer",
    "doctor": "health worker", "santa": "Santa Claus", "christmas": "Christmas tree", "pumpkin": "jack-o-lantern",
    "bunny": "rabbit", "cherry": "cherries", "corn": "ear of corn", "pepper": "hot pepper", "thumb": "thumbs up",
    "lips": "mouth", "moon": "crescent moon", "flower": "blossom",
}


def caption_words() -> set:
    """Normalised words and phrases of the caption templates, which a foreign label may not claim ('and' is Danish
    for duck, 'on' a Chinese label of the ON! arrow)."""
    phrases = list(_TEMPLATE_WORDS.split()) + list(COLOURS) + list(NUMBERS.values()) + list(POSITIONS)
    phrases += [p for ps in COLOUR_SYNONYMS.values() for p in ps] + [p for ps in POSITION_PHRASES.values() for p in ps]
    phrases += [p for ps in RELATIONS.values() for p in ps] + [p for ps in STYLE_PHRASES.values() for p in ps]
    phrases += list(RELATIONS)
    out = set()
    for p in phrases:
        out.add(normalize(p))
        out.update(normalize(p).split(" "))
    return out - {""}


def _own_names(concept: dict, labels: set) -> list:
    """(name, kind) of one concept before conflicts between concepts are settled."""
    label = concept["label"]
    forms = [(label, LABEL), (plural(label), PLURAL)]
    short = short_label(label, concept["group"])
    if short != label and normalize(short) not in labels:
        forms += [(short, SHORT), (plural(short), SHORT_PLURAL)]
    forms += [(concept["names"][loc][0], LABEL if loc in ENGLISH_LOCALES else LOCALIZED)
              for loc in sorted(concept["names"]) if concept["names"][loc]]
    out = {}                                # first appearance order, strongest kind
    for text, kind in forms:
        n = normalize(text)
        if n:
            out[n] = min(out.get(n, kind), kind)
    return list(out.items())


def library_names(concepts: list) -> list:
    """Each concept's names (normalised, distinct): its English label and plural, the short label and its plural
    (captions.short_label) where no concept is labelled so, and the localized label of every other locale (sorted
    by locale). Tags are left out ('animal', 'face', 'red' would retrieve too much; library_tag_names picks the few
    that name one concept). Where concepts share a name, English beats foreign: a localized label that is a caption
    word (CAPTION_WORDS) or an English label, plural or tag of another concept is dropped ('pie' is Spanish for
    foot), and of the concepts left sharing a name only those where it is of the strongest kind (label, plural,
    short label, short plural, localized) keep it."""
    labels = {normalize(c["label"]) for c in concepts}
    own = [_own_names(c, labels) for c in concepts]
    english = []                       # per concept: normalised English label, plural, short forms and tags
    for c, names in zip(concepts, own):
        words = {n for n, kind in names if kind < LOCALIZED}
        words |= {normalize(t) for loc in ENGLISH_LOCALES for t in c["names"].get(loc, [])}
        english.append(words - {""})
    english_owners = {}
    for i, words in enumerate(english):
        for w in words:
            english_owners.setdefault(w, set()).add(i)
    blocked = caption_words()
    best = {}
    kept = []
    for i, names in enumerate(own):
        mine = [(n, k) for n, k in names
                if k < LOCALIZED or not (n in blocked or english_owners.get(n, set()) - {i})]
        kept.append(mine)
        for n, k in mine:
            best[n] = min(best.get(n, k), k)
    return [[n for n, k in mine if k == best[n]] for mine in kept]


def _letters(name: str) -> int:
    return sum(unicodedata.category(c)[0] == "L" for c in name)


def _english_tags(concept: dict) -> list:
    """A concept's English tags (emojibase names after the label, en then en-gb), normalised, distinct."""
    return _distinct(normalize(t) for loc in ENGLISH_LOCALES for t in concept["names"].get(loc, [])[1:])


def library_tag_names(concepts: list, names: list) -> list:
    """Each concept's tag names (normalised, distinct, in its tags' order): the English tags that name it alone, which
    retrieval ranks below every name (docs/model-package.md, "Names").

    A tag is a tag name of its concept when it is the tag of no other concept and the concept is of TAG_GROUPS, or
    SHARED_TAGS gives it to the concept; when it has at least MIN_TAG_LETTERS letters and no digit, is not a caption
    word (caption_words) or one of PROMPT_WORDS, is none of the names (`names`, library_names) of any concept, and is
    not the plural of another concept's tag name ('burgers' is a tag of the leafy green, but the plural of the
    hamburger's 'burger'). A SHARED_TAGS word also brings its plural (captions.plural: 'hearts'), under the same
    conditions except that other concepts may have the plural as a tag."""
    tags = [_english_tags(c) for c in concepts]
    tag_owners = {}
    for i, ts in enumerate(tags):
        for t in ts:
            tag_owners.setdefault(t, set()).add(i)
    name_owners = {n for ns in names for n in ns}
    blocked = caption_words() | PROMPT_WORDS

    def usable(n: str) -> bool:
        return (_letters(n) >= MIN_TAG_LETTERS and not any(unicodedata.category(c)[0] == "N" for c in n)
                and n not in blocked and n not in name_owners)

    admitted = {}                       # tag -> the concept it names
    for i, (c, ts) in enumerate(zip(concepts, tags)):
        for t in ts:
            if usable(t) and (SHARED_TAGS.get(t) == c["label"] or (tag_owners[t] == {i} and c["group"] in TAG_GROUPS)):
                admitted[t] = i
    plural_of = {}                      # plural -> the concepts whose tag names it is the plural of
    for t, i in admitted.items():
        if normalize(plural(t)) != t:
            plural_of.setdefault(normalize(plural(t)), set()).add(i)
    out = [[] for _ in concepts]
    for t, i in admitted.items():
        if plural_of.get(t, {i}) != {i}:
            continue
        out[i].append(t)
        p = normalize(plural(t))
        if t in SHARED_TAGS and p != t and usable(p) and p not in admitted and plural_of[p] == {i}:
            out[i].append(p)
    return out


def entry_names(concept: dict, others: list = ()) -> list:
    """The names of one concept in a library with `others` (library_names)."""
    return library_names([concept, *others])[0]


def atlas_image(sprites: np.ndarray, columns: int) -> Image.Image:
    """Sprites [n, s, s, 4] laid out row-major, `columns` to a row; the rest of the last row transparent."""
    n, s = sprites.shape[:2]
    rows = max(1, math.ceil(n / columns))
    out = np.zeros((rows * s, columns * s, 4), np.uint8)
    for i in range(n):
        r, c = divmod(i, columns)
        out[r * s:(r + 1) * s, c * s:(c + 1) * s] = sprites[i]
    return Image.fromarray(out, "RGBA")


def build(pack, out: Path, columns: int | None = None, log=print, only_styles=None) -> dict:
    """Write the library of `pack` (a data.pack.Pack) into `out`; returns a summary with the file sizes.
    only_styles: ship the sprites of these styles only (a package that must stay small; the model restyles)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    styles = list(pack.styles)
    if sorted(STYLE_PREFERENCE) != sorted(styles):
        raise ValueError(f"the pack's styles {styles} are not those of STYLE_PREFERENCE {STYLE_PREFERENCE}")
    t0 = time.time()
    small = downscale(pack.sprites.numpy())
    concept, style = pack.concept.numpy(), pack.style.numpy()
    if only_styles is not None and (not only_styles or set(only_styles) - set(styles)):
        raise ValueError(f"only_styles must be a non-empty subset of {styles}, got {only_styles!r}")
    kept = [s for s in range(len(styles)) if only_styles is None or styles[s] in only_styles]
    per_style = {s: [] for s in kept}        # style -> sprite rows, in concept order
    for row in sorted(range(len(concept)), key=lambda r: (int(concept[r]), int(style[r]))):
        if int(style[row]) in per_style:
            per_style[int(style[row])].append(row)
    sprite_of = {}
    for s, rows in per_style.items():
        for i, row in enumerate(rows):
            sprite_of[(int(concept[row]), s)] = i
    columns = columns or math.ceil(math.sqrt(max(len(r) for r in per_style.values())))
    drawn = [ci for ci in range(len(pack.concepts)) if any((ci, s) in sprite_of for s in kept)]
    concepts = [pack.concepts[ci] for ci in drawn]
    names = library_names(concepts)
    tag_names = library_tag_names(concepts, names)
    entries = []
    for c, ci, own, tags in zip(concepts, drawn, names, tag_names):
        sprites = {styles[s]: sprite_of[(ci, s)] for s in kept if (ci, s) in sprite_of}
        entry = {"id": c["hexcode"], "emoji": c["emoji"], "label": c["label"], "group": c["group"], "names": own}
        if tags:
            entry["tag_names"] = tags
        entry["sprites"] = sprites
        entries.append(entry)
    atlases = {styles[s]: f"atlas-{styles[s]}.png" for s in kept}
    preference = [s for s in STYLE_PREFERENCE if s in atlases]
    meta = {"format": FORMAT, "reference_size": REFERENCE_SIZE, "columns": columns, "styles": styles,
            "style_preference": preference, "atlases": atlases, "entries": entries,
            "style_words": {s: list(STYLE_PHRASES[s]) for s in styles}}
    sizes = {}
    for s, rows in per_style.items():
        path = out / atlases[styles[s]]
        atlas_image(small[rows] if rows else np.zeros((0, REFERENCE_SIZE, REFERENCE_SIZE, 4), np.uint8),
                    columns).save(path, format="PNG", optimize=True)
        sizes[path.name] = path.stat().st_size
        log(f"  {path.name}: {len(rows)} sprites, {sizes[path.name] / 1024:.0f} KiB")
    (out / "library.json").write_text(_index_text(meta), encoding="utf-8")
    sizes["library.json"] = (out / "library.json").stat().st_size
    shared = _shared_names(entries)
    tags = sum(len(e.get("tag_names", ())) for e in entries)
    log(f"library: {len(entries)} entries, {sum(len(r) for r in per_style.values())} sprites, "
        f"{sum(sizes.values()) / 2**20:.2f} MiB, {len(shared)} names shared by several entries, {tags} tag names, "
        f"{time.time() - t0:.1f} s -> {out}")
    return {"entries": len(entries), "sprites": {styles[s]: len(r) for s, r in per_style.items()}, "columns": columns,
            "bytes": sizes, "total_bytes": sum(sizes.values()), "shared_names": len(shared), "tag_names": tags}


def _index_text(meta: dict) -> str:
    """library.json with one entry per line: readable, and a quarter smaller than indented JSON."""
    def one(v):
        return json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    head = ",\n".join(f" {one(k)}:{one(v)}" for k, v in meta.items() if k != "entries")
    entries = ",\n".join("  " + one(e) for e in meta["entries"])
    return "{\n" + head + ',\n "entries":[\n' + entries + "\n ]\n}\n"


def _shared_names(entries: list) -> dict:
    owners = {}
    for e in entries:
        for n in e["names"]:
            owners.setdefault(n, []).append(e["id"])
    return {n: ids for n, ids in owners.items() if len(ids) > 1}


def fit_sprite(image: Image.Image, size: int = REFERENCE_SIZE) -> np.ndarray:
    """Any image -> uint8 [size, size, 4]: cropped to where alpha > 8, scaled to fit (keeping its aspect) inside
    the pack's 4 % margin, centred, as the pack's sprites are framed. Raises ValueError if nothing is drawn."""
    im = image.convert("RGBA")
    box = im.getchannel("A").point(lambda a: 255 if a > ALPHA_SEEN else 0).getbbox()
    if box is None:
        raise ValueError("the image is fully transparent")
    im = im.crop(box)
    inner = math.floor(size * (1 - 2 * MARGIN) + 0.5)
    scale = inner / max(im.size)
    w, h = (max(1, math.floor(v * scale + 0.5)) for v in im.size)
    im = im.resize((w, h), Image.LANCZOS)  # Pillow resamples RGBA premultiplied
    canvas = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    canvas.paste(im, ((size - w) // 2, (size - h) // 2))
    return np.asarray(canvas).copy()


def add_user_entry(library: Path, name: str, sprite: np.ndarray, extra_names=(), tags=(), source: str = "",
                   replace: bool = False) -> dict:
    """Add one user entry to library/user/ (user.json and a numbered PNG) as `atelier library add` does."""
    library = Path(library)
    label = clean_name(name)
    names = user_entry_names(name, extra_names)
    if not names:
        raise ValueError(f"name {name!r} has no letter or digit")
    if sprite.shape != (REFERENCE_SIZE, REFERENCE_SIZE, 4) or sprite.dtype != np.uint8:
        raise ValueError(f"a user sprite is uint8 [{REFERENCE_SIZE}, {REFERENCE_SIZE}, 4], got {sprite.dtype} {sprite.shape}")
    folder = library / "user"
    folder.mkdir(parents=True, exist_ok=True)
    index = folder / "user.json"
    doc = json.loads(index.read_text(encoding="utf-8")) if index.is_file() else {"format": FORMAT, "entries": []}
    entry_id = "user:" + names[0]
    old = [e for e in doc["entries"] if e["id"] == entry_id]
    if old and not replace:
        raise ValueError(f"the user library already has an entry named {old[0]['label']!r}")
    used = [int(e["file"].split(".")[0]) for e in doc["entries"]]
    file = f"{max(used, default=0) + 1:04d}.png"
    Image.fromarray(sprite, "RGBA").save(folder / file, format="PNG", optimize=True)
    entry = {"id": entry_id, "label": label, "names": names, "tags": [clean_name(t) for t in tags if clean_name(t)],
             "file": file, "source": source}
    doc["entries"] = [e for e in doc["entries"] if e["id"] != entry_id] + [entry]
    tmp = index.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, index)
    for e in old:
        (folder / e["file"]).unlink(missing_ok=True)
    return entry


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", type=Path, required=True, help="sprite pack folder (data.pack)")
    ap.add_argument("--out", type=Path, required=True, help="the package's library/ folder")
    ap.add_argument("--columns", type=int, default=None, help="atlas columns (default: about the square root)")
    ap.add_argument("--styles", help="comma-separated styles whose sprites ship (default: all)")
    args = ap.parse_args(argv)
    from .data.pack import load_pack
    only = [s.strip() for s in args.styles.split(",") if s.strip()] if args.styles else None
    try:
        build(load_pack(args.pack), args.out, columns=args.columns, only_styles=only)
    except ValueError as e:
        ap.error(str(e))
    return 0


if __name__ == "__main__":
    sys.exit(main())
