"""Checkpoints as numpy `.npz` shards plus a JSON header, readable by any PyTorch (1.13 reads what 2.x wrote).

A checkpoint folder holds `checkpoint.json` (step, config, what each shard holds) and shards
`<group>-NN.npz` of at most `SHARD_BYTES` each. Groups: `ema`, `model`, `optim` (Adam moments) and `rng`.
"""
import io
import json
import os
from pathlib import Path

import numpy as np
import torch

SHARD_BYTES = 15 * 1024 * 1024


def _to_numpy(t, dtype):
    t = t.detach().to("cpu")
    if dtype is not None and t.is_floating_point():
        t = t.to(dtype)
    if t.dtype == torch.bfloat16:
        t = t.float()
    return t.numpy()


def write_group(folder, group, tensors, dtype=None):
    """Write {name: tensor} as shards `group-NN.npz`; returns the shard file names."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{group}-*.npz"):
        old.unlink()
    shards, current, size = [], {}, 0
    for name, t in tensors.items():
        arr = _to_numpy(t, dtype)
        if current and size + arr.nbytes > SHARD_BYTES:
            shards.append(current)
            current, size = {}, 0
        current[name] = arr
        size += arr.nbytes
    if current:
        shards.append(current)
    names = []
    for i, shard in enumerate(shards):
        name = f"{group}-{i:02d}.npz"
        tmp = folder / (name + ".tmp")
        with open(tmp, "wb") as f:
            np.savez(f, **shard)
        os.replace(tmp, folder / name)
        names.append(name)
    return names


def read_group(folder, group):
    out = {}
    for path in sorted(Path(folder).glob(f"{group}-*.npz")):
        with np.load(path) as z:
            for k in z.files:
                out[k] = torch.from_numpy(z[k].copy())
    return out


def model_tensors(modules):
    """Flatten {'dit': module, 'text': module} state dicts into one {'dit.x.y': tensor} map."""
    return {f"{p}.{k}": v for p, m in modules.items() for k, v in m.state_dict().items()}


def load_modules(modules, tensors, strict=True):
    for prefix, module in modules.items():
        sub = {k[len(prefix) + 1:]: v for k, v in tensors.items() if k.startswith(prefix + ".")}
        ref = module.state_dict()
        sub = {k: v.to(ref[k].dtype) if k in ref else v for k, v in sub.items()}
        module.load_state_dict(sub, strict=strict)


def _rng_state(extra):
    import random
    state = {"torch_cpu": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["torch_cuda"] = torch.cuda.get_rng_state()
    buf = io.BytesIO()
    np.save(buf, np.frombuffer(json.dumps({"python": random.getstate(), "extra": extra}).encode(), np.uint8))
    state["py_json"] = torch.from_numpy(np.frombuffer(buf.getvalue(), np.uint8).copy())
    return state


def save_checkpoint(folder, step, config, modules, ema_modules, optimizer=None, extra_rng=None, info=None,
                    ema_dtype=None, with_model=True):
    """Write a checkpoint; `optimizer=None` writes a weights-only one (EMA, optionally the raw model)."""
    folder = Path(folder)
    header = {"step": step, "config": config, "info": info or {}, "groups": {}}
    header["groups"]["ema"] = write_group(folder, "ema", model_tensors(ema_modules), ema_dtype)
    if with_model:
        header["groups"]["model"] = write_group(folder, "model", model_tensors(modules), ema_dtype)
    if optimizer is not None:
        names = {id(p): n for n, p in _named_params(modules)}
        optim = {}
        for p, st in optimizer.state.items():
            for k, v in st.items():
                optim[f"{names[id(p)]}|{k}"] = v if torch.is_tensor(v) else torch.tensor(v)
        header["groups"]["optim"] = write_group(folder, "optim", optim)
        header["groups"]["rng"] = write_group(folder, "rng", _rng_state(extra_rng))
    tmp = folder / "checkpoint.json.tmp"
    tmp.write_text(json.dumps(header, indent=1))
    os.replace(tmp, folder / "checkpoint.json")


def _named_params(modules):
    for prefix, m in modules.items():
        for n, p in m.named_parameters():
            yield f"{prefix}.{n}", p


def load_checkpoint(folder, modules=None, ema_modules=None, optimizer=None, transform=None):
    """Restore what the checkpoint holds into the given objects; returns (header, extra_rng). transform, if
    given, maps the model tensors {name: tensor} before they are loaded into modules (e.g. refold.py)."""
    folder = Path(folder)
    header = json.loads((folder / "checkpoint.json").read_text())
    if ema_modules is not None:
        load_modules(ema_modules, read_group(folder, "ema"))
    if modules is not None:
        group = "model" if "model" in header["groups"] else "ema"
        tensors = read_group(folder, group)
        load_modules(modules, transform(tensors) if transform else tensors)
    extra = None
    if optimizer is not None and "optim" in header["groups"]:
        params = dict(_named_params(modules))
        for key, v in read_group(folder, "optim").items():
            name, k = key.split("|")
            p = params[name]
            on_device = k != "step" or optimizer.defaults.get("fused") or optimizer.defaults.get("capturable")
            optimizer.state[p][k] = v.to(p.device) if on_device else v
        rng = read_group(folder, "rng")
        torch.set_rng_state(rng["torch_cpu"])
        if "torch_cuda" in rng and torch.cuda.is_available():
            torch.cuda.set_rng_state(rng["torch_cuda"])
        import random
        payload = json.loads(np.load(io.BytesIO(rng["py_json"].numpy().tobytes())).tobytes().decode())
        st = payload["python"]
        random.setstate((st[0], tuple(st[1]), st[2]))
        extra = payload["extra"]
    return header, extra
