"""The trainer on the committed mini pack: it learns, checkpoints resume, tokenizer training round-trips."""
import json
import tempfile
import unittest
from pathlib import Path

import torch

from atelier_train import checkpoint as ckpt
from atelier_train.config import load_config
from atelier_train.tokenizer.bpe import BOS, EOS, ClipBPE
from atelier_train.tokenizer.train import train_tokenizer
from atelier_train.train import train

MINI = Path(__file__).resolve().parents[1] / "testdata" / "mini-pack"
CLIP = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "tiny-sd-onnx" / "tokenizer" / "tokenizer.json"


def tiny_cfg(**train_over):
    return load_config("tiny", {"train": dict(train_over)})


class TrainerTest(unittest.TestCase):
    def test_resume_continues_the_step_count_and_restores_weights(self):
        with tempfile.TemporaryDirectory() as d:
            first = train(tiny_cfg(max_steps=2), MINI, d, grid=0)
            self.assertEqual(first["steps"], 2)
            saved = ckpt.read_group(Path(d) / "checkpoint", "model")
            second = train(tiny_cfg(max_steps=3), MINI, d, resume=True, grid=0)
            self.assertEqual(second["steps"], 3)
            self.assertEqual(second["images_seen"], 3 * 4)
            header = json.loads((Path(d) / "checkpoint" / "checkpoint.json").read_text())
            self.assertEqual(header["step"], 3)
            self.assertIn("optim", header["groups"])
            self.assertTrue(any(k.startswith("text.") for k in saved))

    def test_wall_clock_budget_stops_and_saves(self):
        with tempfile.TemporaryDirectory() as d:
            m = train(tiny_cfg(max_steps=10**6, budget_s=2), MINI, d, grid=0)
            self.assertEqual(m["stop_reason"], "budget")
            self.assertTrue((Path(d) / "checkpoint" / "checkpoint.json").exists())

    def test_a_vocabulary_run_records_its_emoji_and_their_names_in_the_checkpoint(self):
        with tempfile.TemporaryDirectory() as d:
            cfg = load_config("tiny", {"train": {"max_steps": 1}, "data": {"concepts": ["pizza", "dog face"]}})
            train(cfg, MINI, d, grid=0)
            header = json.loads((Path(d) / "checkpoint" / "checkpoint.json").read_text())
            self.assertEqual(sorted(v["label"] for v in header["info"]["vocabulary"]), ["dog face", "pizza"])
            self.assertIn({"label": "pizza", "names": ["pizza", "pizzas"]}, header["info"]["vocabulary"])
            plain = Path(d) / "plain"
            train(tiny_cfg(max_steps=1), MINI, plain, grid=0)
            self.assertNotIn("vocabulary", json.loads((plain / "checkpoint" / "checkpoint.json").read_text())["info"])

    def test_weights_out_holds_fp16_ema_shards_under_16_mib(self):
        with tempfile.TemporaryDirectory() as d:
            train(tiny_cfg(max_steps=1), MINI, Path(d) / "run", weights_out=Path(d) / "w", grid=0)
            shards = sorted((Path(d) / "w").glob("ema-*.npz"))
            self.assertTrue(shards)
            self.assertTrue(all(p.stat().st_size < 16 * 2**20 for p in shards))
            self.assertEqual(ckpt.read_group(Path(d) / "w", "ema")["dit.final.weight"].dtype, torch.float16)


class TokenizerTrainingTest(unittest.TestCase):
    def test_trained_tokenizer_round_trips_through_tokenizer_json(self):
        texts = ["a dog on a red background", "un chien", "一只狗", "🐶 emoji", "two cats above a dog"] * 20
        with tempfile.TemporaryDirectory() as d:
            tok = train_tokenizer(texts, 600, d, max_length=16)
            again = ClipBPE.from_file(Path(d) / "tokenizer.json", max_length=16)
            for t in texts[:5] + ["never seen: ÿ ψ"]:
                self.assertEqual(again.encode(t), tok.encode(t))
            self.assertEqual(len(again.encode("a dog")), 16)
            self.assertEqual(json.loads((Path(d) / "tokenizer_config.json").read_text())["model_max_length"], 16)

    def test_tokenizer_json_has_the_structure_of_clips(self):
        if not CLIP.exists():
            self.skipTest("shared fixtures not present")
        clip = json.loads(CLIP.read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory() as d:
            train_tokenizer(["a dog", "a cat"] * 10, 520, d, max_length=16)
            ours = json.loads((Path(d) / "tokenizer.json").read_text(encoding="utf-8"))
        self.assertEqual(ours["normalizer"], clip["normalizer"])
        self.assertEqual(ours["pre_tokenizer"], clip["pre_tokenizer"])
        self.assertEqual(ours["decoder"], clip["decoder"])
        for key in ("type", "unk_token", "end_of_word_suffix", "continuing_subword_prefix"):
            self.assertEqual(ours["model"][key], clip["model"][key], key)
        self.assertEqual([t["content"] for t in ours["added_tokens"]], [BOS, EOS])
        # CLIP's layout: 256 byte symbols, the same with </w>, merges, then the two special tokens
        vocab = ours["model"]["vocab"]
        self.assertEqual(vocab["!"], clip["model"]["vocab"]["!"])
        self.assertEqual(vocab["!</w>"], 256)
        self.assertEqual(vocab[EOS], len(vocab) - 1)


if __name__ == "__main__":
    unittest.main()
