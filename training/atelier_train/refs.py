"""The reference encoder of a retrieval model (atelier-image-2): library sprites -> cross-attention tokens.

A reference is a 64 x 64 RGBA sprite (premultiplied colour and alpha in [-1, 1], data.render.reference_images);
it is cut into 8 x 8 patches (64 tokens), embedded with a fixed 2-D sine-cosine position table and mixed by a
few transformer blocks. The denoiser cross-attends to the caption's tokens followed by every reference's tokens
(dit.DiT with ref_slots). References do not change during sampling, so the engine encodes them once per image.
"""
import torch
import torch.nn as nn

from .dit import sincos_2d
from .layers import MLP, Attention


class RefBlock(nn.Module):
    def __init__(self, dim, heads, mlp_ratio):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = MLP(dim, mlp_ratio)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class RefEncoder(nn.Module):
    def __init__(self, size=64, patch=8, dim=256, depth=2, heads=4, mlp_ratio=2.0):
        super().__init__()
        self.size, self.patch = size, patch
        self.grid = size // patch
        self.tokens = self.grid * self.grid
        self.embed = nn.Linear(patch * patch * 4, dim)
        self.register_buffer("position", sincos_2d(self.grid, dim)[None], persistent=False)
        self.blocks = nn.ModuleList(RefBlock(dim, heads, mlp_ratio) for _ in range(depth))
        self.norm = nn.LayerNorm(dim)

    def forward(self, reference):  # [N, 4, S, S] -> [N, tokens, dim]
        n, c, h, w = reference.shape
        p = self.patch
        x = reference.reshape(n, c, h // p, p, w // p, p).permute(0, 2, 4, 3, 5, 1).reshape(n, self.tokens, p * p * c)
        x = self.embed(x) + self.position
        for block in self.blocks:
            x = block(x)
        return self.norm(x)

    def encode_slots(self, refs):  # [B, K, 4, S, S] -> [B, K * tokens, dim]
        b, k = refs.shape[:2]
        return self(refs.reshape(b * k, *refs.shape[2:])).reshape(b, k * self.tokens, -1)
