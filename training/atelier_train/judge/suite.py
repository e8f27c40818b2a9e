"""The prompt-adherence suite: prompts drawn from the held-out compositions, with their expected attributes.

  python -m atelier_train.judge.suite --pack pack --out ../eval/prompts.jsonl [--per-category 90]
  python -m atelier_train.judge.suite --pack pack --subset ../eval/prompts.jsonl --groups G1,G2 --out FILE

The second form keeps the prompts of an existing suite whose concepts all belong to the given emojibase
groups: the part of the suite that a model trained on those groups only (configs/cpu.yaml) can know.

Six categories (GenEval-style, Ghosh et al. 2023), each prompt checked on the attributes in its `checks`:
  single    a held-out (concept, style) sprite named by its concept only          checks concept
  two       a held-out concept pair with a relation (left of, right of, ...)     checks concepts, relation
  count     1-4 copies of a held-out single's concept                           checks concept, count
  colour    a held-out (concept, style, colour) single, colour named            checks concept, background
  position  a held-out (colour, position) pair with some concept               checks concept, position
  style     a held-out (concept, style, colour) single, style named             checks concept, style
Every prompt is English and has a fixed seed; image i of a prompt uses seed + i. `real_compositions` gives,
per prompt, real renderings of the same attributes (the reference set of the image-quality metrics).
"""
import argparse
import json
import random
from pathlib import Path

from ..data.compose import CompositionSampler, check_concepts, check_groups
from ..data.pack import load_pack

CATEGORIES = ("single", "two", "count", "colour", "position", "style")
CHECKS = {"single": ["concept"], "two": ["concept", "relation"], "count": ["concept", "count"],
          "colour": ["concept", "background"], "position": ["concept", "position"],
          "style": ["concept", "style"]}
SEED_BASE = 20_000


class _Forced:
    """Makes the sampler's next _concept_style() return a given (concept, style)."""

    def __init__(self, sampler, concept, style):
        self.s, self.cs = sampler, (concept, style)

    def __enter__(self):
        self.s._concept_style = lambda concept=None, style=None: self.cs
        return self.s

    def __exit__(self, *exc):
        del self.s._concept_style


def _composition(sampler, category, key):
    """One composition of `category` for the held-out entry `key` (sampler randomness decides the rest)."""
    if category == "single":
        c, st, _ = key
        return sampler._single_like("single", "en", "white", concept=c, style=st, mention_style=False)
    if category == "colour":
        c, st, colour = key
        return sampler._single_like("color", "en", colour, concept=c, style=st, mention_style=False)
    if category == "style":
        c, st, colour = key
        return sampler._style(concept=c, style=st, colour=colour)
    if category == "count":
        c, st, _ = key
        with _Forced(sampler, c, st):
            return sampler._count()
    if category == "position":
        colour, pos = key
        return sampler._position(colour=colour, position=pos)
    return sampler._two(pair=key)


def _keys(sampler, category, rng, n):
    if category == "two":
        pool = [p if rng.random() < 0.5 else p[::-1] for p in sampler._pairs_list]
    elif category == "position":
        pool = sorted(sampler.held_colour_pos)
    elif category == "colour":
        pool = [s for s in sampler._singles_list if s[2] != "white"]
    else:
        pool = list(sampler._singles_list)
    rng.shuffle(pool)
    return [pool[i % len(pool)] for i in range(n)] if pool else []


def _record(pid, category, comp, seed, pack):
    a = comp.attrs
    concepts = list(dict.fromkeys(a["concepts"]))
    labels = [pack.concepts[i]["label"] for i in dict.fromkeys(a["concept_ids"])]
    return {"id": pid, "category": category, "prompt": comp.caption, "seed": seed, "checks": CHECKS[category],
            "concepts": concepts, "labels": labels, "style": a["style"], "background": a["color"],
            "position": a["position"] or ("centre" if len(comp.items) == 1 else None),
            "count": len(comp.items), "relation": a["relation"]}


def _same(a, b):
    """Whether two compositions show the same attributes (concepts, style, colour, position, count, relation, size)."""
    keys = ("concept_ids", "style_id", "color", "position", "relation", "size")
    return all(a.attrs[k] == b.attrs[k] for k in keys) and len(a.items) == len(b.items)


def _references(sampler, category, key, first, n):
    """n - 1 more real compositions with exactly the attributes of `first` (placement jitter and sizes vary)."""
    c, st = first.attrs["concept_ids"][0], first.attrs["style_id"]
    out = []
    for _ in range(20000):
        if len(out) == n - 1:
            return out
        if category == "position":  # the other categories fix concept and style through their key
            with _Forced(sampler, c, st):
                comp = _composition(sampler, category, key)
        else:
            comp = _composition(sampler, category, key)
        if comp is not None and _same(comp, first):
            out.append(comp)
    raise RuntimeError(f"no reference composition like {first.caption!r}")


def build_suite(pack, per_category=90, seed=0, references=4):
    """[(record, [reference compositions])]: the suite's prompts and, per prompt, `references` real
    compositions with the same attributes (the first is the one the prompt was written for; the others come
    from a second sampler, so the prompts do not depend on how many references are drawn)."""
    out = []
    for k, category in enumerate(CATEGORIES):
        rng = random.Random(seed * 1000 + k)
        sampler = CompositionSampler(pack, seed=seed * 1000 + k, split="holdout")
        ref_sampler = CompositionSampler(pack, seed=seed * 1000 + k + 500, split="holdout")
        for i, key in enumerate(_keys(sampler, category, rng, per_category)):
            first = None
            while first is None:
                first = _composition(sampler, category, key)
            comps = [first] + _references(ref_sampler, category, key, first, references)
            pid = f"{category}-{i:03d}"
            out.append((_record(pid, category, first, SEED_BASE + 16 * len(out), pack), comps))
    return out


def subset(pack, records, groups=None, concepts=None):
    """The records whose expected concepts all belong to the emojibase groups and/or have these labels."""
    if groups is None and concepts is None:
        raise ValueError("a subset needs groups or concepts")
    if groups is not None:
        check_groups(pack, groups)
    if concepts is not None:
        check_concepts(pack, concepts)
    meta = {c["hexcode"]: c for c in pack.concepts}

    def kept(h):
        c = meta.get(h)
        return c is not None and (groups is None or c["group"] in groups) and (concepts is None or c["label"] in concepts)
    return [r for r in records if all(kept(h) for h in r["concepts"])]


def write_subset(pack, suite_path, out, groups=None, concepts=None):
    records = [json.loads(line) for line in suite_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    kept = subset(pack, records, groups, concepts)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept), encoding="utf-8")
    print(f"kept {len(kept)} of {len(records)} prompts ({', '.join(groups or concepts)}) in {out}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--per-category", type=int, default=90)
    ap.add_argument("--subset", help="an existing suite file to filter by --groups")
    ap.add_argument("--groups", help="comma-separated emojibase groups (with --subset)")
    ap.add_argument("--concepts", help="comma-separated emoji labels, e.g. 'dog face,pizza' (with --subset)")
    a = ap.parse_args(argv)
    if bool(a.subset) != bool(a.groups or a.concepts):
        ap.error("--subset goes with --groups and/or --concepts")
    if a.subset:
        split = lambda v: [x.strip() for x in v.split(",") if x.strip()] if v else None
        try:
            return write_subset(load_pack(a.pack), Path(a.subset), Path(a.out), split(a.groups), split(a.concepts))
        except ValueError as e:
            ap.error(str(e))
    suite = build_suite(load_pack(a.pack), a.per_category)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        for rec, _ in suite:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {len(suite)} prompts to {a.out}")


if __name__ == "__main__":
    main()
