"""Rasterise sources to square RGBA sprites, caching the raw renders under training/.cache/.

Raw renders are kept at RAW px (SVG through rsvg-convert, bitmaps as shipped); sprites are made from them by
cropping to the alpha bounding box and fitting it, centred, into S x S with a small margin, so that a sprite's
side means the same thing in every style.
"""
from __future__ import annotations

import hashlib
import io
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image

from .sources import Source

RAW = 256
MARGIN = 0.04  # fraction of the sprite side left empty on each side


def _cache_path(cache: Path, src: Source) -> Path:
    ident = src.svg if src.svg is not None else str(src.path.resolve())
    digest = hashlib.sha1(f"{RAW}:{ident}".encode()).hexdigest()[:16]
    return cache / src.style / f"{src.key}-{digest}.png"


def raw_render(src: Source, cache: Path) -> Image.Image:
    """RGBA image of the source at about RAW px on its longer side, cached as PNG."""
    out = _cache_path(Path(cache), src)
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        if src.kind == "svg":
            data = src.svg.encode() if src.svg is not None else src.path.read_bytes()
            png = subprocess.run(["rsvg-convert", "-a", "-w", str(RAW), "-h", str(RAW), "-f", "png"],
                                 input=data, capture_output=True, check=True).stdout
            tmp = out.with_suffix(".tmp")
            tmp.write_bytes(png)
            tmp.replace(out)
        else:
            im = Image.open(src.path).convert("RGBA")
            if max(im.size) > RAW:
                im.thumbnail((RAW, RAW), Image.LANCZOS)
            tmp = out.with_suffix(".tmp")
            im.save(tmp, format="PNG", compress_level=1)
            tmp.replace(out)
    with Image.open(out) as im:
        return im.convert("RGBA")


def to_sprite(im: Image.Image, size: int) -> Image.Image | None:
    """Crop to the alpha bounding box and fit it centred into size x size; None when fully transparent."""
    bbox = im.getchannel("A").point(lambda a: 255 if a > 8 else 0).getbbox()
    if bbox is None:
        return None
    im = im.crop(bbox)
    inner = max(1, round(size * (1 - 2 * MARGIN)))
    scale = inner / max(im.size)
    w, h = max(1, round(im.width * scale)), max(1, round(im.height * scale))
    im = im.resize((w, h), Image.LANCZOS)  # Pillow resamples RGBA premultiplied
    canvas = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    canvas.paste(im, ((size - w) // 2, (size - h) // 2))
    return canvas


def render_all(sources: list[Source], cache: Path, workers: int = 2, progress=None) -> list[Image.Image]:
    """Raw renders of all sources, in order; rsvg-convert runs in at most `workers` processes."""
    def one(src):
        return raw_render(src, cache)
    results = []
    with ThreadPoolExecutor(workers) as pool:
        for i, im in enumerate(pool.map(one, sources)):
            results.append(im)
            if progress and (i + 1) % 500 == 0:
                progress(i + 1, len(sources))
    return results
