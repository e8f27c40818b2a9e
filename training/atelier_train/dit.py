"""Pixel-space diffusion transformer that predicts the clean image (x-prediction).

Follows the recipe of "Back to Basics: Let Denoising Generative Models Denoise" (Li & He, 2025): large
16-pixel patches through a low-rank bottleneck embedding, the network outputs the clean image and the loss is
taken on the implied velocity. Conditioning: timestep (plus a pooled caption vector) through adaLN-single
(PixArt-alpha: one shared modulation MLP plus a learned per-block table), caption tokens through
cross-attention.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .layers import MLP, Attention, PlainLayerNorm


def sincos_2d(grid, dim):
    """Fixed 2-D sine-cosine position table [grid*grid, dim] (ViT / MAE style)."""
    assert dim % 4 == 0
    ys, xs = torch.meshgrid(torch.arange(grid, dtype=torch.float32), torch.arange(grid, dtype=torch.float32), indexing="ij")
    omega = 1.0 / (10000 ** (torch.arange(dim // 4, dtype=torch.float32) / (dim // 4)))
    parts = []
    for coord in (ys.reshape(-1), xs.reshape(-1)):
        angles = coord[:, None] * omega[None, :]
        parts += [angles.sin(), angles.cos()]
    return torch.cat(parts, dim=1)


def timestep_features(t, dim=256, max_period=10000.0):
    """Sinusoidal features of the timestep value ``t`` (= sigma * 1000) -> [B, dim]."""
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half, dtype=torch.float32, device=t.device) / half)
    args = t.float()[:, None] * freqs[None, :]
    return torch.cat([args.cos(), args.sin()], dim=-1)


def modulate(x, shift, scale):
    return x * (1 + scale[:, None]) + shift[:, None]


class DiTBlock(nn.Module):
    def __init__(self, dim, heads, mlp_ratio, text_dim):
        super().__init__()
        self.norm1 = PlainLayerNorm(dim)
        self.attn = Attention(dim, heads)
        self.norm_cross = nn.LayerNorm(dim, eps=1e-6)
        self.cross = Attention(dim, heads, kv_dim=text_dim)
        self.norm2 = PlainLayerNorm(dim)
        self.mlp = MLP(dim, mlp_ratio)
        self.table = nn.Parameter(torch.randn(6, dim) / math.sqrt(dim))

    def forward(self, x, mod, context):  # x [B,N,D], mod [B,6,D], context [B,L,Dt]
        shift1, scale1, gate1, shift2, scale2, gate2 = (mod + self.table[None]).unbind(1)
        x = x + gate1[:, None] * self.attn(modulate(self.norm1(x), shift1, scale1))
        x = x + self.cross(self.norm_cross(x), context)
        return x + gate2[:, None] * self.mlp(modulate(self.norm2(x), shift2, scale2))


class DiT(nn.Module):
    def __init__(self, image_size=256, patch=16, channels=3, dim=384, depth=6, heads=6, mlp_ratio=4.0,
                 text_dim=256, bottleneck=128, text_len=None, ref_slots=0, ref_tokens=0, draft_channels=0):
        """text_len, ref_slots, ref_tokens: a retrieval model's context is text_len caption tokens followed by
        ref_slots references of ref_tokens tokens each (atelier_train.refs); a learned per-slot embedding tells the
        references apart and the pooled conditioning is taken over the caption tokens only. draft_channels: a
        spatial condition (the retrieved sprites drawn where the prompt places them, data.render.draft_images),
        its patches embedded at full width (no bottleneck: it carries the detail to copy) and added to the
        image tokens; the embedding starts at zero, so a model given a draft starts as the model without."""
        super().__init__()
        self.text_len, self.ref_slots, self.ref_tokens = text_len, ref_slots, ref_tokens
        if ref_slots:
            self.ref_slot = nn.Parameter(torch.randn(ref_slots, text_dim) * 0.02)
        self.image_size, self.patch, self.channels = image_size, patch, channels
        self.draft_channels = draft_channels
        self.grid = image_size // patch
        patch_dim = patch * patch * channels
        self.embed_in = nn.Linear(patch_dim, bottleneck, bias=False)
        if draft_channels:
            self.draft_in = nn.Linear(patch * patch * draft_channels, dim)
        self.embed_out = nn.Linear(bottleneck, dim)
        self.register_buffer("position", sincos_2d(self.grid, dim)[None], persistent=False)
        self.t_mlp = nn.Sequential(nn.Linear(256, dim), nn.SiLU(), nn.Linear(dim, dim))
        self.text_pool = nn.Linear(text_dim, dim)
        self.modulation = nn.Sequential(nn.SiLU(), nn.Linear(dim, 6 * dim))
        self.blocks = nn.ModuleList(DiTBlock(dim, heads, mlp_ratio, text_dim) for _ in range(depth))
        self.final_norm = PlainLayerNorm(dim)
        self.final_modulation = nn.Sequential(nn.SiLU(), nn.Linear(dim, 2 * dim))
        self.final = nn.Linear(dim, patch_dim)
        self._init()

    def _init(self):
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.xavier_uniform_(m.weight)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
        zero = [self.modulation[1], self.final_modulation[1], self.final]
        if self.draft_channels:
            zero.append(self.draft_in)
        for lin in zero:
            nn.init.zeros_(lin.weight)
            nn.init.zeros_(lin.bias)
        nn.init.normal_(self.t_mlp[0].weight, std=0.02)
        nn.init.normal_(self.t_mlp[2].weight, std=0.02)

    def patchify(self, x):  # [B,C,H,W] -> [B,N,p*p*C]
        b, c, h, w = x.shape
        p = self.patch
        x = x.reshape(b, c, h // p, p, w // p, p).permute(0, 2, 4, 3, 5, 1)
        return x.reshape(b, (h // p) * (w // p), p * p * c)

    def unpatchify(self, x):  # [B,N,p*p*C] -> [B,C,H,W]
        b = x.shape[0]
        p, g, c = self.patch, self.grid, self.channels
        x = x.reshape(b, g, g, p, p, c).permute(0, 5, 1, 3, 2, 4)
        return x.reshape(b, c, g * p, g * p)

    def forward(self, x_t, t, context, draft=None):
        """x_t [B,C,H,W] noisy image, t [B] = sigma*1000, context [B,L,Dt] (draft [B,Cd,H,W] where the model
        has draft channels) -> predicted clean image [B,C,H,W]."""
        h = self.embed_out(self.embed_in(self.patchify(x_t))) + self.position
        if self.draft_channels:
            h = h + self.draft_in(self.patchify(draft.to(x_t.dtype)))
        if self.ref_slots:
            text = context[:, :self.text_len]
            slots = self.ref_slot.to(context.dtype).repeat_interleave(self.ref_tokens, dim=0)
            context = torch.cat([text, context[:, self.text_len:] + slots[None]], dim=1)
            pooled = text.mean(1)
        else:
            pooled = context.mean(1)
        cond = self.t_mlp(timestep_features(t).to(h.dtype)) + self.text_pool(pooled)
        mod = self.modulation(cond).reshape(cond.shape[0], 6, -1)
        for block in self.blocks:
            h = block(h, mod, context)
        shift, scale = self.final_modulation(cond).chunk(2, dim=-1)
        h = self.final(modulate(self.final_norm(h), shift, scale))
        return self.unpatchify(h)


def count_params(module):
    return sum(p.numel() for p in module.parameters())
