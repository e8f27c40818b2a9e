"""Training batches: compositions and token ids drawn on a CPU thread, images rendered on the device."""
import queue
import random
import threading

import torch

from .data.compose import CompositionSampler, render


class BatchStream:
    """Prefetches (input_ids [B, L], compositions) on a daemon thread; `next()` renders the images.

    Caption dropout (classifier-free guidance) replaces a caption by "" with probability `dropout`.
    """

    def __init__(self, pack, sprites_dev, tokenizer, batch, max_length, seed, dropout, canvas=256, prefetch=6,
                 groups=None, styles=None, weights=None, concepts=None):
        self.sampler = CompositionSampler(pack, seed=seed, split="train", canvas=canvas, groups=groups,
                                          styles=styles, weights=weights, concepts=concepts)
        self.sprites, self.tok, self.batch, self.max_length = sprites_dev, tokenizer, batch, max_length
        self.canvas, self.dropout = canvas, dropout
        self.rng = random.Random(seed + 1)
        self.q = queue.Queue(maxsize=prefetch)
        self._stop = False
        self._lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, daemon=True, name="batch-producer")
        self.thread.start()

    def _make(self):
        with self._lock:
            comps = self.sampler.sample(self.batch)
            caps = ["" if self.rng.random() < self.dropout else c.caption for c in comps]
        ids = torch.tensor([self.tok.encode(c, self.max_length) for c in caps], dtype=torch.long)
        return ids, comps

    def _run(self):
        while not self._stop:
            item = self._make()
            while not self._stop:
                try:
                    self.q.put(item, timeout=0.5)
                    break
                except queue.Full:
                    continue

    def next(self, device):
        ids, comps = self.q.get()
        images = render(self.sprites, comps, self.canvas)  # [B, 3, canvas, canvas] in [-1, 1]
        return ids.to(device, non_blocking=True), images, comps

    def rng_state(self):
        with self._lock:
            return {"sampler": self.sampler.rng.getstate(), "dropout": self.rng.getstate()}

    def set_rng_state(self, state):
        as_state = lambda s: (s[0], tuple(s[1]), s[2])
        with self._lock:
            self.sampler.rng.setstate(as_state(state["sampler"]))
            self.rng.setstate(as_state(state["dropout"]))
        # drop what was prefetched from the old state
        while not self.q.empty():
            try:
                self.q.get_nowait()
            except queue.Empty:
                break

    def close(self):
        self._stop = True
