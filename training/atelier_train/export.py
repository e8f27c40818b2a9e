"""Export a trained checkpoint's EMA weights as an Atelier model package (docs/model-package.md).

  python -m atelier_train.export --checkpoint DIR --tokenizer DIR --out models/atelier-image-1
         [--steps 8] [--guidance 4.0] [--shift 3.0] [--card MODEL_CARD.md] [--fp32] [--upscale 2]

Writes model_index.json, tokenizer/, text_encoder/model.onnx, transformer/model.onnx,
scheduler/scheduler_config.json and test_vectors/ (inputs and PyTorch outputs the engine must reproduce).
With `--upscale N` (N > 1) it also writes vae_decoder/model.onnx, a fixed bicubic N-times upscaler with no
weights, so that a model trained on a small canvas delivers N-times larger images (vae_scale_factor N).
ONNX opset 17 through the TorchScript exporter; attention is plain matmul + softmax in the graph.

Weights are stored as float16 (half the size; `--fp32` keeps float32): the EMA weights are first rounded to
float16 values, then every large float32 initializer of the graph is stored as float16 behind a Cast to
float32, so the graph still computes in float32 (ONNX Runtime folds the casts when it loads the model) and
the test vectors, computed from the rounded weights, hold exactly.
"""
import argparse
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

from . import checkpoint as ckpt
from .config import build_models, build_ref_encoder, merge, DEFAULTS
from .data.captions import vocabulary_names
from .dit import count_params
from .flow import velocity_from_x0
from .layers import set_fused_attention
from .tokenizer.bpe import ClipBPE

OPSET = 17
TEST_PROMPTS = ["", "a dog"]
FP16_MIN_ELEMENTS = 256  # smaller initializers (norm scales, biases, shapes) stay float32


def round_to_fp16(module):
    """Round a module's float32 parameters and buffers to the nearest float16 values (kept as float32)."""
    with torch.no_grad():
        for t in list(module.parameters()) + list(module.buffers()):
            if t.dtype == torch.float32:
                t.copy_(t.half().float())
    return module


def store_fp16(path, min_elements=FP16_MIN_ELEMENTS):
    """Rewrite an ONNX file so that its float32 initializers of at least min_elements values are stored as
    float16, each behind a Cast back to float32 under the original name at the start of the graph (the scales
    of int8 weights, int8.store_int8, stay float32)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    model = onnx.load(str(path))
    graph = model.graph
    inputs = {i.name for i in graph.input}
    kept, casts = [], []
    for init in graph.initializer:
        if init.data_type == TensorProto.FLOAT and init.name not in inputs and \
                int(np.prod(init.dims)) >= min_elements and not init.name.endswith("_scale"):
            half = numpy_helper.from_array(numpy_helper.to_array(init).astype(np.float16), init.name + "_fp16")
            kept.append(half)
            casts.append(helper.make_node("Cast", [half.name], [init.name], name=init.name + "_cast",
                                          to=TensorProto.FLOAT))
        else:
            kept.append(init)
    nodes = casts + list(graph.node)
    del graph.initializer[:]
    graph.initializer.extend(kept)
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return len(casts)


class FlowVelocity(nn.Module):
    """The engine's transformer: (sample, timestep = sigma*1000, text states) -> velocity noise - data."""

    def __init__(self, dit):
        super().__init__()
        self.dit = dit

    def forward(self, sample, timestep, encoder_hidden_states):
        x0_hat = self.dit(sample, timestep, encoder_hidden_states)
        return velocity_from_x0(sample, x0_hat, timestep / 1000.0)


class Upscale(nn.Module):
    """The decoder of a pixel-space model trained small: bicubic (a = -0.75, half-pixel centres) by an integer
    factor, clamped to the image range [-1, 1]."""

    def __init__(self, factor):
        super().__init__()
        self.factor = int(factor)

    def forward(self, latent_sample):
        up = nn.functional.interpolate(latent_sample, scale_factor=self.factor, mode="bicubic", align_corners=False)
        return up.clamp(-1.0, 1.0)


def load_ema(checkpoint_dir):
    m, cfg, header = load_ema_modules(checkpoint_dir)
    return m["dit"], m["text"], cfg, header


def load_ema_modules(checkpoint_dir):
    """The EMA networks of a checkpoint: {"dit", "text"} and, for a retrieval model, "refs"; config; header."""
    header = json.loads((Path(checkpoint_dir) / "checkpoint.json").read_text())
    cfg = merge(DEFAULTS, header["config"])
    tensors = ckpt.read_group(checkpoint_dir, "ema")
    vocab_size = tensors["text.token.weight"].shape[0]
    dit, text = build_models(cfg, vocab_size)
    modules = {"dit": dit, "text": text}
    refs = build_ref_encoder(cfg)
    if refs is not None:
        modules["refs"] = refs
    ckpt.load_modules(modules, {k: v.float() for k, v in tensors.items()})
    for m in modules.values():
        m.eval().float()
    return modules, cfg, header


def scheduler_config(shift):
    return {"_class_name": "FlowMatchEulerDiscreteScheduler", "num_train_timesteps": 1000, "shift": shift,
            "use_dynamic_shifting": False, "base_shift": 0.5, "max_shift": 1.15, "base_image_seq_len": 256,
            "max_image_seq_len": 4096, "invert_sigmas": False, "shift_terminal": None,
            "use_karras_sigmas": False, "use_exponential_sigmas": False, "use_beta_sigmas": False,
            "time_shift_type": "exponential", "stochastic_sampling": False}


def package_info(cfg, header, dit, text, fp16):
    """What model_index.json says about the training: sizes, steps and images over chained runs, weight
    storage, and the styles / emoji vocabulary (labels and the words prompts use for them) of a model trained on
    some only."""
    prior = header["info"].get("prior", {"steps": 0, "images_seen": 0})
    info = {"dit_params": count_params(dit), "text_params": count_params(text),
            "trained_steps": header["step"] + prior["steps"],
            "images_seen": header["info"].get("images_seen", 0) + prior["images_seen"],
            "weights_storage": "float16" if fp16 else "float32"}
    data = cfg.get("data", {})
    if data.get("styles"):
        info["trained_styles"] = list(data["styles"])
    if data.get("concepts"):  # the emoji a vocabulary model was trained on (its model card lists them too)
        # as the trainer recorded it (with the short labels its captions used), else label and plural
        info["vocabulary"] = header["info"].get("vocabulary") or \
            [{"label": c, "names": vocabulary_names(c)} for c in data["concepts"]]
    return info


def model_index(cfg, steps, guidance, info, upscale=1):
    native = cfg["model"]["image_size"]
    size = native * upscale
    index = {
        "_class_name": "AtelierFlowPipeline",
        "_atelier_version": "1",
        "tokenizer": ["atelier", "CLIPTokenizer"],
        "text_encoder": ["atelier", "OnnxRuntimeModel"],
        "transformer": ["atelier", "OnnxRuntimeModel"],
        "scheduler": ["diffusers", "FlowMatchEulerDiscreteScheduler"],
        "atelier": {
            "name": "atelier-image-1",
            "sample_size": size,
            "latent_channels": 3,
            "vae_scale_factor": upscale,
            "default_steps": steps,
            "default_guidance": guidance,
            "sizes": [[size, size]],
            "max_text_length": cfg["text"]["max_length"],
            "prediction": "x0 inside the graph; transformer output is the flow velocity noise - data",
            **info,
        },
    }
    if upscale > 1:
        index["vae_decoder"] = ["atelier", "OnnxRuntimeModel"]
        index["atelier"]["latent_scaling"] = 1.0
        index["atelier"]["native_size"] = native
        index["atelier"]["decoder"] = f"fixed bicubic upscale x{upscale}, no weights"
    return index


def export_onnx(module, args, path, input_names, output_names, dynamic_axes):
    path.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(module, args, str(path), opset_version=OPSET, input_names=input_names,
                          output_names=output_names, dynamic_axes=dynamic_axes, do_constant_folding=True)


def export_package(checkpoint_dir, tokenizer_dir, out_dir, steps=None, guidance=None, shift=None, card=None,
                   seed=0, fp16=True, upscale=1):
    if upscale < 1:
        raise ValueError(f"--upscale must be a whole number >= 1, got {upscale}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    dit, text, cfg, header = load_ema(checkpoint_dir)
    if fp16:
        round_to_fp16(dit)
        round_to_fp16(text)
    set_fused_attention(dit, False)
    set_fused_attention(text, False)
    s = cfg["sample"]
    steps, guidance, shift = steps or s["steps"], guidance or s["guidance"], shift or s["shift"]
    L, size = cfg["text"]["max_length"], cfg["model"]["image_size"]

    (out / "tokenizer").mkdir(exist_ok=True)
    for name in ("tokenizer.json", "tokenizer_config.json"):  # vocab.json + merges.txt would only repeat them
        shutil.copy(Path(tokenizer_dir) / name, out / "tokenizer" / name)
    tok = ClipBPE.from_file(out / "tokenizer" / "tokenizer.json", max_length=L)
    cfg_path = out / "tokenizer" / "tokenizer_config.json"
    tcfg = json.loads(cfg_path.read_text())
    tcfg["model_max_length"] = L
    cfg_path.write_text(json.dumps(tcfg, indent=2) + "\n")

    ids = torch.tensor([tok.encode(p, L) for p in TEST_PROMPTS], dtype=torch.long)  # [2, L]
    export_onnx(text, (ids,), out / "text_encoder" / "model.onnx", ["input_ids"], ["last_hidden_state"],
                {"input_ids": {0: "batch", 1: "sequence"}, "last_hidden_state": {0: "batch", 1: "sequence"}})
    velocity = FlowVelocity(dit).eval()
    g = torch.Generator().manual_seed(seed)
    sample = torch.randn(2, 3, size, size, generator=g)
    timestep = torch.tensor([880.0, 337.0])
    with torch.no_grad():
        states = text(ids)
        v = velocity(sample, timestep, states)
    export_onnx(velocity, (sample, timestep, states), out / "transformer" / "model.onnx",
                ["sample", "timestep", "encoder_hidden_states"], ["out_sample"],
                {"sample": {0: "batch"}, "timestep": {0: "batch"}, "encoder_hidden_states": {0: "batch"},
                 "out_sample": {0: "batch"}})
    if upscale > 1:
        latent = sample[:1].clamp(-1, 1)
        with torch.no_grad():
            decoded = Upscale(upscale)(latent)
        export_onnx(Upscale(upscale), (latent,), out / "vae_decoder" / "model.onnx", ["latent_sample"], ["sample"],
                    {"latent_sample": {0: "batch"}, "sample": {0: "batch"}})
    elif (out / "vae_decoder").exists():
        shutil.rmtree(out / "vae_decoder")  # a re-export without --upscale into an upscaled package
    if fp16:
        for part in ("text_encoder", "transformer"):
            store_fp16(out / part / "model.onnx")

    (out / "scheduler").mkdir(exist_ok=True)
    (out / "scheduler" / "scheduler_config.json").write_text(json.dumps(scheduler_config(shift), indent=2) + "\n")
    info = package_info(cfg, header, dit, text, fp16)
    index = model_index(cfg, steps, guidance, info, upscale)
    (out / "model_index.json").write_text(json.dumps(index, indent=2) + "\n")
    (out / "transformer" / "config.json").write_text(json.dumps(cfg["model"], indent=2) + "\n")
    (out / "text_encoder" / "config.json").write_text(json.dumps(cfg["text"], indent=2) + "\n")

    tv = out / "test_vectors"
    tv.mkdir(exist_ok=True)
    np.save(tv / "text_encoder_input_ids.npy", ids.numpy())
    np.save(tv / "text_encoder_last_hidden_state.npy", states.numpy())
    np.save(tv / "transformer_sample.npy", sample.numpy())
    np.save(tv / "transformer_timestep.npy", timestep.numpy())
    np.save(tv / "transformer_out_sample.npy", v.numpy())
    for stale in ("vae_decoder_latent_sample.npy", "vae_decoder_sample.npy"):
        (tv / stale).unlink(missing_ok=True)
    decoder_note = ""
    if upscale > 1:
        np.save(tv / "vae_decoder_latent_sample.npy", latent.numpy())
        np.save(tv / "vae_decoder_sample.npy", decoded.numpy())
        big = size * upscale
        decoder_note = (f"- `vae_decoder_latent_sample.npy` float32 [1, 3, {size}, {size}] (row 0 of the sample, "
                        f"clamped) -> `vae_decoder_sample.npy` float32 [1, 3, {big}, {big}].\n")
    (tv / "README.md").write_text(
        "Test vectors written by `atelier_train.export` with PyTorch (fp32, EMA weights).\n\n"
        f"- `text_encoder_input_ids.npy` int64 [2, {L}]: the prompts {TEST_PROMPTS!r}, tokenized and padded.\n"
        f"- `text_encoder_last_hidden_state.npy` float32 [2, {L}, {cfg['text']['dim']}]: text_encoder output.\n"
        f"- `transformer_sample.npy` float32 [2, 3, {size}, {size}], `transformer_timestep.npy` float32 [2], with\n"
        "  `encoder_hidden_states` = the text encoder output above -> `transformer_out_sample.npy`.\n"
        + decoder_note + "\n"
        "ONNX Runtime should match every output to 1e-3 (max absolute difference).\n")
    if card and Path(card).resolve() != (out / "MODEL_CARD.md").resolve():  # re-export into the same package
        shutil.copy(card, out / "MODEL_CARD.md")
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int)
    ap.add_argument("--guidance", type=float)
    ap.add_argument("--shift", type=float)
    ap.add_argument("--card")
    ap.add_argument("--fp32", action="store_true", help="store the weights as float32 (twice the size)")
    ap.add_argument("--upscale", type=int, default=1,
                    help="add a fixed bicubic decoder that delivers images this many times the trained size")
    a = ap.parse_args(argv)
    if a.upscale < 1:
        ap.error(f"--upscale must be a whole number >= 1, got {a.upscale}")
    out = export_package(a.checkpoint, a.tokenizer, a.out, a.steps, a.guidance, a.shift, a.card, fp16=not a.fp32,
                         upscale=a.upscale)
    total = sum(p.stat().st_size for p in out.rglob("*.onnx"))
    print(f"exported {out} ({total / 2**20:.1f} MiB of ONNX)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
