"""The trainer: one code path for PyTorch 1.13 on CPU and PyTorch 2.x on CUDA.

  python -m atelier_train.train --config tiny|cpu|release --pack PACK --out RUN_DIR [--tokenizer DIR]
         [--device cpu|cuda] [--budget-s S] [--max-steps N] [--resume] [--init CKPT] [--weights-out DIR]

RUN_DIR receives `tokenizer/`, `checkpoint/` (resumable: model, EMA, optimizer, step, RNG), `metrics.json`
and `samples.png`. `--weights-out` also writes the EMA weights (fp16 npz shards) there at every
checkpoint, for runs whose folder does not survive them (the GPU machine).
"""
import argparse
import copy
import json
import math
import os
import sys
import time
from pathlib import Path

import torch

from . import checkpoint as ckpt
from .batches import BatchStream
from .config import DEFAULTS, build_models, build_ref_encoder, load_config, merge
from .data.pack import load_pack
from .dit import count_params
from .flow import flow_loss, sample_sigmas
from .layers import set_fused_attention
from .refold import fold_patch_tensors, needs_fold
from .samples import GRID_PROMPTS, composition_grid, holdout_compositions, sample_grid
from .tokenizer.bpe import ClipBPE
from .tokenizer.corpus import train_tokenizer_for_pack


def log(msg):
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def lr_at(cfg, step, progress):
    t = cfg["train"]
    lr = t["lr"] * min(1.0, (step + 1) / max(1, t["warmup_steps"]))
    cool = t["cooldown"]
    if cool > 0 and progress > 1 - cool:
        lr *= max(0.0, (1 - progress) / cool)
    return lr


def get_tokenizer(cfg, run_dir, pack, tokenizer_dir=None):
    tdir = Path(tokenizer_dir) if tokenizer_dir else run_dir / "tokenizer"
    path = tdir / "tokenizer.json"
    if not path.exists():
        log(f"training tokenizer ({cfg['text']['vocab_size']} tokens) into {tdir}")
        train_tokenizer_for_pack(pack, cfg["text"]["vocab_size"], tdir, cfg["text"]["max_length"],
                                 n_captions=cfg["train"]["tokenizer_captions"], seed=cfg["train"]["seed"])
    tok = ClipBPE.from_file(path, max_length=cfg["text"]["max_length"])
    if tdir != run_dir / "tokenizer":
        import shutil
        shutil.copytree(tdir, run_dir / "tokenizer", dirs_exist_ok=True)
    return tok


class EMA:
    def __init__(self, modules, decay):
        self.decay = decay
        self.modules = {k: copy.deepcopy(m).float().eval().requires_grad_(False) for k, m in modules.items()}
        self.src = modules

    @torch.no_grad()
    def update(self, step):
        d = min(self.decay, (1 + step) / (10 + step))
        for k, m in self.modules.items():
            ema = [p for p in m.parameters()]
            cur = [p.detach().float() for p in self.src[k].parameters()]
            torch._foreach_mul_(ema, d)
            torch._foreach_add_(ema, cur, alpha=1 - d)


def add_draft_embedding(tensors, dit):
    """A checkpoint of a model without draft channels, for one with: the draft embedding (dit.draft_in)
    starts at zero, so the model starts as the one it continues."""
    if not hasattr(dit, "draft_in"):
        raise ValueError("cannot remove draft channels from a model")
    return {**tensors, "dit.draft_in.weight": torch.zeros_like(dit.draft_in.weight),
            "dit.draft_in.bias": torch.zeros_like(dit.draft_in.bias)}


def choose_precision(asked, dev, seconds=0.4):
    """("fp32" | "bf16", why). "auto": bf16 on a GPU; on a CPU whichever runs a transformer-sized matmul faster
    (bf16 is fast only where the CPU has bf16 matrix units such as AMX; elsewhere fp32 with a real BLAS wins)."""
    if asked in ("fp32", "bf16"):
        return asked, "as configured"
    if asked != "auto":
        raise ValueError(f"train.precision must be auto, fp32 or bf16, got {asked!r}")
    if dev.type == "cuda":
        return "bf16", "auto: GPU"
    a, b = torch.randn(512, 1024), torch.randn(1024, 1024)
    rates = {}
    for name in ("fp32", "bf16"):
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=name == "bf16"):
            (a @ b).sum()
            n, t0 = 0, time.time()
            while time.time() - t0 < seconds:
                (a @ b).sum()
                n += 1
        rates[name] = 2 * 512 * 1024 * 1024 * n / (time.time() - t0) / 1e9
    best = max(rates, key=rates.get)
    return best, "auto: matmul " + ", ".join(f"{k} {v:.0f} GFLOP/s" for k, v in rates.items())


def train(cfg, pack_path, run_dir, device="cpu", tokenizer_dir=None, resume=False, weights_out=None, grid=16,
          init=None):
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    t_cfg = cfg["train"]
    torch.manual_seed(t_cfg["seed"])
    dev = torch.device(device)
    if dev.type == "cpu":  # Debian's PyTorch starts with one thread; every core helps the CPU run
        torch.set_num_threads(os.cpu_count() or 1)
    if dev.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True

    pack = load_pack(pack_path)
    log(f"pack {pack_path}: {len(pack)} sprites of {pack.size}px, {len(pack.concepts)} concepts, styles {pack.styles}")
    if cfg["data"]["groups"]:
        log(f"concepts of the groups {cfg['data']['groups']} only")
    if cfg["data"].get("concepts"):
        log(f"{len(cfg['data']['concepts'])} concepts only: {', '.join(cfg['data']['concepts'])}")
    if cfg["data"]["styles"]:
        log(f"sprites of the styles {cfg['data']['styles']} only")
    tok = get_tokenizer(cfg, run_dir, pack, tokenizer_dir)
    vocab_size = len(tok.vocab)
    # batch producers first: worker processes are forked before CUDA is initialised in this one
    stream = BatchStream(pack, None, tok, t_cfg["batch"], cfg["text"]["max_length"], t_cfg["seed"],
                         t_cfg["caption_dropout"], canvas=cfg["model"]["image_size"],
                         groups=cfg["data"]["groups"], styles=cfg["data"]["styles"],
                         weights=cfg["data"].get("weights"), concepts=cfg["data"].get("concepts"),
                         slots=cfg["refs"]["slots"], drop_refs=cfg["refs"]["drop_refs"],
                         drop_both=cfg["refs"]["drop_both"], ref_size=cfg["refs"]["size"],
                         channels=cfg["model"].get("channels", 3), workers=t_cfg.get("workers", 0),
                         draft=bool(cfg["model"].get("draft_channels", 0)))
    dit, text = build_models(cfg, vocab_size)
    dit.to(dev)
    text.to(dev)
    modules = {"dit": dit, "text": text}
    refenc = build_ref_encoder(cfg)
    if refenc is not None:
        refenc.to(dev)
        modules["refs"] = refenc
    n_dit, n_text = count_params(dit), count_params(text)
    prior = None
    log(f"model: DiT {n_dit / 1e6:.2f}M params, text encoder {n_text / 1e6:.2f}M params, vocab {vocab_size}"
        + (f", reference encoder {count_params(refenc) / 1e6:.2f}M params, {cfg['refs']['slots']} slots"
           if refenc is not None else ""))
    if init:  # start from another run's weights (its EMA), e.g. to fine-tune with another noise distribution
        old_model = merge(DEFAULTS, json.loads((Path(init) / "checkpoint.json").read_text())["config"])["model"]
        fold = None
        if needs_fold(old_model, cfg["model"]):  # same token grid on a smaller canvas (atelier_train.refold)
            fold = lambda tensors: fold_patch_tensors(tensors, old_model["patch"], cfg["model"]["patch"])
            log(f"folding patches {old_model['patch']} -> {cfg['model']['patch']} "
                f"(canvas {old_model['image_size']} -> {cfg['model']['image_size']})")
        new_draft, old_draft = cfg["model"].get("draft_channels", 0), old_model.get("draft_channels", 0)
        if new_draft != old_draft:  # a model given draft channels: their embedding weights start at zero
            if fold:
                raise ValueError("--init cannot both refold patches and add draft channels")
            fold = lambda tensors: add_draft_embedding(tensors, dit)
            log(f"draft channels {old_draft} -> {new_draft} (the draft embedding starts at zero)")
        header = ckpt.load_checkpoint(init, modules=modules, transform=fold)[0]
        prior = header["info"].get("prior", {"steps": 0, "images_seen": 0, "train_seconds": 0})
        prior = {"steps": prior["steps"] + header["step"],
                 "images_seen": prior["images_seen"] + header["info"].get("images_seen", 0),
                 "train_seconds": round(prior["train_seconds"] + header["info"].get("elapsed_s", 0), 1)}
        log(f"initialized from {init} (step {header['step']}, {header['info'].get('images_seen')} images)")
    ema = EMA(modules, t_cfg["ema_decay"])
    params = [p for m in modules.values() for p in m.parameters()]
    opt_kwargs = dict(lr=t_cfg["lr"], betas=tuple(t_cfg["betas"]), weight_decay=t_cfg["weight_decay"])
    if dev.type == "cuda" and int(torch.__version__.split(".")[0]) >= 2:
        opt_kwargs["fused"] = True
    groups = [{"params": list(dit.parameters())},
              {"params": list(text.parameters()), "weight_decay": cfg["text"].get("weight_decay", 0.0)}]
    if refenc is not None:
        groups.append({"params": list(refenc.parameters())})
    optimizer = torch.optim.AdamW(groups, **opt_kwargs)

    sprites = pack.sprites.to(dev)
    stream.sprites = sprites

    # a vocabulary model's emoji and the words its captions use for each, recorded for the package
    vocabulary = stream.sampler.vocabulary() if cfg["data"].get("concepts") else None
    step, images_seen, elapsed_before, curve = 0, 0, 0.0, []
    ckpt_dir = run_dir / "checkpoint"
    if resume and (ckpt_dir / "checkpoint.json").exists():
        header, extra = ckpt.load_checkpoint(ckpt_dir, modules, ema.modules, optimizer)
        step = header["step"]
        info = header["info"]
        images_seen, elapsed_before, curve = info["images_seen"], info["elapsed_s"], info.get("curve", [])
        if extra:
            stream.set_rng_state(extra)
        log(f"resumed from {ckpt_dir} at step {step} ({images_seen} images)")

    forward_dit = dit
    if t_cfg["compile"] and hasattr(torch, "compile") and dev.type == "cuda":
        forward_dit = torch.compile(dit)
        log("torch.compile enabled for the DiT")
    precision, why = choose_precision(t_cfg["precision"], dev)
    log(f"precision {precision} ({why})")
    amp = precision == "bf16"
    set_fused_attention(dit, True)
    set_fused_attention(text, True)

    budget = float(t_cfg["budget_s"] or 0)
    t_start = time.time()
    last_ckpt = t_start
    window_loss, window_n, window_t0, window_img = 0.0, 0, time.time(), 0
    throughput = []
    gen = torch.Generator(device=dev)
    gen.manual_seed(t_cfg["seed"] * 1000 + step)

    def save(final=False):
        info = {"images_seen": images_seen, "elapsed_s": elapsed_before + time.time() - t_start, "curve": curve,
                "dit_params": n_dit, "text_params": n_text, "vocab_size": vocab_size}
        if prior:  # the runs this one continued (--init), summed
            info["prior"] = prior
        if vocabulary:
            info["vocabulary"] = vocabulary
        ckpt.save_checkpoint(ckpt_dir, step, cfg, modules, ema.modules, optimizer, stream.rng_state(), info)
        if weights_out:
            ckpt.save_checkpoint(weights_out, step, cfg, modules, ema.modules, None, None, info,
                                 ema_dtype=torch.float16, with_model=False)
        log(f"checkpoint at step {step}{' (final)' if final else ''}")

    def forward_backward(fwd, ids, x0, sigma, noise, references, drafts):
        # the text encoder is cheap (48 tokens) and runs in fp32: in bf16 the caption-dependent part of its
        # residual stream can drown in rounding (see models/atelier-image-1/MODEL_CARD.md)
        with torch.autocast(device_type=dev.type, dtype=torch.bfloat16, enabled=amp and not t_cfg["text_fp32"]):
            context = text(ids)
        if references is not None:
            with torch.autocast(device_type=dev.type, dtype=torch.bfloat16, enabled=amp):
                context = torch.cat([context, refenc.encode_slots(references).to(context.dtype)], dim=1)
        with torch.autocast(device_type=dev.type, dtype=torch.bfloat16, enabled=amp):
            loss = flow_loss(fwd, x0, context, sigma, noise, drafts).mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        return loss

    stop_reason = "max_steps"
    while step < t_cfg["max_steps"]:
        elapsed = time.time() - t_start
        if budget and elapsed_before + elapsed >= budget:
            stop_reason = "budget"
            break
        progress = max(step / t_cfg["max_steps"], (elapsed_before + elapsed) / budget if budget else 0.0)
        lr = lr_at(cfg, step, progress)
        for g in optimizer.param_groups:
            g["lr"] = lr
        ids, x0, _, references, drafts = stream.next(dev)
        b = x0.shape[0]
        noise = torch.randn(x0.shape, generator=gen, device=dev)
        sigma = sample_sigmas(b, t_cfg["sigma_mean"], t_cfg["sigma_std"], generator=gen, device=dev)
        try:
            loss = forward_backward(forward_dit, ids, x0, sigma, noise, references, drafts)
        except Exception as e:  # torch.compile fails at its first forward or backward; carry on eagerly
            if forward_dit is dit:
                raise
            log(f"torch.compile failed ({type(e).__name__}: {str(e)[:300]}); continuing eagerly")
            forward_dit = dit
            loss = forward_backward(forward_dit, ids, x0, sigma, noise, references, drafts)
        if t_cfg["grad_clip"]:
            torch.nn.utils.clip_grad_norm_(params, t_cfg["grad_clip"])
        optimizer.step()
        ema.update(step)
        step += 1
        images_seen += b
        window_img += b
        window_loss += loss.detach()
        window_n += 1
        if step % t_cfg["log_every"] == 0 or step == 1:
            if dev.type == "cuda":
                torch.cuda.synchronize()
            dt = time.time() - window_t0
            l = float(window_loss) / window_n
            ips = window_img / max(dt, 1e-9)
            if step > 1:
                throughput.append(ips)
            curve.append([step, images_seen, round(l, 5)])
            log(f"step {step} images {images_seen} loss {l:.4f} lr {lr:.2e} {ips:.0f} img/s "
                f"elapsed {elapsed_before + time.time() - t_start:.0f}s")
            if not math.isfinite(l):
                raise FloatingPointError(f"loss is {l} at step {step}")
            window_loss, window_n, window_t0, window_img = 0.0, 0, time.time(), 0
        if time.time() - last_ckpt > t_cfg["checkpoint_every_s"]:
            save()
            last_ckpt = time.time()
    stream.close()
    save(final=True)
    elapsed_total = elapsed_before + time.time() - t_start
    steady = sorted(throughput)[len(throughput) // 2] if throughput else 0.0
    metrics = {"config": cfg["name"], "precision": precision, "precision_choice": why, "device": torch.cuda.get_device_name(dev) if dev.type == "cuda" else "cpu",
               "torch": torch.__version__, "steps": step, "images_seen": images_seen,
               "train_seconds": round(elapsed_total, 1), "images_per_s_median": round(steady, 1),
               "images_per_s_mean": round(images_seen / max(elapsed_total, 1e-9), 1),
               "final_loss": curve[-1][2] if curve else None, "stop_reason": stop_reason,
               "dit_params": n_dit, "text_params": n_text, "vocab_size": vocab_size, "curve": curve}
    (run_dir / "metrics.json").write_text(json.dumps(metrics, indent=1))
    log("metrics " + json.dumps({k: v for k, v in metrics.items() if k != "curve"}))
    if grid:
        path = run_dir / "samples.png"
        if refenc is not None:
            comps = holdout_compositions(pack, grid, cfg["model"]["image_size"])
            composition_grid(ema.modules["dit"], ema.modules["text"], ema.modules["refs"], tok, cfg, pack, comps,
                             path, device=dev)
        else:
            sample_grid(ema.modules["dit"], ema.modules["text"], tok, cfg, path, device=dev,
                        prompts=GRID_PROMPTS[:grid])
        if weights_out:
            import shutil
            shutil.copy(path, Path(weights_out) / "samples.png")
        log(f"sample grid {path}")
    return metrics


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", required=True)
    ap.add_argument("--pack", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--tokenizer")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--budget-s", type=float)
    ap.add_argument("--max-steps", type=int)
    ap.add_argument("--batch", type=int)
    ap.add_argument("--compile", type=int, choices=(0, 1))
    ap.add_argument("--workers", type=int, help="batch producer processes (0: one thread)")
    ap.add_argument("--precision", choices=("auto", "fp32", "bf16"))
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--init", help="checkpoint folder whose weights (EMA if no raw model) start the run")
    ap.add_argument("--weights-out")
    ap.add_argument("--no-grid", action="store_true")
    ap.add_argument("--grid-n", type=int, default=16, help="prompts in the final sample grid")
    a = ap.parse_args(argv)
    over = {"train": {}}
    if a.budget_s is not None:
        over["train"]["budget_s"] = a.budget_s
    if a.max_steps is not None:
        over["train"]["max_steps"] = a.max_steps
    if a.batch is not None:
        over["train"]["batch"] = a.batch
    if a.compile is not None:
        over["train"]["compile"] = bool(a.compile)
    if a.workers is not None:
        over["train"]["workers"] = a.workers
    if a.precision is not None:
        over["train"]["precision"] = a.precision
    cfg = load_config(a.config, over)
    train(cfg, a.pack, a.out, a.device, a.tokenizer, a.resume, a.weights_out, 0 if a.no_grid else a.grid_n,
          a.init)
    return 0


if __name__ == "__main__":
    sys.exit(main())
