"""atelier-image-2's training side: captions that name white, transparent compositions, references and drafts,
the held-out (concept, style) pairs, the layout planner, int8 weight storage, int8 transport, the draft
embedding added to a trained model, and the precision choice. Runs on the committed mini pack and mini library."""
import re
import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch

from atelier_train.config import build_models, build_ref_encoder, load_config
from atelier_train.data import captions as cap
from atelier_train.data.compose import Composition, CompositionSampler
from atelier_train.data.render import draft_images, reference_images, reference_sprites, render
from atelier_train.data.pack import load_pack
from atelier_train.planner import plan
from atelier_train.retrieval import Library, Retriever
from atelier_train.train import add_draft_embedding, choose_precision

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "testdata" / "mini-pack"
MINI_LIBRARY = ROOT / "testdata" / "mini-library"
ALL = {"single": 1, "color": 1, "position": 1, "count": 1, "two": 1, "style": 1, "transparent": 1}


def names_white(caption):
    return re.search(r"\bwhite\b", caption) is not None


class CaptionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pack = load_pack(MINI)

    def test_a_caption_names_the_background_it_is_drawn_on(self):
        """The white-background bug: captions never said 'white', so '... on a white background' drew red. Every
        colour, white included, is named in some captions, and a caption never names a colour it is not on."""
        comps = CompositionSampler(self.pack, seed=3, weights=ALL, retrieval=True).sample(6000)
        named = {c: 0 for c in cap.COLOURS}
        for comp in comps:
            colour = comp.attrs["color"]
            self.assertEqual(tuple(comp.background), cap.COLOURS[colour])
            if comp.transparent or comp.attrs["lang"] != "en" or "background" not in comp.caption:
                continue
            said = any(re.search(rf"\b{w}\b", comp.caption) for w in cap.COLOUR_SYNONYMS.get(colour, [colour]))
            self.assertTrue(said, f"{comp.caption!r} is drawn on {colour}")
            named[colour] += 1
        self.assertTrue(all(n > 0 for n in named.values()), named)
        whites = [c for c in comps if c.attrs["color"] == "white" and not c.transparent and c.attrs["lang"] == "en"]
        share = sum(names_white(c.caption) for c in whites) / len(whites)
        self.assertGreater(share, 0.15)
        self.assertLess(share, 0.4)

    def test_transparent_compositions_have_alpha_and_say_so(self):
        comps = CompositionSampler(self.pack, seed=4, weights={"transparent": 1}, retrieval=True, canvas=128).sample(40)
        self.assertTrue(all(c.transparent for c in comps))
        self.assertTrue(all(any(p in c.caption for p in cap.TRANSPARENT_PHRASES) for c in comps))
        images = render(self.pack.sprites, comps, 128, alpha=True)
        alpha = images[:, 3]
        self.assertTrue(bool((alpha[:, 0, 0] == -1).all()), "corners are transparent")
        self.assertTrue(bool((alpha.amax((1, 2)) > 0.5).all()), "the sprites are drawn opaque")
        # colour composed over white where transparent
        self.assertTrue(bool((images[:, :3, 0, 0] == 1).all()))
        opaque = CompositionSampler(self.pack, seed=4, weights={"single": 1}).sample(8)
        self.assertTrue(bool((render(self.pack.sprites, opaque, 64, alpha=True)[:, 3] == 1).all()))


class ReferenceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pack = load_pack(MINI)

    def test_every_concept_gets_one_reference_and_the_draft_follows_the_items(self):
        s = CompositionSampler(self.pack, seed=5, weights=ALL, retrieval=True)
        for comp in s.sample(500):
            concepts = list(dict.fromkeys(comp.attrs["concept_ids"]))
            self.assertEqual([int(self.pack.concept[r]) for r in comp.refs], concepts)
            self.assertEqual(len(comp.draft), len(comp.items))
            for (sprite, x, y, side), (ref, dx, dy, dside) in zip(comp.items, comp.draft):
                self.assertEqual((x, y, side), (dx, dy, dside))
                self.assertEqual(int(self.pack.concept[sprite]), int(self.pack.concept[ref]))

    def test_references_restyle_about_half_of_the_time(self):
        comps = CompositionSampler(self.pack, seed=6, weights={"single": 1}, retrieval=True).sample(2000)
        same = sum(int(self.pack.style[c.refs[0]]) == c.attrs["style_id"] for c in comps) / len(comps)
        self.assertGreater(same, 0.4)
        self.assertLess(same, 0.65)

    def test_held_out_style_pairs_are_never_targets_nor_references(self):
        s = CompositionSampler(self.pack, seed=7, weights=ALL, retrieval=True)
        s.held_styles = {(0, s.styles_of[0][0]), (1, s.styles_of[1][1])}  # the mini pack's hashes hold none
        held_ref = {s.sprite_of[p] for p in s.held_styles}
        for comp in s.sample(3000):
            for c in comp.attrs["concept_ids"]:
                self.assertNotIn((c, comp.attrs["style_id"]), s.held_styles)
            self.assertFalse(held_ref & set(comp.refs))

    def test_reference_and_draft_images(self):
        refs64 = reference_sprites(self.pack.sprites, 64)
        self.assertEqual(tuple(refs64.shape), (len(self.pack), 64, 64, 4))
        refs = reference_images(self.pack.sprites, torch.tensor([[0, -1]]), 64)
        self.assertTrue(bool((refs[0, 1] == -1).all()))
        a = refs[0, 0, 3]
        self.assertAlmostEqual(float(((refs64[0, :, :, 3].float() / 255) * 2 - 1 - a).abs().max()), 0, delta=0.01)
        comp = Composition(items=[], background=(0, 0, 0), caption="", draft=[(0, 64.0, 64.0, 64.0)])
        d = draft_images(refs64, [comp, comp], 128, keep=torch.tensor([True, False]))
        self.assertTrue(bool((d[1] == -1).all()))
        self.assertTrue(bool((d[0, 3, 0, 0] == -1)), "outside the sprite nothing is drawn")
        self.assertGreater(float(d[0, 3, 60:68, 60:68].mean()), 0.5, "the sprite is drawn where placed")


class PlannerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.retriever = Retriever(Library.load(MINI_LIBRARY))

    def plan_of(self, prompt):
        return plan(self.retriever.retrieve(prompt))

    def test_plans(self):
        self.assertEqual(self.plan_of("zzz nothing here"), [])
        self.assertEqual(self.plan_of("a rocket"), [(0, 0.5, 0.5, 0.6)])
        self.assertEqual(self.plan_of("a large rocket"), [(0, 0.5, 0.5, 0.75)])
        self.assertEqual(self.plan_of("a small rocket in the top left corner"), [(0, 0.25, 0.25, 0.235)])
        self.assertEqual(len(self.plan_of("three rockets")), 3)
        self.assertEqual(len(self.plan_of("4 copies of a rocket")), 4)
        left = self.plan_of("a rocket to the left of a dog face")
        self.assertEqual([(i, x) for i, x, _, _ in left], [(0, 0.27), (1, 0.73)])
        above = self.plan_of("a rocket above a dog face")
        self.assertEqual([(i, y) for i, _, y, _ in above], [(0, 0.27), (1, 0.73)])
        after = self.plan_of("a rocket and a dog face, the rocket on the right")
        self.assertEqual([(i, x) for i, x, _, _ in after], [(0, 0.73), (1, 0.27)])


class WeightsTest(unittest.TestCase):
    def tiny(self):
        cfg = load_config("tiny-ref")
        dit, text = build_models(cfg, 700)
        return cfg, dit, text, build_ref_encoder(cfg)

    def test_int8_storage_reproduces_the_rounded_weights(self):
        import onnx
        from onnx import numpy_helper
        from atelier_train.int8 import round_to_int8, store_int8
        lin = torch.nn.Sequential(torch.nn.Linear(128, 64), torch.nn.GELU(), torch.nn.Linear(64, 96))
        round_to_int8(lin)
        w = lin[0].weight.detach().numpy()
        rows = np.abs(w).max(1, keepdims=True) / 127
        self.assertTrue(np.allclose(np.round(w / rows), w / rows, atol=1e-4), "on the per-row int8 grid")
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "m.onnx"
            torch.onnx.export(lin, (torch.randn(2, 128),), str(path), opset_version=17)
            before = {i.name: numpy_helper.to_array(i) for i in onnx.load(str(path)).graph.initializer}
            self.assertEqual(store_int8(path), 2)
            model = onnx.load(str(path))
            kinds = {i.name: i.data_type for i in model.graph.initializer}
            dq = [n for n in model.graph.node if n.op_type == "DequantizeLinear"]
            self.assertEqual(len(dq), 2)
            inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
            for node in dq:
                q, scale = inits[node.input[0]].astype(np.float32), inits[node.input[1]]
                axis = next(a.i for a in node.attribute if a.name == "axis")
                shape = [1] * q.ndim
                shape[axis] = -1
                np.testing.assert_allclose(q * scale.reshape(shape), before[node.output[0]], rtol=0, atol=1e-6)
                self.assertEqual(kinds[node.input[0]], onnx.TensorProto.INT8)

    def test_transport_round_trip(self):
        from atelier_train import checkpoint as ckpt
        from atelier_train.transport import pack, unpack
        cfg, dit, text, refs = self.tiny()
        modules = {"dit": dit, "text": text, "refs": refs}
        with tempfile.TemporaryDirectory() as d:
            ckpt.save_checkpoint(Path(d) / "a", 3, cfg, modules, modules, None, None, {"images_seen": 12},
                                 with_model=False)
            pack(Path(d) / "a", Path(d) / "p")
            unpack(Path(d) / "p", Path(d) / "b")
            a, b = ckpt.read_group(Path(d) / "a", "ema"), ckpt.read_group(Path(d) / "b", "ema")
            self.assertEqual(set(a), set(b))
            for k in a:
                tol = float(a[k].abs().max()) / 127 * 0.51 + 1e-7
                self.assertLessEqual(float((a[k].float() - b[k].float()).abs().max()), tol, k)

    def test_a_draft_embedding_starts_at_zero_so_the_model_is_unchanged(self):
        cfg, dit, text, _ = self.tiny()
        plain_cfg = load_config("tiny-ref", {"model": {"draft_channels": 0}})
        plain, _ = build_models(plain_cfg, 700)
        tensors = {"dit." + k: v for k, v in plain.state_dict().items()}
        loaded = add_draft_embedding(tensors, dit)
        dit.load_state_dict({k[4:]: v for k, v in loaded.items()})
        x, t, ctx = torch.randn(2, 4, 128, 128), torch.tensor([500.0, 20.0]), torch.randn(2, 48 + 128, 64)
        with torch.no_grad():
            torch.testing.assert_close(dit(x, t, ctx, torch.rand(2, 4, 128, 128)), plain(x, t, ctx))

    def test_precision_choice(self):
        self.assertEqual(choose_precision("fp32", torch.device("cpu"))[0], "fp32")
        choice, why = choose_precision("auto", torch.device("cpu"), seconds=0.05)
        self.assertIn(choice, ("fp32", "bf16"))
        self.assertIn("GFLOP/s", why)
        with self.assertRaises(ValueError):
            choose_precision("fp8", torch.device("cpu"))


if __name__ == "__main__":
    unittest.main()
