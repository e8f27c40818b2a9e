"""The Python BPE is CLIP's algorithm: with CLIP's vocab and merges it reproduces the reference ids."""
import json
import unittest
from pathlib import Path

from atelier_train.tokenizer.bpe import ClipBPE, pre_tokenize

FIXTURES = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures"


class ClipAlgorithmTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        path = FIXTURES / "tiny-sd-onnx" / "tokenizer" / "tokenizer.json"
        if not path.exists():
            raise unittest.SkipTest(f"shared fixtures not found at {FIXTURES}")
        cls.clip = ClipBPE.from_file(path, max_length=77)
        cls.cases = json.loads((FIXTURES / "sd-golden" / "tokenizer.json").read_text(encoding="utf-8"))

    def test_clip_vocab_reproduces_golden_unpadded_ids(self):
        for case in self.cases:
            with self.subTest(prompt=case["prompt"]):
                self.assertEqual(self.clip.encode(case["prompt"], max_length=10**6, pad=False),
                                 case["input_ids_unpadded"])

    def test_clip_vocab_reproduces_golden_padded_ids(self):
        for case in self.cases:
            with self.subTest(prompt=case["prompt"]):
                self.assertEqual(self.clip.encode(case["prompt"], max_length=77), case["input_ids_padded_77"])


class PreTokenizerTest(unittest.TestCase):
    def test_splits_contractions_digits_and_punctuation_like_clip_regex(self):
        self.assertEqual(pre_tokenize("don't stop: 12!!"), ["don", "'t", "stop", ":", "1", "2", "!!"])

    def test_keeps_emoji_runs_together(self):
        self.assertEqual(pre_tokenize("a 🐶🐱 dog"), ["a", "🐶🐱", "dog"])


if __name__ == "__main__":
    unittest.main()
