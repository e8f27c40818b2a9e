"""TensorFlow.js weights: the manifest's shards decoded as tfjs 4.x's ``io.decodeWeights`` decodes them.

The shards of all groups are concatenated in manifest order and each weight takes its bytes in turn. Quantized
weights keep their integers and tfjs's (scale, min) so a converter can either dequantize them exactly as tfjs does
(uint8/uint16: ``float32(q * scale + min)`` computed in double; float16: widened) or keep them quantized.
"""
import os

import numpy as np

BYTES = {"float32": 4, "int32": 4, "uint8": 1, "uint16": 2, "float16": 2, "bool": 1}


class ConversionError(Exception):
    pass


class Weight:
    """One weight as stored: float values, or quantized integers with tfjs's (scale, min)."""

    def __init__(self, values, scale=None, minimum=None):
        self.values = values
        self.scale = scale
        self.minimum = minimum

    @property
    def quantized(self):
        return self.scale is not None

    def map(self, fn):
        """The same weight with its array transformed (transposes and reshapes commute with dequantization)."""
        return Weight(fn(self.values), self.scale, self.minimum)

    def dequantized(self):
        if not self.quantized:
            return self.values
        # tfjs: values[i] = v * quantization.scale + quantization.min, in double, stored into a Float32Array.
        return (self.values.astype(np.float64) * self.scale + self.minimum).astype(np.float32)


def read_weights(model_json_path, manifest):
    """Name -> Weight, decoding the manifest's shards the way tfjs's io.decodeWeights walks them."""
    folder = os.path.dirname(os.path.abspath(model_json_path))
    data = bytearray()
    for group in manifest:
        for p in group["paths"]:
            with open(os.path.join(folder, p), "rb") as f:
                data += f.read()
    weights, offset = {}, 0
    for group in manifest:
        for spec in group["weights"]:
            name, dtype, shape = spec["name"], spec["dtype"], spec["shape"]
            size = int(np.prod(shape)) if shape else 1
            q = spec.get("quantization")
            stored = q["dtype"] if q else dtype
            if stored not in ("float32", "int32", "uint8", "uint16", "float16"):
                raise ConversionError(f"weight '{name}': unsupported stored dtype '{stored}'")
            nbytes = size * BYTES[stored]
            if offset + nbytes > len(data):
                raise ConversionError(f"weight '{name}' needs bytes {offset}..{offset + nbytes}, the shards hold {len(data)}")
            raw = np.frombuffer(bytes(data[offset:offset + nbytes]), dtype=np.dtype(stored).newbyteorder("<"))
            offset += nbytes
            raw = raw.reshape(shape)
            if q is None:
                weights[name] = Weight(raw.astype(np.dtype(dtype)))
            elif q["dtype"] == "float16":
                if dtype != "float32":
                    raise ConversionError(f"weight '{name}': float16 quantization of {dtype}")
                weights[name] = Weight(raw.astype(np.float32))
            elif dtype == "float32":
                weights[name] = Weight(raw.copy(), float(q["scale"]), float(q["min"]))
            elif dtype == "int32":
                # tfjs: Math.round(v * scale + min), which rounds halves up.
                weights[name] = Weight(np.floor(raw.astype(np.float64) * q["scale"] + q["min"] + 0.5).astype(np.int32))
            else:
                raise ConversionError(f"weight '{name}': quantization {q['dtype']} of {dtype}")
    if offset != len(data):
        raise ConversionError(f"the manifest's weights use {offset} bytes, the shards hold {len(data)}")
    return weights
