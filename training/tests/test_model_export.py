"""The model package: training/scripts/e2e_tiny.sh's export, and the shipped models/atelier-image-1."""
import json
import os
import subprocess
import tempfile
import unittest
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "models" / "atelier-image-1"
MIB = 2**20

try:
    import onnx
except ImportError:  # python3-onnx is optional for these tests
    onnx = None


def io_names(path):
    m = onnx.load(str(path), load_external_data=False)
    return ([i.name for i in m.graph.input], [o.name for o in m.graph.output], m.opset_import[0].version)


class PackageChecks:
    pkg: Path

    def test_has_the_atelier_layout(self):
        for rel in ("model_index.json", "tokenizer/tokenizer.json", "tokenizer/tokenizer_config.json",
                    "text_encoder/model.onnx", "transformer/model.onnx", "scheduler/scheduler_config.json"):
            self.assertTrue((self.pkg / rel).exists(), rel)
        index = json.loads((self.pkg / "model_index.json").read_text())
        self.assertEqual(index["_class_name"], "AtelierFlowPipeline")
        a = index["atelier"]
        self.assertEqual((a["sample_size"], a["latent_channels"]), (256, 3))
        self.assertEqual(a["sizes"], [[256, 256]])
        upscaled = a["vae_scale_factor"] > 1
        self.assertEqual("vae_decoder" in index, upscaled)
        self.assertEqual((self.pkg / "vae_decoder" / "model.onnx").exists(), upscaled)
        sched = json.loads((self.pkg / "scheduler" / "scheduler_config.json").read_text())
        self.assertEqual(sched["_class_name"], "FlowMatchEulerDiscreteScheduler")
        self.assertFalse(sched["use_dynamic_shifting"])

    @unittest.skipIf(onnx is None, "python3-onnx not installed")
    def test_onnx_models_have_the_contract_names_and_opset_17(self):
        self.assertEqual(io_names(self.pkg / "text_encoder" / "model.onnx"), (["input_ids"], ["last_hidden_state"], 17))
        self.assertEqual(io_names(self.pkg / "transformer" / "model.onnx"),
                         (["sample", "timestep", "encoder_hidden_states"], ["out_sample"], 17))
        if (self.pkg / "vae_decoder").exists():
            self.assertEqual(io_names(self.pkg / "vae_decoder" / "model.onnx"), (["latent_sample"], ["sample"], 17))

    @unittest.skipIf(onnx is None, "python3-onnx not installed")
    def test_large_weights_are_stored_as_float16(self):
        from onnx import TensorProto
        self.assertEqual(json.loads((self.pkg / "model_index.json").read_text())["atelier"]["weights_storage"],
                         "float16")
        for part in ("text_encoder", "transformer"):
            inits = onnx.load(str(self.pkg / part / "model.onnx")).graph.initializer
            halves = [i for i in inits if i.data_type == TensorProto.FLOAT16]
            big_floats = [i.name for i in inits if i.data_type == TensorProto.FLOAT and np.prod(i.dims) >= 256]
            self.assertGreater(sum(int(np.prod(i.dims)) for i in halves), 10_000, part)
            self.assertEqual(big_floats, [], part)

    def test_test_vectors_have_the_documented_shapes(self):
        tv = self.pkg / "test_vectors"
        ids = np.load(tv / "text_encoder_input_ids.npy")
        self.assertEqual(ids.dtype, np.int64)
        length = json.loads((self.pkg / "tokenizer" / "tokenizer_config.json").read_text())["model_max_length"]
        self.assertEqual(ids.shape, (2, length))
        a = json.loads((self.pkg / "model_index.json").read_text())["atelier"]
        factor = a["vae_scale_factor"]
        native = a["sample_size"] // factor
        self.assertEqual(np.load(tv / "transformer_out_sample.npy").shape, (2, 3, native, native))
        if factor > 1:
            latent = np.load(tv / "vae_decoder_latent_sample.npy")
            decoded = np.load(tv / "vae_decoder_sample.npy")
            self.assertEqual(latent.shape, (1, 3, native, native))
            self.assertEqual(decoded.shape, (1, 3, native * factor, native * factor))
            self.assertLessEqual(float(np.abs(decoded).max()), 1.0)
            # bicubic keeps the mean of a smooth image: each 2x2 block's mean is close to its source pixel
            blocks = decoded.reshape(1, 3, native, factor, native, factor).mean(axis=(3, 5))
            self.assertLess(float(np.abs(blocks - latent)[..., 2:-2, 2:-2].mean()), 0.5)


class TinyExportTest(PackageChecks, unittest.TestCase):
    export_options = []
    config = "tiny"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.pkg = Path(cls.tmp.name) / "pkg"
        subprocess.run([str(ROOT / "training" / "scripts" / "e2e_tiny.sh"), str(cls.pkg), *cls.export_options],
                       check=True, capture_output=True, timeout=300, env={**os.environ, "TINY_CONFIG": cls.config})

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()


class UpscaledTinyExportTest(TinyExportTest):
    """The tiny config trains on a 128-pixel canvas; `--upscale 2` adds the bicubic decoder to 256."""
    export_options = ["--upscale", "2"]
    config = "tiny-128"


class UNetTinyExportTest(TinyExportTest):
    """The U-Net denoiser (config tiny-unet, a 64-pixel canvas) exports to the same contract."""
    export_options = ["--upscale", "4"]
    config = "tiny-unet"


class UpscaleOptionTest(unittest.TestCase):
    def test_a_factor_below_one_is_refused_with_a_message(self):
        r = subprocess.run(["/usr/bin/python3", "-m", "atelier_train.export", "--checkpoint", "x", "--tokenizer", "y",
                            "--out", "z", "--upscale", "0"], cwd=ROOT / "training", capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--upscale must be a whole number >= 1, got 0", r.stderr)


@unittest.skipUnless(SHIPPED.exists(), "models/atelier-image-1 not present")
class PackageInfoTest(unittest.TestCase):
    def test_chained_runs_add_up_and_a_vocabulary_is_listed(self):
        import torch
        from atelier_train.export import package_info
        dit, text = torch.nn.Linear(3, 2), torch.nn.Linear(2, 1)
        header = {"step": 10, "info": {"images_seen": 640, "prior": {"steps": 5, "images_seen": 320}}}
        cfg = {"data": {"styles": ["twemoji"], "concepts": ["dog face", "pizza"]}}
        info = package_info(cfg, header, dit, text, fp16=True)
        self.assertEqual(info, {"dit_params": 8, "text_params": 3, "trained_steps": 15, "images_seen": 960,
                                "weights_storage": "float16", "trained_styles": ["twemoji"],
                                "vocabulary": [{"label": "dog face", "names": ["dog face", "dog faces"]},
                                               {"label": "pizza", "names": ["pizza", "pizzas"]}]})
        recorded = [{"label": "dog face", "names": ["dog", "dog face", "dog faces", "dogs"]}]
        header["info"]["vocabulary"] = recorded  # what the trainer wrote, with the short labels it used
        self.assertEqual(package_info(cfg, header, dit, text, fp16=True)["vocabulary"], recorded)
        plain = package_info({"data": {"styles": None, "concepts": None}}, {"step": 3, "info": {}}, dit, text, False)
        self.assertNotIn("vocabulary", plain)
        self.assertNotIn("trained_styles", plain)
        self.assertEqual((plain["trained_steps"], plain["images_seen"], plain["weights_storage"]), (3, 0, "float32"))


class ShippedPackageTest(PackageChecks, unittest.TestCase):
    pkg = SHIPPED

    def test_weights_fit_in_64_mib(self):
        weights = sum(p.stat().st_size for p in SHIPPED.rglob("*.onnx*"))
        self.assertLessEqual(weights, 64 * MIB)

    def test_has_a_model_card(self):
        self.assertTrue((SHIPPED / "MODEL_CARD.md").exists())


if __name__ == "__main__":
    unittest.main()
