"""Training configurations (YAML files in training/configs/) and the models they describe."""
import copy
from pathlib import Path

import yaml

from .dit import DiT
from .text_encoder import TextEncoder
from .unet import UNet

CONFIG_DIR = Path(__file__).resolve().parents[1] / "configs"

DEFAULTS = {
    "model": {"dim": 320, "depth": 7, "heads": 5, "mlp_ratio": 3.0, "bottleneck": 128, "patch": 16, "image_size": 256},
    # embed_std 1.0 (with zero-initialised residual branches) and weight decay keep the caption's tokens from
    # drowning in the residual stream; the shipped atelier-image-1 was trained with 0.02 and 0 (release-v1.yaml).
    "text": {"dim": 256, "depth": 4, "heads": 4, "mlp_ratio": 2.0, "max_length": 48, "vocab_size": 8192,
             "embed_std": 1.0, "weight_decay": 0.1},
    "train": {"batch": 256, "lr": 6e-4, "warmup_steps": 300, "cooldown": 0.2, "weight_decay": 0.0,
              "betas": [0.9, 0.99], "grad_clip": 1.0, "ema_decay": 0.999, "caption_dropout": 0.1,
              "sigma_mean": 1.0, "sigma_std": 1.2, "max_steps": 100000, "budget_s": 0,
              "checkpoint_every_s": 120, "log_every": 50, "seed": 0, "precision": "bf16", "text_fp32": True,
              "compile": False, "tokenizer_captions": 200000, "workers": 0},
    "sample": {"steps": 8, "shift": 3.0, "guidance": 4.0},
    # groups / styles: train on the concepts of these emojibase groups / the sprites of these styles only
    # (None: all), for a model trained on little compute (configs/cpu*.yaml); weights: share of each composition
    # category (None: data.compose.WEIGHTS); concepts: only the concepts with these English labels ("dog face")
    "data": {"groups": None, "styles": None, "weights": None, "concepts": None},
    # a retrieval model (atelier-image-2): slots > 0 references per image through refs.RefEncoder, an alpha
    # channel (model.channels 4), and the dropout that teaches text-only, reference-only and unconditional
    # generation (drop_refs: references blanked, drop_both: caption and references; caption_dropout: caption only)
    "refs": {"slots": 0, "size": 64, "patch": 8, "depth": 2, "heads": 4, "mlp_ratio": 2.0,
             "drop_refs": 0.12, "drop_both": 0.08},
}


def merge(base, override):
    out = copy.deepcopy(base)
    for k, v in (override or {}).items():
        out[k] = merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def load_config(name_or_path, overrides=None):
    path = Path(name_or_path)
    if not path.exists():
        path = CONFIG_DIR / f"{name_or_path}.yaml"
    if not path.exists():
        names = sorted(p.stem for p in CONFIG_DIR.glob("*.yaml"))
        raise ValueError(f"no config {name_or_path!r}; known: {names}")
    cfg = merge(DEFAULTS, yaml.safe_load(path.read_text()) or {})
    cfg["name"] = path.stem
    return merge(cfg, overrides)


def build_models(cfg, vocab_size):
    t, m = cfg["text"], cfg["model"]
    text = TextEncoder(vocab_size, t["max_length"], t["dim"], t["depth"], t["heads"], t["mlp_ratio"],
                       t.get("embed_std", 0.02))
    arch = m.get("arch", "dit")
    if arch not in ("dit", "unet"):
        raise ValueError(f"model.arch must be 'dit' or 'unet', got {arch!r}")
    if arch == "unet":  # the denoiser stays named "dit" in checkpoints and code paths
        unet = UNet(image_size=m["image_size"], fold=m["fold"], base=m["base"], mults=tuple(m["mults"]),
                    blocks=m["blocks"], attn_levels=tuple(m["attn_levels"]), heads=m["heads"], text_dim=t["dim"])
        return unet, text
    r = cfg["refs"]
    slots = r["slots"]
    dit = DiT(image_size=m["image_size"], patch=m["patch"], channels=m.get("channels", 3), dim=m["dim"],
              depth=m["depth"], heads=m["heads"], mlp_ratio=m["mlp_ratio"], text_dim=t["dim"],
              bottleneck=m["bottleneck"], text_len=t["max_length"] if slots else None, ref_slots=slots,
              ref_tokens=(r["size"] // r["patch"]) ** 2 if slots else 0, draft_channels=m.get("draft_channels", 0))
    return dit, text


def build_ref_encoder(cfg):
    """The reference encoder of a retrieval model (refs.slots > 0), else None."""
    from .refs import RefEncoder
    r = cfg["refs"]
    if not r["slots"]:
        return None
    return RefEncoder(size=r["size"], patch=r["patch"], dim=cfg["text"]["dim"], depth=r["depth"], heads=r["heads"],
                      mlp_ratio=r["mlp_ratio"])
