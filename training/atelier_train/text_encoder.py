"""A small causal transformer text encoder, trained from scratch with the denoiser.

Causal like CLIP's, so padding after ``<|endoftext|>`` never changes the states of the real tokens and the
engine needs no attention mask: ``input_ids [B, L] -> last_hidden_state [B, L, D]``.
"""
import torch
import torch.nn as nn

from .layers import MLP, Attention, RMSNorm


class TextBlock(nn.Module):
    def __init__(self, dim, heads, mlp_ratio):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = Attention(dim, heads, causal=True)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = MLP(dim, mlp_ratio)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class TextEncoder(nn.Module):
    def __init__(self, vocab_size, max_length, dim=256, depth=4, heads=4, mlp_ratio=2.0, embed_std=0.02):
        super().__init__()
        self.max_length = max_length
        self.token = nn.Embedding(vocab_size, dim)
        self.position = nn.Parameter(torch.zeros(1, max_length, dim))
        nn.init.normal_(self.token.weight, std=0.02)
        nn.init.normal_(self.position, std=0.01)
        self.blocks = nn.ModuleList(TextBlock(dim, heads, mlp_ratio) for _ in range(depth))
        self.norm = nn.LayerNorm(dim)
        if embed_std != 0.02:  # see DEFAULTS["text"]["embed_std"] in config.py
            nn.init.normal_(self.token.weight, std=embed_std)
            for block in self.blocks:  # residual branches start at zero: the stream starts as the tokens
                nn.init.zeros_(block.attn.out.weight)
                nn.init.zeros_(block.mlp.fc2.weight)

    def forward(self, input_ids):  # [B, L] int64 -> [B, L, D]
        x = self.token(input_ids) + self.position[:, : input_ids.shape[1]]
        for block in self.blocks:
            x = block(x)
        return self.norm(x)


__all__ = ["TextEncoder", "RMSNorm"]
