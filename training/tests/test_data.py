"""Specifications of the dataset: pack format, sampler and holdout, batched renderer, captions.

Runs on the committed mini pack (testdata/mini-pack), so it needs neither npm nor a GPU:
  cd training && /usr/bin/python3 -m unittest discover -s tests
"""
import io
import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from atelier_train.data.captions import COLOURS, FOREIGN_BACKGROUND
from atelier_train.data.compose import WEIGHTS, CATEGORIES, Composition, CompositionSampler
from atelier_train.data.render import render
from atelier_train.data.holdout import load_holdout
from atelier_train.data.pack import load_pack, write_pack

MINI = Path(__file__).resolve().parents[1] / "testdata" / "mini-pack"


def to_rgb255(x):
    return ((x + 1) * 127.5).round().clamp(0, 255)


class PackTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pack = load_pack(MINI)

    def test_round_trip_preserves_sprites_and_indices(self):
        rng = np.random.default_rng(0)
        sprites = rng.integers(0, 256, size=(3, 16, 16, 4), dtype=np.uint8)
        sprites[..., 3] = 255  # lossless WebP keeps opaque pixels exactly
        blobs = []
        for s in sprites:
            b = io.BytesIO()
            Image.fromarray(s, "RGBA").save(b, format="WEBP", lossless=True)
            blobs.append(b.getvalue())
        concepts = [{"hexcode": "1F436", "emoji": "🐶", "label": "dog face", "names": {"en": ["dog face"]},
                     "group": "animals-nature"}]
        with tempfile.TemporaryDirectory() as d:
            write_pack(d, blobs, [0, 0, 0], [2, 0, 1], concepts, ["a", "b", "c"], 16, "notice")
            p = load_pack(d)
        self.assertTrue(torch.equal(p.sprites, torch.from_numpy(sprites)))
        self.assertEqual(p.style.tolist(), [2, 0, 1])
        self.assertEqual(p.concept.tolist(), [0, 0, 0])
        self.assertEqual(p.concepts, concepts)
        self.assertEqual(p.styles, ["a", "b", "c"])

    def test_mini_pack_has_every_style_and_captions_in_many_locales(self):
        p = self.pack
        self.assertEqual(p.sprites.dtype, torch.uint8)
        self.assertEqual(p.sprites.shape[1:], (p.size, p.size, 4))
        self.assertEqual(sorted(set(p.style.tolist())), list(range(len(p.styles))))
        self.assertEqual(len(p.styles), 7)
        for c in p.concepts:
            self.assertIn("en", c["names"])
            self.assertGreaterEqual(len(c["names"]), 20)
        self.assertTrue((MINI / "NOTICE").read_text().count("Licence:") >= 6)


class SamplerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pack = load_pack(MINI)
        cls.holdout = load_holdout()

    def held_out(self, comp):
        """Plain check against holdout.json, independent of the sampler's own bookkeeping."""
        a = comp.attrs
        if a["category"] == "two" and any(sorted(p["concepts"]) == sorted(a["concepts"])
                                          for p in self.holdout["pairs"]):
            return True
        if a["position"] is not None and [a["color"], a["position"]] in self.holdout["colour_position"]:
            return True
        return len(comp.items) == 1 and any(
            s["concept"] == a["concepts"][0] and s["style"] == a["style"] and s["colour"] == a["color"]
            for s in self.holdout["singles"])

    def test_train_split_never_yields_a_held_out_composition(self):
        comps = CompositionSampler(self.pack, seed=1).sample(20000)
        self.assertEqual([c.caption for c in comps if self.held_out(c)], [])
        # every category of the default mix (transparent compositions are drawn only where a config asks)
        self.assertEqual({c.attrs["category"] for c in comps}, set(WEIGHTS))

    def test_holdout_split_yields_only_held_out_compositions_of_every_kind(self):
        comps = CompositionSampler(self.pack, seed=2, split="holdout").sample(300)
        self.assertTrue(all(self.held_out(c) for c in comps))
        self.assertEqual({c.attrs["category"] for c in comps}, {"two", "position", "style"})

    def test_groups_restrict_every_split_to_their_concepts(self):
        groups = ["animals-nature", "food-drink"]
        allowed = {c["hexcode"] for c in self.pack.concepts if c["group"] in groups}
        train = CompositionSampler(self.pack, seed=9, groups=groups).sample(2000)
        self.assertEqual({h for c in train for h in c.attrs["concepts"]}, allowed)
        held = CompositionSampler(self.pack, seed=9, split="holdout", groups=groups).sample(200)
        self.assertTrue(all(set(c.attrs["concepts"]) <= allowed for c in held))
        with self.assertRaisesRegex(ValueError, "groups must be a non-empty subset of .*animals-nature.*'flags'"):
            CompositionSampler(self.pack, seed=0, groups=["flags"])

    def test_styles_restrict_every_split_to_their_sprites(self):
        for split in ("train", "holdout"):
            comps = CompositionSampler(self.pack, seed=10, split=split, styles=["twemoji"]).sample(300)
            self.assertEqual({c.attrs["style"] for c in comps}, {"twemoji"}, split)
            self.assertTrue(all(self.pack.styles[self.pack.style[s].item()] == "twemoji"
                                for c in comps for s, *_ in c.items), split)
        with self.assertRaisesRegex(ValueError, "styles must be a non-empty subset of .*'noto'.*'apple'"):
            CompositionSampler(self.pack, seed=0, styles=["apple"])

    def test_concepts_restrict_every_split_to_their_labels(self):
        labels = ["dog face", "pizza", "red heart"]
        allowed = {c["hexcode"] for c in self.pack.concepts if c["label"] in labels}
        train = CompositionSampler(self.pack, seed=12, concepts=labels).sample(1000)
        self.assertEqual({h for c in train for h in c.attrs["concepts"]}, allowed)
        held = CompositionSampler(self.pack, seed=12, split="holdout", concepts=labels).sample(100)
        self.assertTrue(all(set(c.attrs["concepts"]) <= allowed for c in held))
        with self.assertRaisesRegex(ValueError, r"unknown concept labels \['dgo face'\].*e\.g\. \['automobile'"):
            CompositionSampler(self.pack, seed=0, concepts=["dog face", "dgo face"])
        with self.assertRaisesRegex(ValueError, "lists a label twice: \\['pizza'\\]"):
            CompositionSampler(self.pack, seed=0, concepts=["pizza", "pizza"])
        for bad in ([], "pizza", [1]):
            with self.assertRaisesRegex(ValueError, "concepts must be a non-empty list of emoji labels"):
                CompositionSampler(self.pack, seed=0, concepts=bad)
        with self.assertRaisesRegex(ValueError, "no concept is both in groups"):
            CompositionSampler(self.pack, seed=0, groups=["travel-places"], concepts=["pizza"])

    def test_a_short_label_that_names_another_emoji_is_not_used(self):
        sampler = CompositionSampler(self.pack, seed=13, concepts=["dog face", "cat face"])
        self.assertIn({"label": "dog face", "names": ["dog", "dog face", "dog faces", "dogs"]}, sampler.vocabulary())
        caps = [c.caption for c in sampler.sample(400, category="single", lang="en")]
        self.assertTrue(any(" face" not in c and ("dog" in c or "cat" in c) for c in caps))  # 'a dog' is used
        sampler.labels.add("dog")  # as in the full pack, where 'dog' is the dog itself
        self.assertIn({"label": "dog face", "names": ["dog face", "dog faces"]}, sampler.vocabulary())
        for comp in sampler.sample(400, category="single", lang="en"):
            if comp.attrs["concepts"] == ["1F436"]:
                self.assertIn("dog face", comp.caption)  # (its tags may follow the label: 'dog face, pet, dog')

    def test_weights_set_the_share_of_each_category(self):
        comps = CompositionSampler(self.pack, seed=11, weights={"single": 3, "count": 1}).sample(2000)
        cats = [c.attrs["category"] for c in comps]
        self.assertEqual(set(cats), {"single", "count"})
        self.assertAlmostEqual(cats.count("single") / len(cats), 0.75, delta=0.05)
        for bad in ({"single": -1}, {"portrait": 1}, {"single": 0}, {}):
            with self.assertRaisesRegex(ValueError, "weights must map categories of .*'single'.* shares >= 0"):
                CompositionSampler(self.pack, seed=0, weights=bad)

    def test_same_seed_same_compositions(self):
        a = CompositionSampler(self.pack, seed=7).sample(50)
        b = CompositionSampler(self.pack, seed=7).sample(50)
        self.assertEqual([(c.items, c.caption) for c in a], [(c.items, c.caption) for c in b])

    def test_items_stay_inside_the_canvas(self):
        for canvas in (64, 256):
            for c in CompositionSampler(self.pack, seed=3, canvas=canvas).sample(3000):
                for _, cx, cy, side in c.items:
                    self.assertLessEqual(side / 2 - 0.04 * canvas, min(cx, cy, canvas - cx, canvas - cy), c)

    def test_captions_are_non_empty_and_in_the_requested_language(self):
        s = CompositionSampler(self.pack, seed=4)
        for lang in ("en", "de", "fr", "ja", "zh", "ru"):
            for c in s.sample(100, category="single", lang=lang):
                self.assertEqual(c.attrs["lang"], lang)
                concept = self.pack.concepts[c.attrs["concept_ids"][0]]
                label = concept["names"][lang][0] if lang != "en" else concept["label"].split(" face")[0]
                self.assertTrue(c.caption.strip())
                self.assertIn(label, c.caption, (lang, c.caption))

    def test_unknown_language_or_category_is_an_error(self):
        s = CompositionSampler(self.pack, seed=0)
        with self.assertRaisesRegex(ValueError, "xx"):
            s.sample(1, lang="xx")
        with self.assertRaisesRegex(ValueError, "nope"):
            s.sample(1, category="nope")

    def test_foreign_colour_captions_use_our_translations(self):
        s = CompositionSampler(self.pack, seed=5)
        for c in s.sample(100, category="color", lang="de"):
            word = FOREIGN_BACKGROUND["de"][1][c.attrs["color"]]
            self.assertIn(f"auf {word} Hintergrund", c.caption)

    def test_english_captions_name_colour_relation_count_and_style(self):
        s = CompositionSampler(self.pack, seed=6)
        for c in s.sample(200, category="color", lang="en"):
            self.assertNotEqual(c.attrs["color"], "white")
            self.assertTrue(c.attrs["color"].split()[0] in c.caption or "grey" in c.caption or "sky" in c.caption)
        for c in s.sample(200, category="two"):
            self.assertEqual(len(c.items), 2)
            self.assertNotEqual(c.attrs["concepts"][0], c.attrs["concepts"][1])
        words = {1: ("one", "single"), 2: ("two", "2"), 3: ("three", "3"), 4: ("four", "4")}
        for c in s.sample(200, category="count"):
            self.assertEqual(len(c.items), c.attrs["count"])
            self.assertTrue(any(w in c.caption.split() for w in words[c.attrs["count"]]), c.caption)
        for c in s.sample(100, category="style"):
            self.assertTrue(c.attrs["style_mentioned"])


class RenderTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pack = load_pack(MINI)

    def test_shape_range_and_plain_background_where_no_sprite_is(self):
        comps = [Composition([], COLOURS["red"], "x"), Composition([(0, 200.0, 200.0, 40.0)], (10, 20, 30), "y")]
        x = render(self.pack.sprites, comps, canvas=256)
        self.assertEqual(x.shape, (2, 3, 256, 256))
        self.assertEqual(x.dtype, torch.float32)
        self.assertGreaterEqual(x.min().item(), -1)
        self.assertLessEqual(x.max().item(), 1)
        self.assertTrue(torch.all(to_rgb255(x[0]) == torch.tensor(COLOURS["red"])[:, None, None].float()))
        self.assertTrue(torch.all(to_rgb255(x[1, :, :150, :150]) == torch.tensor([10., 20., 30.])[:, None, None]))

    def alpha_centroid(self, comp, canvas):
        black = Composition(comp.items, (0, 0, 0), "")
        white = Composition(comp.items, (255, 255, 255), "")
        x = (render(self.pack.sprites, [black, white], canvas) + 1) / 2
        alpha = (1 - (x[1] - x[0])).mean(0)  # [C, C]
        ys, xs = torch.meshgrid(torch.arange(canvas) + 0.5, torch.arange(canvas) + 0.5, indexing="ij")
        return ((alpha * xs).sum() / alpha.sum()).item(), ((alpha * ys).sum() / alpha.sum()).item()

    def test_sprite_lands_at_the_requested_position(self):
        sprite = self.pack.sprites[3].float()[..., 3]
        S = sprite.shape[0]
        ys, xs = torch.meshgrid(torch.arange(S) + 0.5, torch.arange(S) + 0.5, indexing="ij")
        ox, oy = ((sprite * xs).sum() / sprite.sum() - S / 2) / S, ((sprite * ys).sum() / sprite.sum() - S / 2) / S
        for cx, cy, side in [(128, 128, 180), (64, 64, 60), (200, 90, 100), (40, 220, 30)]:
            gx, gy = self.alpha_centroid(Composition([(3, cx, cy, side)], (0, 0, 0), ""), 256)
            self.assertAlmostEqual(gx, cx + ox.item() * side, delta=1.0)
            self.assertAlmostEqual(gy, cy + oy.item() * side, delta=1.0)

    def test_matches_a_plain_pil_compositor(self):
        comps = CompositionSampler(self.pack, seed=8, canvas=128).sample(12)
        fast = to_rgb255(render(self.pack.sprites, comps, canvas=128)).permute(0, 2, 3, 1).numpy()
        for comp, img in zip(comps, fast):
            ref = Image.new("RGBA", (128, 128), comp.background + (255,))
            for s, cx, cy, side in comp.items:
                # same placement: sprite box [cx - side/2, cx + side/2) at 4x supersampling
                big = Image.new("RGBA", (512, 512), (0, 0, 0, 0))
                n = max(1, round(side * 4))
                sp = Image.fromarray(self.pack.sprites[s].numpy(), "RGBA").resize((n, n), Image.BILINEAR)
                big.alpha_composite(sp, (round((cx - side / 2) * 4), round((cy - side / 2) * 4)))
                ref.alpha_composite(big.resize((128, 128), Image.BOX))
            diff = np.abs(np.asarray(ref.convert("RGB"), np.float32) - img).mean()
            self.assertLess(diff, 4.0, comp.caption)

    def test_later_items_are_painted_over_earlier_ones(self):
        # an opaque-centred sprite drawn twice at one spot: the second (style 1) must win
        a, b = 0, int((self.pack.style == 1).nonzero()[0])
        top = render(self.pack.sprites, [Composition([(a, 64, 64, 100), (b, 64, 64, 100)], (0, 0, 0), "")], 128)
        only_b = render(self.pack.sprites, [Composition([(b, 64, 64, 100)], (0, 0, 0), "")], 128)
        self.assertEqual(self.pack.sprites[b, 64, 64, 3].item(), 255)
        self.assertTrue(torch.allclose(top[:, :, 64, 64], only_b[:, :, 64, 64], atol=1e-3))


if __name__ == "__main__":
    unittest.main()
