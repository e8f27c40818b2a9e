"""The sprite pack: every (concept, style) sprite as a WebP, plus concept captions, in one small folder.

Layout (format "atelier-sprite-pack", version 1):
  meta.json.gz  {"format", "version", "sprite_size", "styles": [...], "concepts": [...], "build": {...}}
  index.npy     int64 [N, 4]: byte offset and length in sprites.bin, concept index, style index
  sprites.bin   the N sprites, concatenated WebP images (RGBA, S x S)
  NOTICE        licences and attribution of the image sets and captions
Reading it needs only numpy, Pillow (with WebP) and torch.
"""
from __future__ import annotations

import gzip
import io
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from PIL import Image

FORMAT = "atelier-sprite-pack"
VERSION = 1


@dataclass
class Pack:
    sprites: torch.Tensor   # uint8 [N, S, S, 4] straight-alpha RGBA
    concept: torch.Tensor   # int64 [N] -> index into concepts
    style: torch.Tensor     # int64 [N] -> index into styles
    concepts: list          # dicts: {"hexcode", "emoji", "label", "names": {locale: [label, tag, ...]}, "group"}
    styles: list            # style names, e.g. ["noto", "twemoji", ...]
    meta: dict = field(default_factory=dict)

    @property
    def size(self) -> int:
        return int(self.sprites.shape[1])

    def __len__(self) -> int:
        return int(self.sprites.shape[0])


def write_pack(path, webps: list, concept: list, style: list, concepts: list, styles: list,
               sprite_size: int, notice: str, build: dict | None = None) -> None:
    """Write a pack folder from encoded WebP sprites and their concept/style indices."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    lengths = np.array([len(b) for b in webps], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    index = np.stack([offsets, lengths, np.asarray(concept, np.int64), np.asarray(style, np.int64)], axis=1)
    with open(path / "sprites.bin", "wb") as f:
        for b in webps:
            f.write(b)
    np.save(path / "index.npy", index)
    meta = {"format": FORMAT, "version": VERSION, "sprite_size": sprite_size, "styles": styles,
            "concepts": concepts, "build": build or {}}
    text = json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with open(path / "meta.json.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(text)  # mtime 0: the same inputs give the same bytes
    (path / "NOTICE").write_text(notice, encoding="utf-8")


def _decode(blob: bytes, size: int) -> np.ndarray:
    with Image.open(io.BytesIO(blob)) as im:
        im = im.convert("RGBA")
        if im.size != (size, size):
            raise ValueError(f"sprite is {im.size}, expected {size}x{size}")
        return np.asarray(im)


def load_pack(path, threads: int | None = None) -> Pack:
    """Decode a pack folder; sprites stay on the CPU (move them with pack.sprites.to(device))."""
    path = Path(path)
    with gzip.open(path / "meta.json.gz", "rt", encoding="utf-8") as f:
        meta = json.load(f)
    if meta.get("format") != FORMAT or meta.get("version") != VERSION:
        raise ValueError(f"{path}: not a {FORMAT} v{VERSION} pack (format={meta.get('format')!r}, "
                         f"version={meta.get('version')!r})")
    index = np.load(path / "index.npy")
    data = (path / "sprites.bin").read_bytes()
    size = int(meta["sprite_size"])
    sprites = np.empty((len(index), size, size, 4), dtype=np.uint8)

    def one(i):
        off, n = int(index[i, 0]), int(index[i, 1])
        sprites[i] = _decode(data[off:off + n], size)
    with ThreadPoolExecutor(threads or min(8, os.cpu_count() or 1)) as pool:
        list(pool.map(one, range(len(index))))
    concepts, styles = meta.pop("concepts"), meta.pop("styles")
    return Pack(sprites=torch.from_numpy(sprites), concept=torch.from_numpy(index[:, 2].copy()),
                style=torch.from_numpy(index[:, 3].copy()), concepts=concepts, styles=styles, meta=meta)
