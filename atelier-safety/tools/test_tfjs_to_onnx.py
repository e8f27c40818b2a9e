"""Specifications of tfjs_to_onnx.py's format rules: python3 -m unittest discover -s atelier-safety/tools"""
import json
import os
import tempfile
import unittest

import numpy as np

import tfjs_to_onnx as conv
import tfjs_weights


class SamePaddingTest(unittest.TestCase):
    def test_stride_one_pads_both_sides_equally(self):
        self.assertEqual(conv.same_pads(224, 3, 1, 1), (1, 1))

    def test_stride_two_puts_the_odd_pixel_at_the_end(self):
        self.assertEqual(conv.same_pads(224, 3, 2, 1), (0, 1))
        self.assertEqual(conv.same_pads(7, 4, 2, 1), (1, 2))

    def test_no_padding_when_the_kernel_fits(self):
        self.assertEqual(conv.same_pads(224, 1, 2, 1), (0, 0))


def write_model(folder, layers, weights, blob):
    spec = {"modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": layers}}},
            "weightsManifest": [{"paths": ["w.bin"], "weights": weights}]}
    with open(os.path.join(folder, "model.json"), "w") as f:
        json.dump(spec, f)
    with open(os.path.join(folder, "w.bin"), "wb") as f:
        f.write(blob)
    return os.path.join(folder, "model.json")


class WeightsTest(unittest.TestCase):
    def test_uint8_weights_are_dequantized_as_tfjs_does_in_double_then_float32(self):
        with tempfile.TemporaryDirectory() as d:
            path = write_model(d, [], [{"name": "a/kernel", "shape": [3], "dtype": "float32",
                                        "quantization": {"dtype": "uint8", "scale": 0.1, "min": -0.3}}], bytes([0, 3, 255]))
            with open(path) as f:
                manifest = json.load(f)["weightsManifest"]
            w = tfjs_weights.read_weights(path, manifest)["a/kernel"].dequantized()
        expected = np.array([0 * 0.1 - 0.3, 3 * 0.1 - 0.3, 255 * 0.1 - 0.3], np.float64).astype(np.float32)
        self.assertTrue(np.array_equal(w, expected))

    def test_a_manifest_that_does_not_match_the_shards_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            path = write_model(d, [], [{"name": "a/bias", "shape": [2], "dtype": "float32"}], b"\0" * 4)
            with open(path) as f:
                manifest = json.load(f)["weightsManifest"]
            with self.assertRaisesRegex(conv.ConversionError, "a/bias"):
                tfjs_weights.read_weights(path, manifest)


class LayersTest(unittest.TestCase):
    def test_an_unknown_layer_is_named_with_the_supported_set(self):
        layers = [{"class_name": "LSTM", "config": {"name": "lstm_1", "batch_input_shape": [None, 8, 8, 3]}}]
        with tempfile.TemporaryDirectory() as d:
            path = write_model(d, layers, [], b"")
            with self.assertRaisesRegex(conv.ConversionError, "layer 'lstm_1': unsupported layer class 'LSTM'.*Conv2D"):
                conv.convert(path)

    def test_a_graph_model_is_refused_clearly(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "model.json")
            with open(path, "w") as f:
                json.dump({"modelTopology": {"node": []}, "weightsManifest": []}, f)
            with self.assertRaisesRegex(conv.ConversionError, "graph model"):
                conv.convert(path)


if __name__ == "__main__":
    unittest.main()
