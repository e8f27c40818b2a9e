"""The judge's text tokenizer: hashed words and word bigrams, so that Java can reproduce it in a few lines.

A caption is lower-cased and split into words, a word being a maximal run of Unicode letters (L*), marks (M*)
and numbers (N*). Each word and each pair of adjacent words ("w1 w2") is hashed with 32-bit FNV-1a over its
UTF-8 bytes into ids 1..VOCAB-1 (0 pads). Ids are the words in order, then the bigrams, cut at MAX_TOKENS.
The Java twin is dev.atelier.eval.judge.JudgeTokenizer; test vectors sit in models/atelier-judge/judge.json.
"""
import unicodedata

VOCAB = 16384
MAX_TOKENS = 32
FNV_OFFSET, FNV_PRIME = 0x811C9DC5, 0x01000193


def words(text: str) -> list:
    out, cur = [], []
    for ch in text.lower():
        if unicodedata.category(ch)[0] in "LMN":
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def fnv1a(s: str) -> int:
    h = FNV_OFFSET
    for b in s.encode("utf-8"):
        h = ((h ^ b) * FNV_PRIME) & 0xFFFFFFFF
    return h


def token_id(s: str) -> int:
    return fnv1a(s) % (VOCAB - 1) + 1


def encode(text: str, max_tokens: int = MAX_TOKENS) -> list:
    w = words(text)
    ids = [token_id(x) for x in w] + [token_id(a + " " + b) for a, b in zip(w, w[1:])]
    ids = ids[:max_tokens]
    return ids + [0] * (max_tokens - len(ids))
