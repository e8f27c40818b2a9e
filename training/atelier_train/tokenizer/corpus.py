"""The tokenizer's training text: sampled training captions plus every concept name in every locale."""
from ..data.compose import CompositionSampler
from .train import train_tokenizer


def caption_corpus(pack, n_captions, seed=0):
    sampler = CompositionSampler(pack, seed=seed, split="train")
    texts = [c.caption for c in sampler.sample(n_captions)]
    for concept in pack.concepts:
        for names in concept["names"].values():
            texts.extend(names)
    return texts


def train_tokenizer_for_pack(pack, vocab_size, out_dir, max_length, n_captions=200000, seed=0):
    return train_tokenizer(caption_corpus(pack, n_captions, seed), vocab_size, out_dir, max_length)
