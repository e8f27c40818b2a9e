"""Training batches: compositions and token ids drawn on the CPU, images rendered on the device.

One producer thread (the default), or `workers` processes for a fast device whose single Python thread would
not keep up (each process draws from its own seed; resuming then restarts their streams instead of continuing
them).
"""
import multiprocessing as mp
import queue
import random
import threading

import torch

from .data.compose import CompositionSampler
from .data.render import draft_images, reference_images, reference_sprites, render


class _Producer:
    """Draws batches: compositions, caption ids, reference sprite indices, with the conditioning dropout."""

    def __init__(self, pack, tokenizer, batch, max_length, seed, dropout, canvas, groups, styles, weights, concepts,
                 slots, drop_refs, drop_both):
        self.sampler = CompositionSampler(pack, seed=seed, split="train", canvas=canvas, groups=groups,
                                          styles=styles, weights=weights, concepts=concepts, retrieval=slots > 0)
        self.tok, self.batch, self.max_length = tokenizer, batch, max_length
        self.dropout, self.slots, self.drop_refs, self.drop_both = dropout, slots, drop_refs, drop_both
        self.rng = random.Random(seed + 1)

    def make(self):
        """(input_ids [B, L], compositions, refs [B, slots] sprite indices or -1)."""
        comps = self.sampler.sample(self.batch)
        caps, refs = [], []
        for c in comps:
            u = self.rng.random()
            if self.slots:  # both dropped (unconditional), references only, caption only
                drop_cap = u < self.drop_both or self.drop_both <= u < self.drop_both + self.dropout
                drop_ref = u < self.drop_both or (self.drop_both + self.dropout <= u
                                                  < self.drop_both + self.dropout + self.drop_refs)
            else:
                drop_cap, drop_ref = u < self.dropout, True
            caps.append("" if drop_cap else c.caption)
            row = [] if drop_ref else list(c.refs[:self.slots])
            refs.append(row + [-1] * (self.slots - len(row)))
        ids = torch.tensor([self.tok.encode(c, self.max_length) for c in caps], dtype=torch.long)
        return ids, comps, torch.tensor(refs, dtype=torch.long).reshape(len(comps), self.slots)


def _worker(producer, q, stop):
    while not stop.is_set():
        item = producer.make()
        while not stop.is_set():
            try:
                q.put(item, timeout=0.5)
                break
            except queue.Full:
                continue


class BatchStream:
    """Prefetches batches; `next()` renders the images (and the references) on the device.

    Caption dropout (classifier-free guidance) replaces a caption by "" with probability `dropout`; a
    retrieval model (slots > 0) also blanks references (drop_refs) or both (drop_both).
    """

    def __init__(self, pack, sprites_dev, tokenizer, batch, max_length, seed, dropout, canvas=256, prefetch=6,
                 groups=None, styles=None, weights=None, concepts=None, slots=0, drop_refs=0.0, drop_both=0.0,
                 ref_size=64, channels=3, workers=0, draft=False):
        args = (pack, tokenizer, batch, max_length, seed, dropout, canvas, groups, styles, weights, concepts,
                slots, drop_refs, drop_both)
        self.producer = _Producer(*args)
        self.sampler = self.producer.sampler
        self.sprites, self.canvas, self.slots, self.ref_size = sprites_dev, canvas, slots, ref_size
        self.alpha, self.draft = channels == 4, draft
        self._ref_sprites = None
        self._lock = threading.Lock()
        self.workers = []
        if workers > 0:
            ctx = mp.get_context("fork")
            self.q, self._stop_event = ctx.Queue(maxsize=prefetch * workers), ctx.Event()
            for w in range(workers):
                p = _Producer(*args[:4], seed + 7919 * (w + 1), *args[5:])
                proc = ctx.Process(target=_worker, args=(p, self.q, self._stop_event), daemon=True)
                proc.start()
                self.workers.append(proc)
        else:
            self.q = queue.Queue(maxsize=prefetch)
            self._stop = False
            self.thread = threading.Thread(target=self._run, daemon=True, name="batch-producer")
            self.thread.start()

    def _run(self):
        while not self._stop:
            with self._lock:
                item = self.producer.make()
            while not self._stop:
                try:
                    self.q.put(item, timeout=0.5)
                    break
                except queue.Full:
                    continue

    def ref_sprites(self):
        """The library's view of the pack's sprites (reference_sprites), on the sprites' device, made once."""
        if self._ref_sprites is None:
            self._ref_sprites = reference_sprites(self.sprites, self.ref_size)
        return self._ref_sprites

    def next(self, device):
        """(ids, images [B, C, canvas, canvas], compositions, references [B, slots, 4, S, S] or None,
        drafts [B, 4, canvas, canvas] or None); a draft is blank where the references were dropped."""
        ids, comps, refs = self.q.get()
        images = render(self.sprites, comps, self.canvas, alpha=self.alpha)
        references = reference_images(self.sprites, refs, self.ref_size) if self.slots else None
        drafts = draft_images(self.ref_sprites(), comps, self.canvas, (refs >= 0).any(1)) if self.draft else None
        return ids.to(device, non_blocking=True), images, comps, references, drafts

    def rng_state(self):
        with self._lock:
            return {"sampler": self.sampler.rng.getstate(), "dropout": self.producer.rng.getstate()}

    def set_rng_state(self, state):
        as_state = lambda s: (s[0], tuple(s[1]), s[2])
        with self._lock:
            self.sampler.rng.setstate(as_state(state["sampler"]))
            self.producer.rng.setstate(as_state(state["dropout"]))
        # drop what was prefetched from the old state
        while not self.q.empty():
            try:
                self.q.get_nowait()
            except queue.Empty:
                break

    def close(self):
        if self.workers:
            self._stop_event.set()
            for p in self.workers:
                p.terminate()
        else:
            self._stop = True
