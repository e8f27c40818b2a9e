"""Build the sprite pack from the pinned npm packages.

  cd training && npm install --ignore-scripts
  /usr/bin/python3 -m atelier_train.data.build                      # full pack -> pack/
  /usr/bin/python3 -m atelier_train.data.build --limit 8 --out testdata/mini-pack
"""
from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .concepts import load_concepts
from .notice import notice_text
from .pack import write_pack
from .raster import raw_render, to_sprite
from .sources import STYLES, discover

TRAINING = Path(__file__).resolve().parents[2]
# Concepts of the --limit sample, in order: common, recognisable, and used by the tests.
MINI = ["1f436", "1f431", "1f34e", "1f355", "1f697", "1f680", "1f333", "2764", "1f600", "26bd", "1f3e0", "2b50"]


def encode_webp(sprite, quality: int, alpha_quality: int) -> bytes:
    png = io.BytesIO()
    sprite.save(png, format="PNG", compress_level=1)
    return subprocess.run(["cwebp", "-quiet", "-q", str(quality), "-alpha_q", str(alpha_quality), "-m", "6",
                           "-o", "-", "--", "-"], input=png.getvalue(), capture_output=True, check=True).stdout


def select(concepts: list, sources: dict, min_styles: int, limit: int | None) -> list:
    kept = [c for c in concepts if sum(c["key"] in sources[s] for s in STYLES) >= min_styles]
    if limit:
        by_key = {c["key"]: c for c in kept}
        kept = [by_key[k] for k in MINI if k in by_key][:limit]
    return kept


TOOLS = (("rsvg-convert", "librsvg2-bin"), ("cwebp", "webp"))  # SVG rasteriser, WebP encoder


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--node-modules", type=Path, default=TRAINING / "node_modules")
    ap.add_argument("--out", type=Path, default=TRAINING / "pack")
    ap.add_argument("--cache", type=Path, default=TRAINING / ".cache" / "raw")
    ap.add_argument("--size", type=int, default=128, help="sprite side in px")
    ap.add_argument("--quality", type=int, default=75, help="WebP colour quality (cwebp -q)")
    ap.add_argument("--alpha-quality", type=int, default=50, help="WebP alpha quality (cwebp -alpha_q)")
    ap.add_argument("--styles", default=",".join(STYLES), help="comma-separated subset of " + ",".join(STYLES))
    ap.add_argument("--min-styles", type=int, default=1, help="keep concepts drawn in at least this many styles")
    ap.add_argument("--limit", type=int, default=None, help="only this many well-known concepts (test sample)")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)

    missing = [f"{tool} (Debian package {pkg})" for tool, pkg in TOOLS if shutil.which(tool) is None]
    if missing:
        print("error: the build needs " + ", ".join(missing) + "; install with apt-get install -y "
              + " ".join(pkg for tool, pkg in TOOLS if shutil.which(tool) is None), file=sys.stderr)
        return 2
    if not (args.node_modules / "emojibase-data").is_dir():
        print(f"error: no emojibase-data under {args.node_modules}; run `npm install --ignore-scripts` in "
              "training/ first", file=sys.stderr)
        return 2
    t0 = time.time()
    styles = [s for s in args.styles.split(",") if s]
    unknown = [s for s in styles if s not in STYLES]
    if unknown:
        ap.error(f"unknown styles {unknown}; valid: {STYLES}")
    sources = discover(args.node_modules)
    concepts = select(load_concepts(args.node_modules / "emojibase-data"), sources, args.min_styles, args.limit)
    jobs = [(ci, si, sources[s][c["key"]]) for si, s in enumerate(styles) for ci, c in enumerate(concepts)
            if c["key"] in sources[s]]
    print(f"{len(concepts)} concepts, {len(jobs)} sprites in {len(styles)} styles", file=sys.stderr)

    failed = []

    def one(job):
        ci, si, src = job
        try:
            sprite = to_sprite(raw_render(src, args.cache), args.size)
        except (subprocess.CalledProcessError, OSError) as e:
            err = e.stderr.decode(errors="replace").strip() if getattr(e, "stderr", None) else str(e)
            failed.append(f"{src.style} {src.key}: {err[-200:]}")
            return None
        return None if sprite is None else (ci, si, encode_webp(sprite, args.quality, args.alpha_quality))

    done = []
    with ThreadPoolExecutor(args.workers) as pool:
        for i, r in enumerate(pool.map(one, jobs)):
            if r is not None:
                done.append(r)
            if (i + 1) % 500 == 0:
                print(f"  {i + 1}/{len(jobs)} ({time.time() - t0:.0f} s)", file=sys.stderr)
    for f in failed:
        print("  skipped " + f, file=sys.stderr)
    counts = {s: sum(1 for _, si, _ in done if si == i) for i, s in enumerate(styles)}
    notice = notice_text(args.node_modules)
    (TRAINING / "NOTICE").write_text(notice, encoding="utf-8") if not args.limit else None
    for c in concepts:
        c.pop("key", None)
    build = {"size": args.size, "quality": args.quality, "alpha_quality": args.alpha_quality,
             "min_styles": args.min_styles, "limit": args.limit, "counts": counts,
             "skipped": sorted(f.split(":")[0] for f in failed)}
    write_pack(args.out, [b for _, _, b in done], [ci for ci, _, _ in done], [si for _, si, _ in done],
               concepts, styles, args.size, notice, build)
    total = sum(p.stat().st_size for p in args.out.iterdir())
    print(json.dumps({"out": str(args.out), "concepts": len(concepts), "sprites": len(done), "counts": counts,
                      "bytes": total, "seconds": round(time.time() - t0, 1)}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
