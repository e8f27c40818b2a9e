"""Weight-only int8 storage for a model package: a quarter of float32, half of float16.

round_to_int8(module) puts every large weight (2-D or more, at least MIN_ELEMENTS values) on a symmetric int8
grid with one float32 scale per output row (the first axis of the PyTorch tensor: max |w| / 127). After the ONNX
export, store_int8(path) stores each such initializer as int8 plus its scales behind a DequantizeLinear node
(opset 13+) under the original name, so the graph still computes in float32 (ONNX Runtime folds the node
when it loads the model) and test vectors computed from the rounded weights hold exactly. An exported
initializer may be the PyTorch weight transposed (MatMul): the axis whose grid reproduces it exactly is used.
"""
import numpy as np
import torch

MIN_ELEMENTS = 4096


@torch.no_grad()
def round_to_int8(module, min_elements=MIN_ELEMENTS):
    for p in module.parameters():
        if p.dtype == torch.float32 and p.dim() >= 2 and p.numel() >= min_elements:
            rows = p.reshape(p.shape[0], -1)
            scale = (rows.abs().amax(1, keepdim=True) / 127.0).clamp(min=1e-12)
            p.copy_((torch.round(rows / scale).clamp(-127, 127) * scale).reshape(p.shape))
    return module


def _quantize(a, axis):
    moved = np.moveaxis(a, axis, 0)
    rows = moved.reshape(moved.shape[0], -1)
    scale = np.abs(rows).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.round(rows / scale[:, None]), -127, 127)
    back = (q * scale[:, None]).reshape(moved.shape)
    err = float(np.abs(np.moveaxis(back, 0, axis) - a).max())
    return np.moveaxis(q.reshape(moved.shape), 0, axis).astype(np.int8), scale.astype(np.float32), err


def store_int8(path, min_elements=MIN_ELEMENTS):
    """Rewrite an ONNX file: float32 initializers of 2+ dimensions and at least min_elements values become int8
    with per-axis scales behind DequantizeLinear; returns how many."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    model = onnx.load(str(path))
    graph = model.graph
    inputs = {i.name for i in graph.input}
    kept, nodes = [], []
    for init in graph.initializer:
        if init.data_type != TensorProto.FLOAT or init.name in inputs or len(init.dims) < 2 \
                or int(np.prod(init.dims)) < min_elements:
            kept.append(init)
            continue
        a = numpy_helper.to_array(init).astype(np.float32)
        best = min((_quantize(a, ax) + (ax,) for ax in range(min(2, a.ndim))), key=lambda t: t[2])
        q, scale, err, axis = best
        tol = float(np.abs(a).max()) * 1e-6 + 1e-9
        if err > tol:  # not on a row grid (an initializer that was not rounded): per-row of axis 0 anyway
            q, scale, err = _quantize(a, 0)
            axis = 0
        kept += [numpy_helper.from_array(q, init.name + "_int8"),
                 numpy_helper.from_array(scale, init.name + "_scale"),
                 numpy_helper.from_array(np.zeros(scale.shape, np.int8), init.name + "_zero")]
        nodes.append(helper.make_node("DequantizeLinear", [init.name + "_int8", init.name + "_scale",
                                                           init.name + "_zero"], [init.name],
                                      name=init.name + "_dequantize", axis=axis))
    del graph.initializer[:]
    graph.initializer.extend(kept)
    rest = list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes + rest)
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return len(nodes)
