"""Export a retrieval model's checkpoint (atelier-image-2's family) as an Atelier model package.

  python -m atelier_train.export_ref --checkpoint DIR --tokenizer DIR --out models/atelier-image-2
         [--upsampler DIR] [--library DIR] [--steps 6] [--guidance 3] [--shift 2] [--card MODEL_CARD.md] [--fp32]

Writes model_index.json (`_class_name` AtelierRetrievalPipeline), tokenizer/, text_encoder/model.onnx,
reference_encoder/model.onnx, transformer/model.onnx, upsampler/model.onnx (the learned x2 upsampler of
atelier_train.upsample, or a bicubic one without --upsampler), scheduler/, the reference library (copied from
--library, built by atelier_train.library) and test_vectors/ that the engine must reproduce. Weights are
stored as float16 behind Casts, as export.py does (docs/model-package.md, "Weight storage").
"""
import argparse
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import torch

from .data.captions import ENGINE_TRANSPARENT_SUFFIX
from .export import (FlowVelocity, TEST_PROMPTS, export_onnx, load_ema_modules, round_to_fp16, scheduler_config,
                     store_fp16)
from .dit import count_params
from .int8 import round_to_int8, store_int8
from .flow import velocity_from_x0
from .layers import set_fused_attention
from .tokenizer.bpe import ClipBPE
from .upsample import Upsampler, load as load_upsampler

CLASS_NAME = "AtelierRetrievalPipeline"


class DraftFlowVelocity(torch.nn.Module):
    """The transformer of a model with draft channels: (sample, timestep, states, draft) -> velocity."""

    def __init__(self, dit):
        super().__init__()
        self.dit = dit

    def forward(self, sample, timestep, encoder_hidden_states, draft):
        x0_hat = self.dit(sample, timestep, encoder_hidden_states, draft)
        return velocity_from_x0(sample, x0_hat, timestep / 1000.0)


def model_index(cfg, header, steps, guidance, modules, upsampler_note, storage, name):
    r, m = cfg["refs"], cfg["model"]
    prior = header["info"].get("prior", {"steps": 0, "images_seen": 0})
    native = m["image_size"]
    return {
        "_class_name": CLASS_NAME,
        "_atelier_version": "2",
        "tokenizer": ["atelier", "CLIPTokenizer"],
        "text_encoder": ["atelier", "OnnxRuntimeModel"],
        "reference_encoder": ["atelier", "OnnxRuntimeModel"],
        "transformer": ["atelier", "OnnxRuntimeModel"],
        "upsampler": ["atelier", "OnnxRuntimeModel"],
        "scheduler": ["diffusers", "FlowMatchEulerDiscreteScheduler"],
        "atelier": {
            "name": name,
            "sample_size": native * 2,
            "native_size": native,
            "channels": m.get("channels", 4),
            "sizes": [[native * 2, native * 2]],
            "default_steps": steps,
            "default_guidance": guidance,
            "max_text_length": cfg["text"]["max_length"],
            "prediction": "x0 inside the graph; transformer output is the flow velocity noise - data",
            "references": {"slots": r["slots"], "size": r["size"], "tokens": (r["size"] // r["patch"]) ** 2,
                           "encoding": "premultiplied RGB and alpha mapped to [-1, 1]; an empty slot is all -1",
                           "context": "encoder_hidden_states = text states followed by each slot's tokens"},
            "draft": ({"channels": m["draft_channels"], "size": native,
                       "encoding": "the plan's sprites (64 px library sprites, bilinear) composed 'over' a "
                                   "transparent canvas: premultiplied RGB and alpha mapped to [-1, 1]; no draft is "
                                   "all -1", "planner": "docs/model-package.md, Layout planner",
                       "guide_steps": int(cfg["sample"].get("draft_steps", 0))}
                      if m.get("draft_channels") else None),
            "alpha": {"channel": 3, "colour": "composed over white",
                      "transparent_suffix": ENGINE_TRANSPARENT_SUFFIX},
            "upsampler": upsampler_note,
            "library": "library/library.json",
            "dit_params": count_params(modules["dit"]), "text_params": count_params(modules["text"]),
            "reference_params": count_params(modules["refs"]),
            "trained_steps": header["step"] + prior["steps"],
            "images_seen": header["info"].get("images_seen", 0) + prior["images_seen"],
            "weights_storage": storage,
        },
    }


def export_package(checkpoint_dir, tokenizer_dir, out_dir, upsampler_dir=None, library_dir=None, steps=None,
                   guidance=None, shift=None, card=None, seed=0, fp16=True, name="atelier-image-2", int8=False):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    modules, cfg, header = load_ema_modules(checkpoint_dir)
    if "refs" not in modules:
        raise ValueError(f"{checkpoint_dir} is not a retrieval model (refs.slots is 0); use atelier_train.export")
    up = load_upsampler(upsampler_dir) if upsampler_dir else Upsampler(channels=cfg["model"].get("channels", 4))
    up_note = ("learned x2 (atelier_train.upsample): bicubic plus a convolutional residual" if upsampler_dir
               else "bicubic x2 (an untrained upsampler)")
    for module in (*modules.values(), up):
        if fp16 or int8:
            round_to_fp16(module)
        if int8:
            round_to_int8(module)
        set_fused_attention(module, False)
        module.eval()
    dit, text, refenc = modules["dit"], modules["text"], modules["refs"]
    s = cfg["sample"]
    steps, guidance, shift = steps or s["steps"], guidance or s["guidance"], shift or s["shift"]
    L, size, ch = cfg["text"]["max_length"], cfg["model"]["image_size"], cfg["model"].get("channels", 4)
    rs = cfg["refs"]["size"]

    (out / "tokenizer").mkdir(exist_ok=True)
    for fname in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(Path(tokenizer_dir) / fname, out / "tokenizer" / fname)
    tok = ClipBPE.from_file(out / "tokenizer" / "tokenizer.json", max_length=L)
    cfg_path = out / "tokenizer" / "tokenizer_config.json"
    tcfg = json.loads(cfg_path.read_text())
    tcfg["model_max_length"] = L
    cfg_path.write_text(json.dumps(tcfg, indent=2) + "\n")

    g = torch.Generator().manual_seed(seed)
    ids = torch.tensor([tok.encode(p, L) for p in TEST_PROMPTS], dtype=torch.long)
    reference = torch.rand(2, 4, rs, rs, generator=g) * 2 - 1
    reference[1] = -1.0  # an empty slot
    sample = torch.randn(2, ch, size, size, generator=g)
    timestep = torch.tensor([880.0, 337.0])
    with torch.no_grad():
        states = text(ids)
        ref_tokens = refenc(reference)
        context = torch.cat([states, ref_tokens[None, 0].expand(2, -1, -1), ref_tokens[None, 1].expand(2, -1, -1)], 1)
        has_draft = bool(cfg["model"].get("draft_channels"))
        draft = torch.rand(2, 4, size, size, generator=g) * 2 - 1
        draft[1] = -1.0  # no draft
        velocity = (DraftFlowVelocity(dit) if has_draft else FlowVelocity(dit)).eval()
        targs = (sample, timestep, context, draft) if has_draft else (sample, timestep, context)
        v = velocity(*targs)
        image = sample[:1].clamp(-1, 1)
        upsampled = up(image)
    batch = {0: "batch"}
    export_onnx(text, (ids,), out / "text_encoder" / "model.onnx", ["input_ids"], ["last_hidden_state"],
                {"input_ids": {0: "batch", 1: "sequence"}, "last_hidden_state": {0: "batch", 1: "sequence"}})
    export_onnx(refenc, (reference,), out / "reference_encoder" / "model.onnx", ["reference"], ["reference_tokens"],
                {"reference": batch, "reference_tokens": batch})
    names = ["sample", "timestep", "encoder_hidden_states"] + (["draft"] if has_draft else [])
    export_onnx(velocity, targs, out / "transformer" / "model.onnx", names, ["out_sample"],
                {**{n: batch for n in names}, "out_sample": batch})
    export_onnx(up, (image,), out / "upsampler" / "model.onnx", ["image"], ["upsampled"],
                {"image": batch, "upsampled": batch})
    for part in ("text_encoder", "reference_encoder", "transformer", "upsampler"):
        if int8:
            store_int8(out / part / "model.onnx")
        if fp16 or int8:  # what int8 leaves in float32 (biases, norms, small tables) as float16
            store_fp16(out / part / "model.onnx")
    (out / "scheduler").mkdir(exist_ok=True)
    (out / "scheduler" / "scheduler_config.json").write_text(json.dumps(scheduler_config(shift), indent=2) + "\n")
    index = model_index(cfg, header, steps, guidance, modules, up_note, "int8" if int8 else "float16" if fp16 else
                        "float32", name)
    (out / "model_index.json").write_text(json.dumps(index, indent=2) + "\n")
    for part, c in (("transformer", cfg["model"]), ("text_encoder", cfg["text"]), ("reference_encoder", cfg["refs"])):
        (out / part / "config.json").write_text(json.dumps(c, indent=2) + "\n")
    if library_dir:
        if (out / "library").exists():
            shutil.rmtree(out / "library")
        shutil.copytree(library_dir, out / "library", ignore=shutil.ignore_patterns("user"))

    tv = out / "test_vectors"
    if tv.exists():
        shutil.rmtree(tv)
    tv.mkdir()
    for fname, arr in (("text_encoder_input_ids", ids), ("text_encoder_last_hidden_state", states),
                       ("reference_encoder_reference", reference), ("reference_encoder_reference_tokens", ref_tokens),
                       ("transformer_sample", sample), ("transformer_timestep", timestep),
                       ("transformer_encoder_hidden_states", context), ("transformer_out_sample", v),
                       *((("transformer_draft", draft),) if has_draft else ()),
                       ("upsampler_image", image), ("upsampler_upsampled", upsampled)):
        np.save(tv / f"{fname}.npy", arr.numpy())
    (tv / "README.md").write_text(
        "Test vectors written by `atelier_train.export_ref` with PyTorch (fp32, EMA weights rounded to fp16).\n\n"
        f"- text_encoder: `input_ids` int64 [2, {L}] (prompts {TEST_PROMPTS!r}) -> `last_hidden_state`.\n"
        f"- reference_encoder: `reference` float32 [2, 4, {rs}, {rs}] (row 1 an empty slot, all -1) -> "
        "`reference_tokens`.\n"
        f"- transformer: `sample` [2, {ch}, {size}, {size}], `timestep` [2], `encoder_hidden_states` = text states "
        "followed by the tokens of reference 0 and reference 1"
        + (", `draft` [2, 4, H, W] (row 1 no draft, all -1)" if has_draft else "") + " -> `out_sample` (velocity).\n"
        f"- upsampler: `image` [1, {ch}, {size}, {size}] (row 0 of the sample, clamped) -> `upsampled`.\n\n"
        "ONNX Runtime should match every output to 1e-3 (max absolute difference).\n")
    if card and Path(card).resolve() != (out / "MODEL_CARD.md").resolve():
        shutil.copy(card, out / "MODEL_CARD.md")
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--upsampler", help="folder of atelier_train.upsample's upsampler.pt and upsampler.json")
    ap.add_argument("--library", help="library folder built by atelier_train.library")
    ap.add_argument("--steps", type=int)
    ap.add_argument("--guidance", type=float)
    ap.add_argument("--shift", type=float)
    ap.add_argument("--card")
    ap.add_argument("--name", default="atelier-image-2")
    ap.add_argument("--fp32", action="store_true", help="store the weights as float32 (twice the size)")
    ap.add_argument("--int8", action="store_true",
                    help="store large weights as int8 with per-row scales (half the size of float16)")
    a = ap.parse_args(argv)
    try:
        out = export_package(a.checkpoint, a.tokenizer, a.out, a.upsampler, a.library, a.steps, a.guidance, a.shift,
                             a.card, fp16=not a.fp32, name=a.name, int8=a.int8)
    except (ValueError, FileNotFoundError) as e:
        ap.error(str(e))
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"exported {out} ({total / 2**20:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
