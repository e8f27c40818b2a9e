#!/usr/bin/env python3
"""Converts a TensorFlow.js Keras layers model (model.json + binary weight shards) to ONNX.

Atelier's own converter for the third-party image classifier atelier-safety ships (nsfwjs's MobileNetV2); it needs
only python3-onnx and numpy: no TensorFlow, no tf2onnx. It reads the formats as TensorFlow.js 4.x defines them:

* model.json: ``modelTopology`` (Keras 2 ``model_config``, functional ``Model`` or ``Sequential``) and
  ``weightsManifest`` (groups of ``paths`` and ``weights``: name, shape, dtype, optional ``quantization``).
* Weights: decoded by ``tfjs_weights.py`` as tfjs's ``io.decodeWeights`` does, so the float32 weights are
  bit-identical to the ones TensorFlow.js computes with.

The ONNX graph computes in NCHW (ONNX's convolution layout) but keeps Keras's interface: the input is NHWC
(``[batch, height, width, channels]``) and a 4-D output is transposed back. TensorFlow's ``same`` padding is
reproduced exactly, including its asymmetric split (the extra row/column goes at the end). Layers and options it
does not know stop the conversion with the layer's name, class and the supported set.

With ``--weights uint8`` uint8/uint16-quantized weights stay quantized in the file (a quarter of the size) and the
graph dequantizes them with Cast, Mul and Add, which ONNX Runtime folds into float32 constants when it opens the
session; its float32 arithmetic may then differ from tfjs's double-then-round by one unit in the last place.

Usage: tfjs_to_onnx.py MODEL_JSON OUTPUT_ONNX [--input-name image] [--output-name probabilities] [--weights float32|uint8]
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from tfjs_weights import ConversionError, Weight, read_weights

OPSET = 13


def same_pads(size, kernel, stride, dilation):
    """TensorFlow's SAME padding along one axis: (begin, end), the odd pixel at the end."""
    effective = (kernel - 1) * dilation + 1
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def out_size(size, kernel, stride, dilation, begin, end):
    return (size + begin + end - ((kernel - 1) * dilation + 1)) // stride + 1


class Builder:
    """Accumulates ONNX nodes; tensors are tracked with their static shape (NCHW for images, [N, F] for vectors)."""

    def __init__(self, weights, quantized_mode):
        self.weights = weights
        self.quantized_mode = quantized_mode
        self.nodes, self.initializers = [], []
        self.shapes = {}
        self.used = set()
        self.counter = 0

    def fresh(self, base):
        self.counter += 1
        return f"{base}__{self.counter}"

    def node(self, op, inputs, base, **attrs):
        out = self.fresh(base)
        self.nodes.append(helper.make_node(op, inputs, [out], name=out, **attrs))
        return out

    def weight(self, layer, param, required=True):
        key = f"{layer}/{param}"
        if key not in self.weights:
            if required:
                raise ConversionError(f"layer '{layer}': no weight '{key}' in the manifest")
            return None
        self.used.add(key)
        return self.weights[key]

    def constant(self, name, w):
        """An initializer for a Weight (or a plain array); quantized ones dequantized in-graph in uint8 mode."""
        if not isinstance(w, Weight):
            w = Weight(w)
        if w.quantized and self.quantized_mode:
            q = name + "__q"
            self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(w.values), q))
            scale, minimum = name + "__scale", name + "__min"
            self.initializers.append(numpy_helper.from_array(np.array(w.scale, np.float32), scale))
            self.initializers.append(numpy_helper.from_array(np.array(w.minimum, np.float32), minimum))
            f = self.node("Cast", [q], name + "__f", to=TensorProto.FLOAT)
            m = self.node("Mul", [f, scale], name + "__scaled")
            out = self.fresh(name)
            self.nodes.append(helper.make_node("Add", [m, minimum], [out], name=out))
            return out
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(w.dequantized()), name))
        return name


def activation(b, x, kind, layer):
    shape = b.shapes[x]
    if kind in (None, "linear"):
        return x
    if kind == "relu":
        y = b.node("Relu", [x], layer + "_relu")
    elif kind == "relu6":
        y = clip(b, x, 0.0, 6.0, layer)
    elif kind == "sigmoid":
        y = b.node("Sigmoid", [x], layer + "_sigmoid")
    elif kind == "tanh":
        y = b.node("Tanh", [x], layer + "_tanh")
    elif kind == "softmax":
        # Keras's softmax runs over the last (channel) axis, which is axis 1 of an NCHW image.
        y = b.node("Softmax", [x], layer + "_softmax", axis=1 if len(shape) == 4 else -1)
    else:
        raise ConversionError(f"layer '{layer}': unsupported activation '{kind}' (supported: linear, relu, relu6, sigmoid, tanh, softmax)")
    b.shapes[y] = shape
    return y


def clip(b, x, lo, hi, layer):
    lo_name, hi_name = b.fresh(layer + "_min"), b.fresh(layer + "_max")
    b.initializers.append(numpy_helper.from_array(np.array(lo, np.float32), lo_name))
    b.initializers.append(numpy_helper.from_array(np.array(hi, np.float32), hi_name))
    return b.node("Clip", [x, lo_name, hi_name], layer + "_clip")


def spatial_pads(b, x, cfg, kernel, strides, dilation, layer):
    _, _, h, w = b.shapes[x]
    padding = cfg.get("padding", "valid")
    if padding == "valid":
        return [0, 0, 0, 0]
    if padding == "same":
        (t, bo), (l, r) = same_pads(h, kernel[0], strides[0], dilation[0]), same_pads(w, kernel[1], strides[1], dilation[1])
        return [t, l, bo, r]
    raise ConversionError(f"layer '{layer}': unsupported padding '{padding}' (supported: valid, same)")


def check_channels_last(cfg, layer):
    if cfg.get("data_format", "channels_last") != "channels_last":
        raise ConversionError(f"layer '{layer}': data_format {cfg.get('data_format')} (only channels_last is supported)")


def conv(b, x, cfg, layer, depthwise):
    check_channels_last(cfg, layer)
    n, c, h, w = b.shapes[x]
    strides, dilation = list(cfg.get("strides", [1, 1])), list(cfg.get("dilation_rate", [1, 1]))
    if depthwise:
        k = b.weight(layer, "depthwise_kernel")  # [kh, kw, in, multiplier]
        kh, kw, cin, mult = k.values.shape
        # TF's output channel i*mult + m is ONNX group i's output m.
        k = k.map(lambda a: a.transpose(2, 3, 0, 1).reshape(cin * mult, 1, kh, kw))
        groups, cout = cin, cin * mult
    else:
        if cfg.get("groups", 1) != 1:
            raise ConversionError(f"layer '{layer}': grouped Conv2D (groups={cfg['groups']}) is not supported")
        k = b.weight(layer, "kernel")  # [kh, kw, in, out]
        kh, kw, cin, cout = k.values.shape
        k = k.map(lambda a: a.transpose(3, 2, 0, 1))
        groups = 1
    if cin != c:
        raise ConversionError(f"layer '{layer}': kernel expects {cin} input channels, the input has {c}")
    pads = spatial_pads(b, x, cfg, (kh, kw), strides, dilation, layer)
    inputs = [x, b.constant(layer + "_kernel", k)]
    if cfg.get("use_bias", True):
        inputs.append(b.constant(layer + "_bias", b.weight(layer, "bias")))
    y = b.node("Conv", inputs, layer, kernel_shape=[kh, kw], strides=strides, dilations=dilation, pads=pads, group=groups)
    b.shapes[y] = [n, cout, out_size(h, kh, strides[0], dilation[0], pads[0], pads[2]),
                   out_size(w, kw, strides[1], dilation[1], pads[1], pads[3])]
    return activation(b, y, cfg.get("activation"), layer)


def batch_norm(b, x, cfg, layer):
    axis = cfg.get("axis", -1)
    axis = axis[0] if isinstance(axis, list) and len(axis) == 1 else axis
    rank = len(b.shapes[x])
    if axis not in (-1, rank - 1):
        raise ConversionError(f"layer '{layer}': BatchNormalization over axis {axis} (only the channel axis, -1, is supported)")
    c = b.shapes[x][1]
    gamma = b.weight(layer, "gamma") if cfg.get("scale", True) else Weight(np.ones(c, np.float32))
    beta = b.weight(layer, "beta") if cfg.get("center", True) else Weight(np.zeros(c, np.float32))
    inputs = [x, b.constant(layer + "_gamma", gamma), b.constant(layer + "_beta", beta),
              b.constant(layer + "_mean", b.weight(layer, "moving_mean")),
              b.constant(layer + "_variance", b.weight(layer, "moving_variance"))]
    y = b.node("BatchNormalization", inputs, layer, epsilon=float(cfg.get("epsilon", 1e-3)))
    b.shapes[y] = b.shapes[x]
    return y


def relu_layer(b, x, cfg, layer):
    if cfg.get("negative_slope", 0) != 0 or cfg.get("threshold", 0) != 0:
        raise ConversionError(f"layer '{layer}': ReLU with negative_slope or threshold is not supported")
    hi = cfg.get("max_value")
    y = b.node("Relu", [x], layer) if hi is None else clip(b, x, 0.0, float(hi), layer)
    b.shapes[y] = b.shapes[x]
    return y


def pool(b, x, cfg, layer, op):
    check_channels_last(cfg, layer)
    n, c, h, w = b.shapes[x]
    size = list(cfg["pool_size"])
    strides = list(cfg.get("strides") or size)
    pads = spatial_pads(b, x, cfg, size, strides, [1, 1], layer)
    # TF's SAME average pooling divides by the count of real pixels only.
    extra = {"count_include_pad": 0} if op == "AveragePool" else {}
    y = b.node(op, [x], layer, kernel_shape=size, strides=strides, pads=pads, **extra)
    b.shapes[y] = [n, c, out_size(h, size[0], strides[0], 1, pads[0], pads[2]), out_size(w, size[1], strides[1], 1, pads[1], pads[3])]
    return y


def flatten(b, x, layer):
    shape = b.shapes[x]
    if len(shape) == 4:
        x = b.node("Transpose", [x], layer + "_nhwc", perm=[0, 2, 3, 1])  # Keras flattens in NHWC order
    y = b.node("Flatten", [x], layer, axis=1)
    b.shapes[y] = [shape[0], int(np.prod(shape[1:]))]
    return y


def dense(b, x, cfg, layer):
    if len(b.shapes[x]) != 2:
        raise ConversionError(f"layer '{layer}': Dense on a rank-{len(b.shapes[x])} input (only [batch, features] is supported)")
    k = b.weight(layer, "kernel")  # [in, out]
    inputs = [x, b.constant(layer + "_kernel", k)]
    if cfg.get("use_bias", True):
        inputs.append(b.constant(layer + "_bias", b.weight(layer, "bias")))
    y = b.node("Gemm", inputs, layer)
    b.shapes[y] = [b.shapes[x][0], k.values.shape[1]]
    return activation(b, y, cfg.get("activation"), layer)


def zero_padding(b, x, cfg, layer):
    check_channels_last(cfg, layer)
    p = cfg["padding"]
    if isinstance(p, int):
        p = [[p, p], [p, p]]
    (t, bo), (l, r) = [[v, v] if isinstance(v, int) else v for v in p]
    pads = b.fresh(layer + "_pads")
    b.initializers.append(numpy_helper.from_array(np.array([0, 0, t, l, 0, 0, bo, r], np.int64), pads))
    y = b.node("Pad", [x, pads], layer)
    n, c, h, w = b.shapes[x]
    b.shapes[y] = [n, c, h + t + bo, w + l + r]
    return y


def merge(b, xs, cfg, layer, kind):
    shape = b.shapes[xs[0]]
    if kind == "Add":
        y = xs[0]
        for other in xs[1:]:
            y = b.node("Add", [y, other], layer)
        b.shapes[y] = shape
        return y
    axis = cfg.get("axis", -1)
    if axis not in (-1, len(shape) - 1):
        raise ConversionError(f"layer '{layer}': Concatenate over axis {axis} (only the channel axis, -1, is supported)")
    y = b.node("Concat", xs, layer, axis=1)
    b.shapes[y] = list(shape)
    b.shapes[y][1] = sum(b.shapes[t][1] for t in xs)
    return y


def global_average(b, x, cfg, layer):
    check_channels_last(cfg, layer)
    n, c = b.shapes[x][:2]
    g = b.node("GlobalAveragePool", [x], layer + "_pool")
    y = b.node("Flatten", [g], layer, axis=1)
    b.shapes[y] = [n, c]
    return y


SUPPORTED = ("InputLayer, ZeroPadding2D, Conv2D, DepthwiseConv2D, BatchNormalization, ReLU, Activation, Add, "
             "Concatenate, AveragePooling2D, MaxPooling2D, GlobalAveragePooling2D, Flatten, Dense, Dropout")


def convert_layer(b, layer, inputs):
    kind, cfg, name = layer["class_name"], layer["config"], layer["config"].get("name", layer.get("name"))
    x = inputs[0]
    if kind == "ZeroPadding2D":
        return zero_padding(b, x, cfg, name)
    if kind in ("Conv2D", "DepthwiseConv2D"):
        return conv(b, x, cfg, name, depthwise=kind == "DepthwiseConv2D")
    if kind == "BatchNormalization":
        return batch_norm(b, x, cfg, name)
    if kind == "ReLU":
        return relu_layer(b, x, cfg, name)
    if kind == "Activation":
        return activation(b, x, cfg["activation"], name)
    if kind in ("Add", "Concatenate"):
        return merge(b, inputs, cfg, name, kind)
    if kind == "AveragePooling2D":
        return pool(b, x, cfg, name, "AveragePool")
    if kind == "MaxPooling2D":
        return pool(b, x, cfg, name, "MaxPool")
    if kind == "GlobalAveragePooling2D":
        return global_average(b, x, cfg, name)
    if kind == "Flatten":
        return flatten(b, x, name)
    if kind == "Dense":
        return dense(b, x, cfg, name)
    if kind == "Dropout":
        return x  # inference
    raise ConversionError(f"layer '{name}': unsupported layer class '{kind}' (supported: {SUPPORTED})")


def layers_in_order(topology):
    """(layers, input layer names, output layer name) of a functional Model or a Sequential."""
    config = topology.get("model_config", topology)
    kind, body = config["class_name"], config["config"]
    if kind == "Sequential":
        layers = body["layers"] if isinstance(body, dict) else body
        previous = None
        for layer in layers:
            layer["inbound_nodes"] = [] if previous is None else [[[previous, 0, 0, {}]]]
            previous = layer["config"]["name"]
        return layers, [layers[0]["config"]["name"]], previous
    if kind not in ("Model", "Functional"):
        raise ConversionError(f"model class '{kind}' (supported: Model, Functional, Sequential)")
    if len(body["input_layers"]) != 1 or len(body["output_layers"]) != 1:
        raise ConversionError("only models with one input and one output are supported")
    return body["layers"], [body["input_layers"][0][0]], body["output_layers"][0][0]


def convert(model_json_path, input_name="image", output_name="probabilities", quantized_mode=False):
    with open(model_json_path) as f:
        model = json.load(f)
    topology = model.get("modelTopology") or {}
    if "node" in topology:
        raise ConversionError(f"{model_json_path}: a graph model; this converter reads Keras layers models")
    if "model_config" not in topology and "class_name" not in topology:
        raise ConversionError(f"{model_json_path}: no modelTopology.model_config (not a TensorFlow.js layers model)")
    b = Builder(read_weights(model_json_path, model["weightsManifest"]), quantized_mode)
    layers, input_layers, output_layer = layers_in_order(topology)
    tensors, graph_input = {}, None
    for layer in layers:
        name = layer["config"].get("name", layer.get("name"))
        if layer["class_name"] == "InputLayer" or (not layer["inbound_nodes"] and name in input_layers):
            shape = layer["config"]["batch_input_shape"]
            if len(shape) != 4 or None in shape[1:]:
                raise ConversionError(f"input '{name}': shape {shape} (only a fixed-size NHWC image input is supported)")
            _, h, w, c = shape
            graph_input = helper.make_tensor_value_info(input_name, TensorProto.FLOAT, ["batch", h, w, c])
            b.shapes[input_name] = ["batch", h, w, c]
            x = b.node("Transpose", [input_name], name + "_nchw", perm=[0, 3, 1, 2])
            b.shapes[x] = ["batch", c, h, w]
            if layer["class_name"] == "InputLayer":
                tensors[name] = x
                continue
            inputs = [x]
        else:
            nodes = layer["inbound_nodes"]
            if len(nodes) != 1:
                raise ConversionError(f"layer '{name}': called {len(nodes)} times (shared layers are not supported)")
            if not isinstance(nodes[0], list):
                raise ConversionError(f"layer '{name}': inbound_nodes in a format other than Keras 2's")
            inputs = [tensors[src[0]] for src in nodes[0]]
        tensors[name] = convert_layer(b, layer, inputs)
    y = tensors[output_layer]
    shape = b.shapes[y]
    if len(shape) == 4:
        y = b.node("Transpose", [y], output_layer + "_nhwc", perm=[0, 2, 3, 1])
        shape = [shape[0], shape[2], shape[3], shape[1]]
    b.nodes.append(helper.make_node("Identity", [y], [output_name], name=output_name))
    unused = sorted(set(b.weights) - b.used)
    if unused:
        raise ConversionError(f"weights no layer used: {unused[:5]}{' ...' if len(unused) > 5 else ''}")
    output = helper.make_tensor_value_info(output_name, TensorProto.FLOAT, shape)
    graph = helper.make_graph(b.nodes, "tfjs_layers_model", [graph_input], [output], b.initializers)
    onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                                   producer_name="atelier tfjs_to_onnx.py")
    onnx_model.ir_version = 8  # readable by every ONNX Runtime since 1.10
    onnx.checker.check_model(onnx_model, full_check=True)
    return onnx_model


def main(argv=None):
    p = argparse.ArgumentParser(description="Convert a TensorFlow.js Keras layers model to ONNX.")
    p.add_argument("model_json")
    p.add_argument("output")
    p.add_argument("--input-name", default="image")
    p.add_argument("--output-name", default="probabilities")
    p.add_argument("--weights", choices=["float32", "uint8"], default="float32",
                   help="float32: dequantize exactly as tfjs does (default); uint8: keep quantized weights quantized")
    p.add_argument("--doc", default="", help="doc_string to record in the ONNX model (its source and licence)")
    args = p.parse_args(argv)
    try:
        model = convert(args.model_json, args.input_name, args.output_name, args.weights == "uint8")
    except ConversionError as e:
        print(f"tfjs_to_onnx: {e}", file=sys.stderr)
        return 1
    model.doc_string = args.doc
    onnx.save(model, args.output)
    print(f"wrote {args.output} ({os.path.getsize(args.output)} bytes, {len(model.graph.node)} nodes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
