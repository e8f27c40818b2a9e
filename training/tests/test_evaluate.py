"""atelier_train.evaluate on the committed mini pack: the oracle ceiling and the model-style singles."""
import unittest
from pathlib import Path

import torch

from atelier_train.data.render import render
from atelier_train.data.pack import load_pack
from atelier_train.evaluate import (Gallery, holdout_singles, model_style_singles, nn_identity, summarize,
                                    vocabulary_singles)

PACK = Path(__file__).resolve().parents[1] / "testdata" / "mini-pack"


class EvaluateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pack = load_pack(PACK)

    def test_model_style_singles_use_the_model_style_and_name_no_style(self):
        comps = model_style_singles(self.pack, ["twemoji"])
        held = holdout_singles(self.pack)
        self.assertGreater(len(comps), 0)
        self.assertLessEqual(len(comps), len(held))
        self.assertTrue(all(c.attrs["style"] == "twemoji" for c in comps))
        self.assertTrue(all("twemoji" not in c.caption and "style" not in c.caption for c in comps))
        held_pairs = {(h.attrs["concept_ids"][0], h.attrs["color"]) for h in held}
        self.assertTrue(all((c.attrs["concept_ids"][0], c.attrs["color"]) in held_pairs for c in comps))

    def test_true_renderings_are_identified_and_wrong_ones_are_not(self):
        comps = model_style_singles(self.pack, ["twemoji"])
        gallery = Gallery(self.pack, torch.device("cpu"))
        truth = (render(gallery.sprites, comps) + 1) / 2
        self.assertEqual(summarize(nn_identity(truth, comps, gallery))["top1_same_style"], 1.0)
        shifted = torch.roll(truth, 1, dims=0)  # each prompt gets another prompt's picture
        self.assertGreater(len({c.attrs["concept_ids"][0] for c in comps}), 1)
        self.assertLess(summarize(nn_identity(shifted, comps, gallery))["top1_same_style"], 1.0)


    def test_vocabulary_singles_are_one_plain_prompt_per_concept_that_the_true_sprite_passes(self):
        labels = ["dog face", "pizza", "rocket"]
        comps = vocabulary_singles(self.pack, labels, ["twemoji"])
        self.assertEqual(sorted(self.pack.concepts[c.attrs["concept_ids"][0]]["label"] for c in comps), sorted(labels))
        self.assertTrue(all(c.attrs["style"] == "twemoji" and c.attrs["color"] == "white" for c in comps))
        self.assertTrue(all("twemoji" not in c.caption and "background" not in c.caption for c in comps))
        gallery = Gallery(self.pack, torch.device("cpu"))
        truth = (render(gallery.sprites, comps) + 1) / 2
        self.assertEqual(summarize(nn_identity(truth, comps, gallery))["top1_same_style"], 1.0)


class GroupsOptionTest(unittest.TestCase):
    def test_unknown_groups_are_refused_with_the_known_ones(self):
        import subprocess
        import sys
        r = subprocess.run([sys.executable, "-m", "atelier_train.evaluate", "--checkpoint", "x", "--tokenizer", "y",
                            "--pack", str(Path(__file__).resolve().parents[1] / "testdata" / "mini-pack"),
                            "--out", "z.json", "--groups", "animals-nature,flags"],
                           cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("groups must be a non-empty subset of ['animals-nature'", r.stderr)
        self.assertIn("got ['animals-nature', 'flags']", r.stderr)

    def test_unknown_concepts_are_refused_with_a_clear_message(self):
        import subprocess
        import sys
        r = subprocess.run([sys.executable, "-m", "atelier_train.evaluate", "--checkpoint", "x", "--tokenizer", "y",
                            "--pack", str(PACK), "--out", "z.json", "--concepts", "dog face, unicorn"],
                           cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown concept labels ['unicorn']", r.stderr)


if __name__ == "__main__":
    unittest.main()
