"""Train a CLIP-style byte-level BPE on captions and write it as CLIP's `tokenizer.json` + `tokenizer_config.json`.

Standard BPE training (Sennrich et al. 2016) over byte-level words: repeatedly merge the most frequent
adjacent symbol pair (ties broken by the pair itself, so training is deterministic), with pair counts
updated incrementally. The vocabulary is laid out as CLIP's: 256 byte symbols, the same with `</w>`, one
token per merge, then `<|startoftext|>` and `<|endoftext|>`.
"""
import heapq
import json
from collections import Counter, defaultdict
from pathlib import Path

from .bpe import BOS, EOS, SPLIT_REGEX, SUFFIX, ClipBPE, bpe_symbols, byte_encode, bytes_to_unicode, normalize, pre_tokenize


def word_counts(texts):
    counts = Counter()
    for text in texts:
        for word in pre_tokenize(normalize(text)):
            if word not in (BOS, EOS):
                counts[byte_encode(word)] += 1
    return counts


def learn_merges(counts, n_merges, min_count=2):
    words = [bpe_symbols(w) for w in counts]
    freq = [counts[w] for w in counts]
    pair_count = defaultdict(int)
    where = defaultdict(set)  # pair -> indices of words that hold it
    for i, syms in enumerate(words):
        for pair in zip(syms, syms[1:]):
            pair_count[pair] += freq[i]
            where[pair].add(i)
    heap = [(-c, pair) for pair, c in pair_count.items()]
    heapq.heapify(heap)
    merges = []
    while len(merges) < n_merges and heap:
        negc, pair = heapq.heappop(heap)
        if pair_count.get(pair, 0) != -negc:
            continue  # stale entry
        if -negc < min_count:
            break
        merges.append(pair)
        a, b = pair
        touched = set()
        for i in list(where.pop(pair, ())):
            syms = words[i]
            for p in zip(syms, syms[1:]):
                pair_count[p] -= freq[i]
                touched.add(p)
            merged, j = [], 0
            while j < len(syms):
                if j < len(syms) - 1 and syms[j] == a and syms[j + 1] == b:
                    merged.append(a + b)
                    j += 2
                else:
                    merged.append(syms[j])
                    j += 1
            words[i] = merged
            for p in zip(merged, merged[1:]):
                pair_count[p] += freq[i]
                where[p].add(i)
                touched.add(p)
        pair_count.pop(pair, None)
        for p in touched:
            c = pair_count.get(p, 0)
            if c > 0:
                heapq.heappush(heap, (-c, p))
            else:
                pair_count.pop(p, None)
    return merges


def build_vocab(merges):
    base = list(bytes_to_unicode().values())
    vocab = base + [b + SUFFIX for b in base] + ["".join(m) for m in merges] + [BOS, EOS]
    return {tok: i for i, tok in enumerate(vocab)}


def tokenizer_json(vocab, merges):
    """The structure of CLIP's `tokenizer.json` (Hugging Face tokenizers format)."""
    special = lambda tok: {"id": vocab[tok], "content": tok, "single_word": False, "lstrip": False,
                           "rstrip": False, "normalized": False, "special": True}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [special(BOS), special(EOS)],
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "NFC"},
            {"type": "Replace", "pattern": {"Regex": r"\s+"}, "content": " "},
            {"type": "Lowercase"}]},
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": SPLIT_REGEX}, "behavior": "Removed", "invert": True},
            {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}]},
        "post_processor": {"type": "RobertaProcessing", "sep": [EOS, vocab[EOS]], "cls": [BOS, vocab[BOS]],
                           "trim_offsets": False, "add_prefix_space": False},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": EOS, "continuing_subword_prefix": "",
                  "end_of_word_suffix": SUFFIX, "fuse_unk": False, "byte_fallback": False,
                  "ignore_merges": False, "vocab": vocab, "merges": [list(m) for m in merges]},
    }


def tokenizer_config(max_length):
    return {"bos_token": BOS, "eos_token": EOS, "pad_token": EOS, "unk_token": EOS,
            "model_max_length": max_length, "tokenizer_class": "CLIPTokenizer",
            "do_lower_case": True}


def train_tokenizer(texts, vocab_size, out_dir, max_length):
    """Learn vocab_size - 514 merges from texts; write tokenizer.json, tokenizer_config.json, vocab.json and
    merges.txt (the pair CLIP also ships) into out_dir; return the ClipBPE."""
    counts = word_counts(texts)
    merges = learn_merges(counts, vocab_size - 514)
    vocab = build_vocab(merges)
    save(vocab, merges, out_dir, max_length)
    return ClipBPE(vocab, merges, max_length)


def save(vocab, merges, out_dir, max_length):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "tokenizer.json").write_text(json.dumps(tokenizer_json(vocab, merges), ensure_ascii=False), encoding="utf-8")
    (out / "tokenizer_config.json").write_text(json.dumps(tokenizer_config(max_length), indent=2) + "\n", encoding="utf-8")
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    (out / "merges.txt").write_text("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges), encoding="utf-8")
