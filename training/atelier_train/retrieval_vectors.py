"""The shared retrieval test vectors: what the Python retrieval answers, which the engine must answer too.

  cd training && /usr/bin/python3 -m atelier_train.retrieval_vectors      # rewrites the files below

testdata/mini-library/ is the library of the committed mini pack plus two user entries ('zorblax', drawn here,
and 'pizza', which shadows the shipped pizza); testdata/retrieval-vectors.json holds, per prompt, the normalised
prompt, the asked style and the hits (with a SHA-256 of each sprite's RGBA bytes), and the names of some user
entries. training/tests/test_retrieval.py and the engine's RetrievalVectorsTest check them.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import sys
import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw

from .retrieval import Library, Retriever, clean_name, normalize, user_entry_names

TESTDATA = Path(__file__).resolve().parents[1] / "testdata"
LIBRARY = TESTDATA / "mini-library"
VECTORS = TESTDATA / "retrieval-vectors.json"

PROMPTS = [
    # English: articles, plurals, case and punctuation, longest match first, whole words only
    "a rocket", "three rockets", "ROCKETS!!!", "a rocket-ship", "a Red Heart on a white background",
    "two red apples", "a dog face", "a dog-face emoji", "hotdog", "an automobile at the top", "some automobiles",
    "rocket rocket rocket",
    # two concepts, in prompt order, at most two
    "a cat left of a dog", "a dog above a cat", "a deciduous tree, a rocket and a red heart",
    "a dog face left of a cat face on a red background, in flat style",
    # styles: the longest phrase wins; a style without a hit
    "a rocket in openmoji line art", "openmoji style cat", "a dog, black and white line art",
    "twemoji style pizza", "a red apple, fluent 3d style", "3d render of a deciduous tree",
    "fluent flat style rocket", "a cat in fluent style", "a rocket, noto emoji style", "something in twemoji style",
    # other languages: spaced scripts by word, CJK and Thai anywhere in the text
    "Hundegesicht auf weißem Hintergrund", "ein Katzengesicht und eine Rakete", "tête de chien sur fond bleu",
    "cara de perro y cara de gato", "морда собаки", "कुत्ते का चेहरा", "강아지 얼굴", "イヌの顔",
    "ネコの顔とイヌの顔", "赤いハートのイラスト", "一只狗脸在左边", "หน้าแมว สีขาว", unicodedata.normalize("NFD", "mặt mèo"),
    "ｒｏｃｋｅｔ", "🚀❤️rocket", "イヌの顔 and a rocket in twemoji style",
    # tag names (English tags that name one entry): matched like names, losing ties, filling the hits names leave
    "an apple", "a car", "two cars", "a heart", "hearts", "a tree in a forest", "a car left of a dog",
    "a red apple and an apple", "a kitten, a rocket and a pizza", "a puppy and a kitten", "fruit, healthy food",
    "a space blob in space", "an automobile, a car",
    # nothing to retrieve
    "a spaceship over the mountains", "a banana", "", "!!! ...",
    # user entries: their names and plural, and a user entry winning a tie with a shipped one
    "a zorblax", "two zorblaxes in noto style", "a space blob next to a rocket", "a pizza", "pizzas",
]

USER_NAMES = [("zorblax", ["space blob"]), ("Pizza", []), ("my  Cat\u00a0face", ["kitty", "Kitty!"]),
              ("tree: oak", []), ("box", ["boxes"]), ("fish-and-chips", []), ("ÉCLAIR", []), ("city", ["CITIES"]), ("?!", ["x"]),
              ("woman dancing", []), ("face with tears of joy", []), ("a : b", []), ("glass", []), ("sparkles", []),
              ("Ox", []), ("toy", []), ("y", []), ("ΟΔΥΣΣΕΥΣ", []), ("大きな猫", [])]

NORMALIZE = ["Hello, World!", "  many   spaces\t\nand tabs ", "ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３", "e\u0301te\u0301",
             "ΟΔΥΣΣΕΥΣ", "İstanbul", "❤️ heart", "❤️rocket", "man’s shoe", "½ ⅻ ①", "Straße", "ﬁsh", "日本語のテキスト", "a_b-c.d"]


def _zorblax() -> Image.Image:
    im = Image.new("RGBA", (200, 120), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    d.ellipse((40, 10, 160, 110), fill=(120, 60, 200, 255))
    d.ellipse((70, 40, 90, 60), fill=(255, 255, 255, 255))
    d.ellipse((110, 40, 130, 60), fill=(255, 255, 255, 255))
    return im


def _pizza() -> Image.Image:
    im = Image.new("RGBA", (90, 90), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    d.polygon([(10, 10), (80, 10), (45, 85)], fill=(240, 170, 40, 255))
    d.ellipse((35, 20, 50, 35), fill=(200, 30, 30, 255))
    return im


def write_library() -> None:
    """Rebuild testdata/mini-library from the mini pack, with the two user entries."""
    from .data.pack import load_pack
    from .library import add_user_entry, build, fit_sprite
    shutil.rmtree(LIBRARY, ignore_errors=True)
    build(load_pack(TESTDATA / "mini-pack"), LIBRARY)
    add_user_entry(LIBRARY, "zorblax", fit_sprite(_zorblax()), extra_names=["space blob"], tags=["alien"],
                   source="zorblax.png")
    add_user_entry(LIBRARY, "pizza", fit_sprite(_pizza()), source="pizza.png")


def compute(library: Path = LIBRARY) -> dict:
    retriever = Retriever(Library.load(library))
    cases = []
    for prompt in PROMPTS:
        found = retriever.retrieve(prompt)
        cases.append({"prompt": prompt, "normalized": found.prompt, "asked_style": found.asked_style, "hits": [
            {"id": h.id, "label": h.label, "origin": h.entry.origin, "style": h.style, "asked": h.asked,
             "name": h.name, "span": [h.start, h.end], "sprite_sha256": hashlib.sha256(h.sprite.tobytes()).hexdigest()}
            for h in found.hits]})
    return {
        "library": library.name,
        "normalize": [{"text": t, "normalized": normalize(t)} for t in NORMALIZE],
        "user_names": [{"name": n, "extra": x, "label": clean_name(n), "names": user_entry_names(n, x)}
                       for n, x in USER_NAMES],
        "retrieval": cases,
    }


def main() -> int:
    write_library()
    VECTORS.write_text(json.dumps(compute(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {LIBRARY} and {VECTORS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
