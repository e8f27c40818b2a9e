"""The benchmark's PyTorch baseline rebuilds the trainer's modules from an exported package's ONNX files."""
import os
import subprocess
import tempfile
import unittest
from pathlib import Path

import numpy as np

TRAINING = Path(__file__).resolve().parents[1]


class ExportedPackage:
    """A package trained and exported by e2e_tiny.sh with the class's config, once per test class."""
    config, export_options = "tiny", []

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.pkg = Path(cls.tmp.name) / "pkg"
        subprocess.run(["bash", str(TRAINING / "scripts" / "e2e_tiny.sh"), str(cls.pkg), *cls.export_options],
                       check=True, capture_output=True, env={**os.environ, "TINY_CONFIG": cls.config})

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()


class PackageWeightsTest(ExportedPackage, unittest.TestCase):
    def test_weights_read_back_from_onnx_reproduce_the_test_vectors(self):
        from atelier_train.bench.package_weights import load_package
        dit, text, cfg = load_package(self.pkg)  # raises if the outputs differ from test_vectors/ by > 1e-3
        self.assertEqual(cfg["model"]["dim"], dit.blocks[0].attn.qkv.weight.shape[1])

    def test_a_wrong_weight_is_caught_by_the_test_vectors(self):
        from atelier_train.bench.package_weights import load_package, verify
        dit, text, _ = load_package(self.pkg)
        with __import__("torch").no_grad():
            dit.blocks[0].attn.qkv.weight.mul_(-1.0)
        with self.assertRaisesRegex(ValueError, "transformer rebuilt from ONNX differs"):
            verify(self.pkg, dit, text)


class UNetPackageWeightsTest(ExportedPackage, unittest.TestCase):
    """The U-Net's group norms and convolutions are found again too (config tiny-unet)."""
    config, export_options = "tiny-unet", ["--upscale", "4"]

    def test_weights_read_back_from_onnx_reproduce_the_test_vectors(self):
        from atelier_train.bench.package_weights import load_package
        from atelier_train.unet import UNet
        dit, _, cfg = load_package(self.pkg)  # raises if the outputs differ from test_vectors/ by > 1e-3
        self.assertIsInstance(dit, UNet)
        self.assertEqual(cfg["model"]["base"], dit.stem.weight.shape[0])

    def test_a_wrong_group_norm_weight_is_caught_by_the_test_vectors(self):
        from atelier_train.bench.package_weights import load_package, verify
        dit, text, _ = load_package(self.pkg)
        with __import__("torch").no_grad():
            dit.out_norm.weight.mul_(-1.0)
        with self.assertRaisesRegex(ValueError, "transformer rebuilt from ONNX differs"):
            verify(self.pkg, dit, text)


if __name__ == "__main__":
    unittest.main()
