"""Where each style's images live in the pinned npm packages, keyed by a normalised hexcode.

The normalised key of an emoji is its code points in lower-case hex without leading zeros, joined by '-',
with every U+FE0F (variation selector 16) dropped; it makes emojibase's hexcodes ('1F636-200D-1F32B-FE0F')
and each set's file names ('1f636-200d-1f32b.svg', '23-20e3.svg') meet.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

STYLES = ["noto", "twemoji", "openmoji", "openmoji-line", "fluent-3d", "fluent-color", "fluent-flat"]


def norm_key(hexcode: str) -> str:
    parts = [p.lstrip("0").lower() or "0" for p in hexcode.replace("_", "-").split("-")]
    return "-".join(p for p in parts if p != "fe0f")


@dataclass(frozen=True)
class Source:
    """One image of one style: either a file (SVG, PNG or WebP) or inline SVG text."""
    style: str
    key: str
    path: Path | None = None
    svg: str | None = None

    @property
    def kind(self) -> str:
        return "svg" if self.svg is not None else self.path.suffix.lstrip(".").lower()


def _files(style: str, folder: Path, ext: str) -> dict[str, Source]:
    out = {}
    for f in sorted(folder.glob("*." + ext)):
        out.setdefault(norm_key(f.stem), Source(style, norm_key(f.stem), path=f))
    return out


def _noto(root: Path) -> dict[str, Source]:
    # @iconify-json/noto: chars.json maps code points to icon names, icons.json holds SVG bodies (Iconify JSON).
    pkg = root / "@iconify-json" / "noto"
    icons = json.loads((pkg / "icons.json").read_text())
    chars = json.loads((pkg / "chars.json").read_text())
    width, height = icons.get("width", 16), icons.get("height", 16)
    out = {}
    for code, name in sorted(chars.items()):
        while name not in icons["icons"] and name in icons.get("aliases", {}):
            name = icons["aliases"][name]["parent"]
        icon = icons["icons"].get(name)
        if icon is None:
            continue
        w, h = icon.get("width", width), icon.get("height", height)
        left, top = icon.get("left", 0), icon.get("top", 0)
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
               f'viewBox="{left} {top} {w} {h}" width="{w}" height="{h}">{icon["body"]}</svg>')
        out.setdefault(norm_key(code), Source("noto", norm_key(code), svg=svg))
    return out


def discover(node_modules: Path) -> dict[str, dict[str, Source]]:
    """style -> normalised key -> Source, for every style whose package is installed."""
    nm = Path(node_modules)
    return {
        "noto": _noto(nm),
        "twemoji": _files("twemoji", nm / "@twemoji" / "svg", "svg"),
        "openmoji": _files("openmoji", nm / "openmoji" / "color" / "svg", "svg"),
        "openmoji-line": _files("openmoji-line", nm / "openmoji" / "black" / "svg", "svg"),
        "fluent-3d": _files("fluent-3d", nm / "@lobehub" / "fluent-emoji-3d" / "assets", "webp"),
        "fluent-color": _files("fluent-color", nm / "@lobehub" / "fluent-emoji-modern" / "assets", "svg"),
        "fluent-flat": _files("fluent-flat", nm / "@lobehub" / "fluent-emoji-flat" / "assets", "svg"),
    }
