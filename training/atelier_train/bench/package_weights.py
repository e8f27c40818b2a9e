"""Rebuild the trainer's PyTorch modules from an exported model package's ONNX files.

The benchmark's PyTorch baseline must run the trainer's own model code with the shipped weights. The package
holds those weights only inside its ONNX graphs, so this reads them back: initializers that kept their
parameter name are copied, and the rest (the exporter renames the transposed weights of MatMul nodes to
`onnx::MatMul_N`, and some other folded constants) are found through the node that uses them, whose name
carries the module path (`/dit/blocks.0/attn/qkv/MatMul` -> `dit.blocks.0.attn.qkv.weight`). The result is
checked against the package's own `test_vectors/` so a wrong mapping cannot pass silently.
"""
import json
from pathlib import Path

import numpy as np
import torch

from ..config import DEFAULTS, build_models, merge


def _initializers(model):
    """Initializers, Constant-node and Identity-of-initializer values, by name."""
    from onnx import numpy_helper
    values = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    for node in model.graph.node:
        if node.op_type == "Constant" and node.attribute and node.attribute[0].name == "value":
            values[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
    for node in model.graph.node:  # the exporter merges equal parameters and names the copy through Identity
        if node.op_type == "Identity" and node.input[0] in values:
            values[node.output[0]] = values[node.input[0]]
        elif node.op_type == "Cast" and node.input[0] in values:  # float16 storage (export.store_fp16)
            values[node.output[0]] = values[node.input[0]].astype(np.float32)
    return values


def _fit(array, shape):
    """The value in the parameter's shape: as is, transposed or reshaped."""
    shape = tuple(shape)
    if array.shape == shape:
        return array
    if array.ndim == 2 and array.T.shape == shape:
        return array.T
    if array.size == int(np.prod(shape)):
        return array.reshape(shape)
    return None


def _scope(param):
    """The ONNX node-name scope of a parameter's module: `a.blocks.0.q.weight` -> `/a/blocks.0/q/`."""
    parts = []
    for p in param.split(".")[:-1]:
        if p.isdigit() and parts:
            parts[-1] += "." + p
        else:
            parts.append(p)
    return "/" + "/".join(parts) + "/"


def _load(module, onnx_file, prefix):
    import onnx
    proto = onnx.load(str(onnx_file))
    graph = proto.graph
    inits = _initializers(proto)
    used = set()
    state = {}
    params = dict(module.state_dict())
    for name, tensor in params.items():
        for key in (prefix + name, name):
            if key in inits:
                state[name] = _fit(inits[key], tensor.shape)
                used.add(key)
                break
    for name, tensor in params.items():
        if name in state and state[name] is not None:
            continue
        scope = _scope(prefix + name)
        found = None
        for node in graph.node:
            if not node.name.startswith(scope) or "/" in node.name[len(scope):]:
                continue
            for x in node.input:
                if x in inits and x not in used:
                    value = inits[x]
                    if node.op_type == "MatMul" and value.ndim == 2:
                        value = value.T  # x @ W^T: the exporter stores the transposed Linear weight
                    fitted = _fit(value, tensor.shape)
                    if fitted is not None:
                        found = (x, fitted)
                        break
            if found:
                break
        if found is None:
            raise ValueError(f"{onnx_file}: no weights found for parameter {name} {tuple(tensor.shape)}")
        used.add(found[0])
        state[name] = found[1]
    module.load_state_dict({k: torch.from_numpy(np.array(v, dtype=np.float32)) for k, v in state.items()})
    return module


def load_package(package):
    """(dit, text_encoder) in eval mode, fp32, with the package's weights; verified against test_vectors/."""
    pkg = Path(package)
    model_cfg = json.loads((pkg / "transformer" / "config.json").read_text())
    text_cfg = json.loads((pkg / "text_encoder" / "config.json").read_text())
    cfg = merge(DEFAULTS, {"model": model_cfg, "text": text_cfg})
    dit, text = build_models(cfg, text_cfg["vocab_size"])
    _load(text, pkg / "text_encoder" / "model.onnx", "")
    _load(dit, pkg / "transformer" / "model.onnx", "dit.")
    index = json.loads((pkg / "model_index.json").read_text())
    if index.get("atelier", {}).get("weights_storage") == "float16":
        from ..export import round_to_fp16
        round_to_fp16(dit)  # the fixed tables (position embedding) were exported as float16 values too
    dit.eval()
    text.eval()
    verify(pkg, dit, text)
    return dit, text, cfg


def verify(pkg, dit, text, tolerance=1e-3):
    from ..export import FlowVelocity
    tv = pkg / "test_vectors"
    ids = torch.from_numpy(np.load(tv / "text_encoder_input_ids.npy"))
    expected_hidden = np.load(tv / "text_encoder_last_hidden_state.npy")
    with torch.inference_mode():
        hidden = text(ids)
        err = float(np.abs(hidden.numpy() - expected_hidden).max())
        if err > tolerance:
            raise ValueError(f"{pkg}: text encoder rebuilt from ONNX differs from test_vectors by {err}")
        out = FlowVelocity(dit)(torch.from_numpy(np.load(tv / "transformer_sample.npy")),
                                torch.from_numpy(np.load(tv / "transformer_timestep.npy")),
                                torch.from_numpy(expected_hidden))
        err = float(np.abs(out.numpy() - np.load(tv / "transformer_out_sample.npy")).max())
        if err > tolerance:
            raise ValueError(f"{pkg}: transformer rebuilt from ONNX differs from test_vectors by {err}")
