"""Writes small-tokenizer/: a CLIP-style byte-level BPE (</w> suffix) trained from scratch on a few
multilingual captions, in the same tokenizer.json structure as CLIP's, plus vocab.json + merges.txt.

It deliberately differs from CLIP: special tokens at ids 0-3, a distinct pad and unk token, a short
model_max_length, merges written as [a, b] pairs, and only the end-of-word symbols seen in training (so other
bytes at a word's end are unknown). Run from this folder: python3 gen/make_small_tokenizer.py
"""
import collections
import json
import unicodedata

CORPUS = """
a photo of a cat sitting on a red sofa
a cat and a dog playing in the garden, watercolor
portrait of an old man, oil painting, highly detailed
un chat noir dort sur le canapé rouge
une peinture à l'huile d'un vieil homme
ein Hund läuft über die Straße im Regen
猫がソファの上で寝ている写真
一只猫坐在红色的沙发上
고양이가 소파 위에서 자고 있다
кошка спит на красном диване
a cat 🐱 with a rainbow 🌈 and stars ✨✨
sunset over the sea, 4k, 8k, trending
the cat's toy isn't here, we're late
"""

SPECIALS = ["<|startoftext|>", "<|endoftext|>", "<pad>", "<unk>"]
NUM_MERGES = 160


def bytes_to_unicode():
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    table, extra = {}, 0
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


def words(text):
    """CLIP's split: letter runs, single digits, runs of other non-space characters (contractions aside)."""
    text = " ".join(unicodedata.normalize("NFC", text).split()).lower()
    out, cur, kind = [], "", None
    for ch in text:
        cat = unicodedata.category(ch)
        k = "space" if ch.isspace() else "L" if cat.startswith("L") else "N" if cat.startswith("N") else "P"
        if k == kind and k in ("L", "P"):
            cur += ch
            continue
        if cur and kind != "space":
            out.append(cur)
        cur, kind = ch, k
    if cur and kind != "space":
        out.append(cur)
    return out


def main():
    b2u = bytes_to_unicode()
    counts = collections.Counter()
    for w in words(CORPUS):
        chars = [b2u[b] for b in w.encode("utf-8")]
        chars[-1] += "</w>"
        counts[tuple(chars)] += 1

    vocab = {t: i for i, t in enumerate(SPECIALS)}
    for b in range(256):
        vocab[b2u[b]] = len(vocab)
    for word in counts:
        if word[-1] not in vocab:
            vocab[word[-1]] = len(vocab)

    merges = []
    for _ in range(NUM_MERGES):
        pairs = collections.Counter()
        for word, n in counts.items():
            for a, b in zip(word, word[1:]):
                pairs[(a, b)] += n
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        merges.append(list(best))
        merged = best[0] + best[1]
        vocab.setdefault(merged, len(vocab))
        new_counts = collections.Counter()
        for word, n in counts.items():
            out, i = [], 0
            while i < len(word):
                if i + 1 < len(word) and (word[i], word[i + 1]) == best:
                    out.append(merged)
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            new_counts[tuple(out)] += n
        counts = new_counts

    clip = json.load(open("/work/shared/fixtures/tiny-sd-onnx/tokenizer/tokenizer.json"))
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": vocab[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": True}
            for t in SPECIALS
        ],
        "normalizer": clip["normalizer"],
        "pre_tokenizer": clip["pre_tokenizer"],
        "post_processor": {"type": "RobertaProcessing", "sep": ["<|endoftext|>", 1], "cls": ["<|startoftext|>", 0],
                           "trim_offsets": False, "add_prefix_space": False},
        "decoder": clip["decoder"],
        "model": {"type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": "",
                  "end_of_word_suffix": "</w>", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": merges},
    }
    with open("small-tokenizer/tokenizer.json", "w", encoding="utf-8") as f:
        json.dump(tokenizer, f, ensure_ascii=False, indent=1)
    with open("small-tokenizer/vocab.json", "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open("small-tokenizer/merges.txt", "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges))
    with open("small-tokenizer/tokenizer_config.json", "w", encoding="utf-8") as f:
        json.dump({"bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "pad_token": "<pad>",
                   "unk_token": "<unk>", "model_max_length": 16, "tokenizer_class": "CLIPTokenizer"}, f, indent=1)
    print(len(vocab), "tokens,", len(merges), "merges")


main()
