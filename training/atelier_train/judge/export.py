"""Export a trained judge as the `atelier-judge` package that `atelier eval` reads (docs/evaluation.md).

  python -m atelier_train.judge.export --run runs/judge --pack pack --suite ../eval/prompts.jsonl \
      --out ../models/atelier-judge [--real-images runs/real-suite]

Writes judge.onnx (image heads, features, embedding), judge_text.onnx (caption embedding), prototypes.npz
(every sprite of the pack as a 12 x 12 premultiplied RGBA thumbnail: the nearest-prototype concept and style
classifier), reference.npz (judge features of real renderings of the suite's
prompts, 4 per prompt: the FD-judge and precision/recall reference) and judge.json (labels, tokenizer, test
vectors, accuracy of the heads on those held-out renderings). With --real-images, also the renderings as PNG
files named <prompt id>-<k>.png, which `atelier eval --images DIR` judges (the judge's own accuracy).
"""
import argparse
import json
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import helper, numpy_helper, TensorProto
from PIL import Image

from ..data import captions as cap
from ..data.render import render
from ..data.pack import load_pack
from . import text as judge_text
from .data import COLOURS, POSITIONS, position_of
from .model import ExportedImage, ExportedText, IMAGE_OUTPUTS
from .suite import build_suite
from .train import build

OPSET = 17
THUMB = 12      # prototype side, pixels
FILL = 0.92     # share of a prototype's side the sprite's extent covers (pack sprites keep a 4 % margin)
EXPORTED = ["style_logits", "background_logits", "count_logits", "position_logits", "features", "embedding"]


class ImageHeads(torch.nn.Module):
    """ExportedImage without the concept outputs (concepts come from the prototypes)."""

    def __init__(self, judge):
        super().__init__()
        self.inner = ExportedImage(judge)

    def forward(self, image):
        out = dict(zip(IMAGE_OUTPUTS, self.inner(image)))
        return tuple(out[k] for k in EXPORTED)


def compress_weights(path):
    """Store each large float weight as int8 with one scale per output row (weight-only quantization, a
    DequantizeLinear node restores float32 before use; the activations stay float32); quarters the file."""
    model = onnx.load(str(path))
    g = model.graph
    nodes, keep = [], []
    for init in g.initializer:
        arr = numpy_helper.to_array(init)
        if init.data_type != TensorProto.FLOAT or arr.size < 4096 or arr.ndim < 2:
            keep.append(init)
            continue
        rows = arr.reshape(arr.shape[0], -1)
        scale = (np.abs(rows).max(1) / 127).astype(np.float32)
        scale[scale == 0] = 1.0
        q = np.clip(np.round(rows / scale[:, None]), -127, 127).astype(np.int8).reshape(arr.shape)
        names = [init.name + s for s in ("_q", "_scale", "_zero")]
        keep += [numpy_helper.from_array(q, names[0]), numpy_helper.from_array(scale, names[1]),
                 numpy_helper.from_array(np.zeros(len(scale), np.int8), names[2])]
        nodes.append(helper.make_node("DequantizeLinear", names, [init.name], axis=0))
    del g.initializer[:]
    g.initializer.extend(keep)
    rest = list(g.node)
    del g.node[:]
    g.node.extend(nodes + rest)
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def prototypes(pack):
    """uint8 [N, 12, 12, 4]: premultiplied RGB and alpha of every sprite, box-filtered to 12 x 12."""
    out = []
    for i in range(0, len(pack.sprites), 1024):
        x = pack.sprites[i:i + 1024].permute(0, 3, 1, 2).float() / 255  # [n, 4, S, S]
        x[:, :3] *= x[:, 3:]
        out.append(F.adaptive_avg_pool2d(x, THUMB))
    return (torch.cat(out).permute(0, 2, 3, 1) * 255).round().clamp(0, 255).byte().numpy()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True)
    ap.add_argument("--pack", required=True)
    ap.add_argument("--suite", required=True, help="prompts.jsonl to check against the suite this pack builds")
    ap.add_argument("--out", required=True)
    ap.add_argument("--real-images")
    ap.add_argument("--per-category", type=int, default=90)
    a = ap.parse_args(argv)
    torch.set_num_threads(2)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    pack = load_pack(a.pack)
    ck = torch.load(Path(a.run) / "judge.pt")
    judge = build(pack)
    judge.load_state_dict(ck["state"])
    judge.eval()

    image_graph = ImageHeads(judge).eval()
    x = torch.rand(2, 3, 256, 256)
    with torch.no_grad():
        torch.onnx.export(image_graph, (x,), str(out / "judge.onnx"), opset_version=OPSET, input_names=["image"],
                          output_names=EXPORTED, dynamic_axes={k: {0: "batch"} for k in ["image"] + EXPORTED},
                          do_constant_folding=True)
        ids = torch.tensor([judge_text.encode("a dog"), judge_text.encode("ein Hund auf rotem Hintergrund")])
        torch.onnx.export(ExportedText(judge).eval(), (ids,), str(out / "judge_text.onnx"), opset_version=OPSET,
                          input_names=["input_ids"], output_names=["text_embedding"],
                          dynamic_axes={"input_ids": {0: "batch"}, "text_embedding": {0: "batch"}},
                          do_constant_folding=True)
    for f in ("judge.onnx", "judge_text.onnx"):
        compress_weights(out / f)

    np.savez_compressed(out / "prototypes.npz", thumbs=prototypes(pack),
                        index=torch.stack([pack.concept, pack.style], 1).int().numpy())

    # The suite's real renderings: reference features, the heads' held-out accuracy, optional PNGs.
    suite = build_suite(pack, a.per_category)
    lines = Path(a.suite).read_text(encoding="utf-8").splitlines()
    built = [json.dumps(rec, ensure_ascii=False) for rec, _ in suite]
    if lines != built:
        raise SystemExit(f"{a.suite} differs from the suite this pack builds; regenerate it with judge.suite")
    comps = [(rec, k, c) for rec, cs in suite for k, c in enumerate(cs)]
    feats, clip, hits = [], [], {h: [0, 0] for h in ("style", "background", "count", "position")}
    real_dir = Path(a.real_images) if a.real_images else None
    if real_dir:
        real_dir.mkdir(parents=True, exist_ok=True)
    for i in range(0, len(comps), 64):
        chunk = comps[i:i + 64]
        with torch.no_grad():
            img = (render(pack.sprites, [c for _, _, c in chunk], 256) + 1) / 2  # [b, 3, 256, 256] in [0, 1]
            if real_dir:  # judge what the PNG holds, as Java will
                img = (img * 255).round() / 255
            o = dict(zip(EXPORTED, image_graph(img)))
            txt = judge.text(torch.tensor([judge_text.encode(rec["prompt"]) for rec, _, _ in chunk]))
        feats.append(o["features"].numpy())
        clip.append((o["embedding"] * txt).sum(-1).clamp(min=0).numpy())  # CLIPScore clamps at 0
        for j, (rec, k, c) in enumerate(chunk):
            truth = {"style": c.attrs["style_id"], "background": COLOURS.index(c.attrs["color"]),
                     "count": len(c.items) - 1, "position": position_of(c)}
            for h, t in truth.items():
                if t >= 0:
                    hits[h][0] += int(o[h + "_logits"][j].argmax()) == t
                    hits[h][1] += 1
            if real_dir:
                arr = (img[j].permute(1, 2, 0).numpy() * 255).round().astype(np.uint8)
                Image.fromarray(arr).save(real_dir / f"{rec['id']}-{k}.png", optimize=False, compress_level=6)
    features = np.concatenate(feats).astype(np.float32)
    np.savez_compressed(out / "reference.npz", features=features.astype(np.float16))
    accuracy = {h: round(n / max(d, 1), 4) for h, (n, d) in hits.items()}
    clip_real = float(np.concatenate(clip).mean()) * 100

    meta = {
        "format": "atelier-judge", "version": 1,
        "image": {"file": "judge.onnx", "input": "image", "shape": [-1, 3, 256, 256], "range": [0, 1],
                  "outputs": EXPORTED, "note": "RGB, NCHW; the graph average-pools to 64 x 64"},
        "text": {"file": "judge_text.onnx", "input": "input_ids", "output": "text_embedding",
                 "vocab": judge_text.VOCAB, "max_tokens": judge_text.MAX_TOKENS,
                 "test_vectors": [{"text": t, "ids": judge_text.encode(t)} for t in
                                  ["a dog", "Ein Hund auf rotem Hintergrund", "two 🍕 pizzas, top-left!", "一只狗"]]},
        "prototypes": {"file": "prototypes.npz", "side": THUMB, "fill": FILL,
                       "note": "thumbs uint8 [N, side, side, 4] premultiplied RGB + alpha; index int32 [N, 2] concept, style"},
        "reference": {"file": "reference.npz (features float16 [N, D])", "count": len(features), "suite": "eval/prompts.jsonl",
                      "per_prompt": len(suite[0][1]), "clip_score": round(clip_real, 3)},
        "concepts": [{"hexcode": c["hexcode"], "emoji": c["emoji"], "label": c["label"]} for c in pack.concepts],
        "styles": list(pack.styles),
        "backgrounds": [{"name": n, "rgb": list(cap.COLOURS[n])} for n in COLOURS],
        "positions": [{"name": n, "x": cap.POSITIONS[n][0], "y": cap.POSITIONS[n][1]} for n in POSITIONS],
        "counts": [1, 2, 3, 4],
        "training": {"steps": ck["step"], "images_seen": ck["images_seen"], "data": "real renderings of the "
                     "train split (atelier_train.data), never generated images"},
        "heads_accuracy_on_reference": accuracy,
    }
    (out / "judge.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sizes = {p.name: p.stat().st_size for p in sorted(out.iterdir())}
    print(json.dumps({"accuracy": accuracy, "clip_score_real": clip_real, "sizes": sizes}, indent=1))


if __name__ == "__main__":
    main()
