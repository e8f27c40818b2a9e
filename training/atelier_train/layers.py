"""Building blocks shared by the text encoder and the denoiser.

Attention has two paths: PyTorch 2.x's fused ``scaled_dot_product_attention`` for training, and plain
matmul + softmax for ONNX export and for torch 1.13 (which has no SDPA). ``Attention.fused`` picks the path;
the exporter switches it off.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

HAS_SDPA = hasattr(F, "scaled_dot_product_attention")


class RMSNorm(nn.Module):
    """RMS normalisation over the last axis (Zhang & Sennrich 2019), written in primitive ops so it exports."""

    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        dtype = x.dtype
        x = x.float()
        x = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)
        return (x * self.weight.float()).to(dtype)


class PlainLayerNorm(nn.Module):
    """LayerNorm without learned affine (adaLN supplies it); the unit scale is a buffer so that the exported
    LayerNormalization node has its required scale input."""

    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.register_buffer("ones", torch.ones(dim), persistent=False)

    def forward(self, x):
        return F.layer_norm(x, self.ones.shape, self.ones.to(x.dtype), None, self.eps)


def attention(q, k, v, causal, fused):
    """q [B,H,Lq,Dh], k/v [B,H,Lk,Dh] -> [B,H,Lq,Dh]."""
    if fused and HAS_SDPA:
        return F.scaled_dot_product_attention(q, k, v, is_causal=causal)
    scale = 1.0 / math.sqrt(q.shape[-1])
    scores = torch.matmul(q * scale, k.transpose(-1, -2))  # [B,H,Lq,Lk]
    if causal:
        lq, lk = q.shape[-2], k.shape[-2]
        mask = torch.ones(lq, lk, dtype=torch.bool, device=q.device).triu(1)
        scores = scores.masked_fill(mask, float("-inf"))
    return torch.matmul(scores.softmax(-1), v)


class Attention(nn.Module):
    """Multi-head attention with QK-RMSNorm (keeps logits bounded at high learning rates)."""

    fused = True

    def __init__(self, dim, heads, kv_dim=None, causal=False, qk_norm=True):
        super().__init__()
        assert dim % heads == 0, f"dim {dim} not divisible by heads {heads}"
        self.heads, self.head_dim, self.causal = heads, dim // heads, causal
        self.cross = kv_dim is not None
        if self.cross:
            self.q = nn.Linear(dim, dim)
            self.kv = nn.Linear(kv_dim, 2 * dim)
        else:
            self.qkv = nn.Linear(dim, 3 * dim)
        self.q_norm = RMSNorm(self.head_dim) if qk_norm else nn.Identity()
        self.k_norm = RMSNorm(self.head_dim) if qk_norm else nn.Identity()
        self.out = nn.Linear(dim, dim)

    def forward(self, x, context=None):
        b, n, _ = x.shape
        if self.cross:
            q = self.q(x).reshape(b, n, self.heads, self.head_dim)
            m = context.shape[1]
            k, v = self.kv(context).reshape(b, m, 2, self.heads, self.head_dim).unbind(2)
        else:
            q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, self.head_dim).unbind(2)
        q = self.q_norm(q).transpose(1, 2)  # [B,H,N,Dh]
        k = self.k_norm(k).transpose(1, 2)
        v = v.transpose(1, 2)
        y = attention(q, k, v, self.causal, self.fused)
        return self.out(y.transpose(1, 2).reshape(b, n, -1))


class MLP(nn.Module):
    def __init__(self, dim, ratio):
        super().__init__()
        hidden = int(dim * ratio)
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x), approximate="tanh"))


def set_fused_attention(module, fused):
    for m in module.modules():
        if isinstance(m, Attention):
            m.fused = fused
