"""CLIP's byte-level BPE tokenizer (Radford et al. 2021), read from and written to a `tokenizer.json`.

The algorithm the engine implements, step by step (the keys of CLIP's `tokenizer.json`):
  1. normalizer: NFC, every run of whitespace to one space, lowercase;
  2. pre-tokenizer: keep the matches of
     ``<|startoftext|>|<|endoftext|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+``;
  3. byte level: each UTF-8 byte of a word becomes one printable character (``bytes_to_unicode``);
  4. BPE: the word's last symbol gets ``</w>``; merge the adjacent pair of lowest merge rank, all its
     occurrences left to right, until no pair has a rank;
  5. ids = ``<|startoftext|>`` + tokens + ``<|endoftext|>``, truncated to ``max_length`` keeping the end token,
     padded with the pad token (``<|endoftext|>``).
"""
import json
import unicodedata
from functools import lru_cache

BOS = "<|startoftext|>"
EOS = "<|endoftext|>"
SUFFIX = "</w>"
SPLIT_REGEX = r"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+"
CONTRACTIONS = ("'s", "'t", "'re", "'ve", "'m", "'ll", "'d")


@lru_cache(maxsize=None)
def bytes_to_unicode():
    """GPT-2/CLIP's reversible map from the 256 byte values to printable unicode characters."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    codes = printable[:]
    extra = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            codes.append(256 + extra)
            extra += 1
    return dict(zip(printable, [chr(c) for c in codes]))


def normalize(text):
    """NFC and lowercase. (CLIP's whitespace collapsing never changes the pre-tokens, which skip spaces.)"""
    return unicodedata.normalize("NFC", text).lower()


def _kind(ch):
    """'L' letter, 'N' number, 'S' whitespace, 'O' other - the classes CLIP's split regex uses."""
    if ch.isspace():
        return "S"
    cat = unicodedata.category(ch)
    if cat[0] == "L":
        return "L"
    if cat[0] == "N":
        return "N"
    return "O"


def pre_tokenize(text):
    """The matches of CLIP's split regex, in order (a hand-written scanner: Python's `re` has no \\p{L})."""
    words, i, n = [], 0, len(text)
    while i < n:
        matched = None
        for special in (BOS, EOS):
            if text.startswith(special, i):
                matched = special
                break
        if matched is None and text[i] == "'":
            for c in CONTRACTIONS:
                if text.startswith(c, i):
                    matched = c
                    break
        if matched is not None:
            words.append(matched)
            i += len(matched)
            continue
        kind = _kind(text[i])
        if kind == "S":
            i += 1
            continue
        if kind == "N":
            words.append(text[i])
            i += 1
            continue
        j = i + 1
        while j < n and _kind(text[j]) == kind:
            # greedy like the regex: a run of 'other' characters swallows apostrophes too
            j += 1
        words.append(text[i:j])
        i = j
    return words


def byte_encode(word):
    table = bytes_to_unicode()
    return "".join(table[b] for b in word.encode("utf-8"))


def bpe_symbols(word):
    """Initial symbols of a byte-encoded word: its characters, the last one with `</w>`."""
    return list(word[:-1]) + [word[-1] + SUFFIX]


class ClipBPE:
    def __init__(self, vocab, merges, max_length=77):
        self.vocab = vocab  # token -> id
        self.ranks = {tuple(m): i for i, m in enumerate(merges)}
        self.merges = [tuple(m) for m in merges]
        self.max_length = max_length
        self.bos_id, self.eos_id = vocab[BOS], vocab[EOS]
        self.pad_id = self.eos_id
        self._cache = {}

    @classmethod
    def from_file(cls, path, max_length=None):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        model = data["model"]
        merges = [m.split(" ") if isinstance(m, str) else m for m in model["merges"]]
        vocab = dict(model["vocab"])
        for tok in data.get("added_tokens", []):
            vocab[tok["content"]] = tok["id"]
        if max_length is None:
            max_length = 77
        return cls(vocab, merges, max_length)

    def bpe(self, word):
        if word in self._cache:
            return self._cache[word]
        symbols = bpe_symbols(word)
        while len(symbols) > 1:
            best, best_rank = None, None
            for pair in zip(symbols, symbols[1:]):
                r = self.ranks.get(pair)
                if r is not None and (best_rank is None or r < best_rank):
                    best, best_rank = pair, r
            if best is None:
                break
            merged, i = [], 0
            while i < len(symbols):
                if i < len(symbols) - 1 and symbols[i] == best[0] and symbols[i + 1] == best[1]:
                    merged.append(best[0] + best[1])
                    i += 2
                else:
                    merged.append(symbols[i])
                    i += 1
            symbols = merged
        self._cache[word] = symbols
        return symbols

    def tokens(self, text):
        out = []
        for word in pre_tokenize(normalize(text)):
            if word in (BOS, EOS):
                out.append(word)
            else:
                out.extend(self.bpe(byte_encode(word)))
        return out

    def encode(self, text, max_length=None, pad=True):
        """Ids with start and end tokens; truncated to max_length (end token kept) and padded if `pad`."""
        max_length = max_length or self.max_length
        unk = self.vocab.get(EOS)
        body = [self.vocab.get(t, unk) for t in self.tokens(text)]
        ids = [self.bos_id] + body[: max_length - 2] + [self.eos_id]
        if pad:
            ids += [self.pad_id] * (max_length - len(ids))
        return ids

    def encode_batch(self, texts, max_length=None):
        return [self.encode(t, max_length) for t in texts]
