"""Specifications of the judge and the suite: tokenizer, suite prompts and references, network, export.

Runs on the committed mini pack in a few seconds:
  cd training && /usr/bin/python3 -m unittest tests.test_judge
"""
import json
import tempfile
import unittest
from pathlib import Path

import numpy as np
import onnx
import torch

from atelier_train.data.compose import CompositionSampler
from atelier_train.data.pack import load_pack
from atelier_train.judge import text as judge_text
from atelier_train.judge.data import IGNORE, POSITIONS, images, targets
from atelier_train.judge.export import compress_weights
from atelier_train.judge.model import ExportedImage, INPUT, IMAGE_OUTPUTS
from atelier_train.judge.suite import CATEGORIES, CHECKS, build_suite, subset
from atelier_train.judge.train import build, losses

MINI = Path(__file__).resolve().parents[1] / "testdata" / "mini-pack"
ROOT = Path(__file__).resolve().parents[2]


class TokenizerTest(unittest.TestCase):
    def test_ids_are_the_ones_java_expects(self):
        # the same ids are asserted by JudgeTokenizerTest.java
        self.assertEqual(judge_text.encode("a dog")[:4], [14699, 5819, 374, 0])
        self.assertEqual(judge_text.encode("two 🍕 pizzas, top-left!")[:7], [200, 2784, 14474, 13725, 11744, 8019, 363])
        self.assertEqual(judge_text.encode("一只狗")[:2], [11926, 0])

    def test_words_then_bigrams_padded_to_max_tokens(self):
        ids = judge_text.encode("red apple")
        self.assertEqual(len(ids), judge_text.MAX_TOKENS)
        self.assertEqual(ids[:3], [judge_text.token_id("red"), judge_text.token_id("apple"),
                                   judge_text.token_id("red apple")])

    def test_shipped_judge_test_vectors_match(self):
        meta = json.loads((ROOT / "models" / "atelier-judge" / "judge.json").read_text(encoding="utf-8"))
        for v in meta["text"]["test_vectors"]:
            self.assertEqual(judge_text.encode(v["text"]), v["ids"], v["text"])


class SuiteTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pack = load_pack(MINI)
        cls.suite = build_suite(cls.pack, per_category=5)
        cls.holdout = CompositionSampler(cls.pack, seed=0, split="holdout")

    def test_every_category_with_its_checks(self):
        cats = [rec["category"] for rec, _ in self.suite]
        self.assertEqual(sorted(set(cats)), sorted(CATEGORIES))
        for rec, _ in self.suite:
            self.assertEqual(rec["checks"], CHECKS[rec["category"]])

    def test_subset_keeps_the_prompts_whose_concepts_are_all_in_the_groups(self):
        records = [rec for rec, _ in self.suite]
        group_of = {c["hexcode"]: c["group"] for c in self.pack.concepts}
        kept = subset(self.pack, records, ["animals-nature", "food-drink"])
        self.assertTrue(0 < len(kept) < len(records))
        for rec in records:
            inside = all(group_of[h] in ("animals-nature", "food-drink") for h in rec["concepts"])
            self.assertEqual(rec in kept, inside, rec["id"])
        with self.assertRaisesRegex(ValueError, "non-empty subset"):
            subset(self.pack, records, ["flags"])

    def test_subset_by_concepts_keeps_the_prompts_that_name_only_those(self):
        records = [rec for rec, _ in self.suite]
        label_of = {c["hexcode"]: c["label"] for c in self.pack.concepts}
        chosen = ["dog face", "pizza", "red apple"]
        kept = subset(self.pack, records, concepts=chosen)
        self.assertTrue(0 < len(kept) < len(records))
        for rec in records:
            self.assertEqual(rec in kept, all(label_of[h] in chosen for h in rec["concepts"]), rec["id"])
        both = subset(self.pack, records, groups=["animals-nature"], concepts=chosen)
        self.assertEqual(both, [r for r in kept if all(label_of[h] == "dog face" for h in r["concepts"])])
        with self.assertRaisesRegex(ValueError, "unknown concept labels"):
            subset(self.pack, records, concepts=["dgo"])
        with self.assertRaisesRegex(ValueError, "needs groups or concepts"):
            subset(self.pack, records)

    def test_is_deterministic(self):
        again = build_suite(self.pack, per_category=5)
        self.assertEqual([r for r, _ in self.suite], [r for r, _ in again])

    def test_references_show_the_prompts_attributes(self):
        for rec, comps in self.suite:
            self.assertEqual(len(comps), 4)
            for c in comps:
                self.assertEqual(c.attrs["concepts"], comps[0].attrs["concepts"], rec["id"])
                self.assertEqual(len(c.items), rec["count"], rec["id"])
                self.assertEqual(c.attrs["relation"], rec["relation"], rec["id"])
                self.assertEqual(c.attrs["color"], rec["background"], rec["id"])
                self.assertEqual(self.pack.styles[c.attrs["style_id"]], rec["style"], rec["id"])

    def test_prompts_come_from_the_holdout(self):
        for rec, comps in self.suite:
            c = comps[0]
            if rec["category"] in ("two", "colour", "position", "style"):
                self.assertTrue(self.holdout.is_held_out(c), rec)
            else:  # single and count: a held-out single's concept and style, other background or count
                self.assertTrue(any(cs[:2] == (c.attrs["concept_ids"][0], c.attrs["style_id"])
                                    for cs in self.holdout._singles_list), rec)

    def test_committed_suite_has_500_prompts_or_more_over_six_categories(self):
        lines = (ROOT / "eval" / "prompts.jsonl").read_text(encoding="utf-8").splitlines()
        recs = [json.loads(line) for line in lines]
        self.assertGreaterEqual(len(recs), 500)
        self.assertEqual(len({r["category"] for r in recs}), 6)
        self.assertEqual(len({r["seed"] for r in recs}), len(recs))


class NetworkTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pack = load_pack(MINI)
        torch.manual_seed(0)
        cls.judge = build(cls.pack)

    def test_targets_ignore_position_for_several_objects(self):
        comps = CompositionSampler(self.pack, seed=1).sample(64)
        t = targets(comps, len(self.pack.concepts))
        for c, pos in zip(comps, t["position"].tolist()):
            self.assertEqual(pos == IGNORE, len(c.items) != 1)
            if pos != IGNORE:
                self.assertEqual(POSITIONS[pos], c.attrs["position"] or "centre")
        self.assertTrue(torch.allclose(t["concept"].sum(1), torch.ones(len(comps))))

    def test_losses_are_finite_and_train(self):
        comps = CompositionSampler(self.pack, seed=2, canvas=INPUT).sample(16)
        x, t = images(self.pack.sprites, comps, INPUT), targets(comps, len(self.pack.concepts))
        parts, _ = losses(self.judge, x, t)
        for name, v in parts.items():
            self.assertTrue(torch.isfinite(v), name)

    def test_exported_graph_pools_256_px_images(self):
        self.judge.eval()
        with torch.no_grad():
            out = dict(zip(IMAGE_OUTPUTS, ExportedImage(self.judge)(torch.rand(2, 3, 256, 256))))
        self.assertEqual(tuple(out["features"].shape), (2, self.judge.image.dim))
        self.assertEqual(tuple(out["concept_map"].shape), (2, len(self.pack.concepts), 4, 4))
        self.assertTrue(torch.allclose(out["embedding"].norm(dim=-1), torch.ones(2), atol=1e-5))

    def test_int8_weights_stay_close_to_float(self):
        lin = torch.nn.Linear(128, 64)
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "m.onnx"
            torch.onnx.export(lin, (torch.randn(1, 128),), str(path), opset_version=17, input_names=["x"])
            compress_weights(path)
            m = onnx.load(str(path))
            self.assertIn("DequantizeLinear", [n.op_type for n in m.graph.node])
            inits = {i.name: onnx.numpy_helper.to_array(i) for i in m.graph.initializer}
            q = [k for k in inits if k.endswith("_q")][0]
            base = q[:-2]
            w = inits[q].astype(np.float32) * inits[base + "_scale"][:, None]
            ref = lin.weight.detach().numpy() if w.shape == tuple(lin.weight.shape) else lin.weight.detach().numpy().T
            self.assertLess(np.abs(w - ref).max(), np.abs(ref).max() / 127 * 0.51)


if __name__ == "__main__":
    unittest.main()
