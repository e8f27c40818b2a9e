"""Pixel-space convolutional U-Net denoiser with x-prediction, the alternative to the DiT (config model.arch).

Same contract as dit.DiT: (x_t [B,3,H,W], t [B] = sigma*1000, context [B,L,Dt]) -> predicted clean image.
The image is folded into channels first (space-to-depth by ``fold``, like a DiT's patch embedding), so a
128-pixel canvas costs what a 64-pixel one would at the widest level, and unfolded again at the output.
Timestep and pooled caption modulate every residual block (scale and shift after its second norm); caption
tokens reach the coarse levels through cross-attention. Convolutions learn sharp edges from far fewer images
than large-patch transformers, which is what a model trained on two CPU cores needs (docs/training.md).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from .dit import timestep_features
from .layers import MLP, Attention


def _groups(channels):
    for g in (32, 16, 8, 4, 2):
        if channels % g == 0 and channels // g >= 4:
            return g
    return 1


class GroupNorm(nn.GroupNorm):
    """GroupNorm computed in float32 (PyTorch 1.13's CPU autocast hands it bfloat16 inputs it cannot mix)."""

    def forward(self, x):
        return F.group_norm(x.float(), self.num_groups, self.weight, self.bias, self.eps).to(x.dtype)


class ResBlock(nn.Module):
    def __init__(self, cin, cout, cond_dim):
        super().__init__()
        self.norm1 = GroupNorm(_groups(cin), cin, eps=1e-5)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.cond = nn.Linear(cond_dim, 2 * cout)
        self.norm2 = GroupNorm(_groups(cout), cout, eps=1e-5)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()
        nn.init.zeros_(self.conv2.weight)
        nn.init.zeros_(self.conv2.bias)

    def forward(self, x, cond):
        h = self.conv1(F.silu(self.norm1(x)))
        scale, shift = self.cond(cond).chunk(2, dim=-1)
        h = self.norm2(h) * (1 + scale[:, :, None, None]) + shift[:, :, None, None]
        return self.skip(x) + self.conv2(F.silu(h))


class AttnBlock(nn.Module):
    """Self-attention over the pixels of a coarse level, cross-attention to the caption, MLP."""

    def __init__(self, channels, heads, text_dim):
        super().__init__()
        self.norm1 = nn.LayerNorm(channels, eps=1e-6)
        self.attn = Attention(channels, heads)
        self.norm_cross = nn.LayerNorm(channels, eps=1e-6)
        self.cross = Attention(channels, heads, kv_dim=text_dim)
        self.norm2 = nn.LayerNorm(channels, eps=1e-6)
        self.mlp = MLP(channels, 2.0)
        for lin in (self.attn.out, self.cross.out, self.mlp.fc2):
            nn.init.zeros_(lin.weight)
            nn.init.zeros_(lin.bias)

    def forward(self, x, context):
        b, c, h, w = x.shape
        s = x.flatten(2).transpose(1, 2).float()  # [B, HW, C]; the residual stream in float32 (LayerNorm)
        s = s + self.attn(self.norm1(s))
        s = s + self.cross(self.norm_cross(s), context)
        s = s + self.mlp(self.norm2(s))
        return s.transpose(1, 2).reshape(b, c, h, w)


class Level(nn.Module):
    """The residual blocks of one resolution, each optionally followed by attention. Called as a module (so
    that the exported graph's node names carry its path, which bench.package_weights relies on)."""

    def __init__(self, cins, cout, cond_dim, attn, heads, text_dim):
        super().__init__()
        self.res = nn.ModuleList(ResBlock(cin, cout, cond_dim) for cin in cins)
        self.attn = nn.ModuleList(AttnBlock(cout, heads, text_dim) for _ in cins) if attn else None

    def forward(self, h, cond, context, skips: list, up: bool):
        """Down (up=False): push every block's output onto skips. Up: concatenate a popped skip before each."""
        for i, res in enumerate(self.res):
            if up:
                h = torch.cat([h, skips.pop()], dim=1)
            h = res(h, cond)
            if self.attn is not None:
                h = self.attn[i](h, context)
            if not up:
                skips.append(h)
        return h


class UNet(nn.Module):
    def __init__(self, image_size=128, fold=2, channels=3, base=64, mults=(1, 2, 3, 4), blocks=1,
                 attn_levels=(2, 3), heads=4, text_dim=256):
        super().__init__()
        self.image_size, self.fold, self.channels = image_size, fold, channels
        if image_size % (fold * 2 ** (len(mults) - 1)):
            raise ValueError(f"image_size {image_size} must be divisible by fold * 2^(levels-1)")
        widths = [base * m for m in mults]
        cond_dim = widths[-1]
        self.t_mlp = nn.Sequential(nn.Linear(256, cond_dim), nn.SiLU(), nn.Linear(cond_dim, cond_dim))
        self.text_pool = nn.Linear(text_dim, cond_dim)
        self.stem = nn.Conv2d(channels * fold * fold, widths[0], 3, padding=1)
        self.down, self.downsample = nn.ModuleList(), nn.ModuleList()
        skips, ch = [widths[0]], widths[0]
        for i, w in enumerate(widths):
            self.down.append(Level([ch] + [w] * (blocks - 1), w, cond_dim, i in attn_levels, heads, text_dim))
            ch = w
            skips += [w] * blocks
            if i < len(widths) - 1:
                self.downsample.append(nn.Conv2d(w, w, 3, stride=2, padding=1))
                skips.append(w)
        self.mid = Level([ch, ch], ch, cond_dim, True, heads, text_dim)
        self.up, self.upsample = nn.ModuleList(), nn.ModuleList()
        for i, w in reversed(list(enumerate(widths))):
            cins = []
            for _ in range(blocks + 1):
                cins.append(ch + skips.pop())
                ch = w
            self.up.append(Level(cins, w, cond_dim, i in attn_levels, heads, text_dim))
            if i > 0:
                self.upsample.append(nn.Conv2d(w, w, 3, padding=1))
        self.out_norm = GroupNorm(_groups(ch), ch, eps=1e-5)
        self.out = nn.Conv2d(ch, channels * fold * fold, 3, padding=1)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)

    def forward(self, x_t, t, context):
        """x_t [B,3,H,W] noisy image, t [B] = sigma*1000, context [B,L,Dt] -> predicted clean image [B,3,H,W]."""
        h = F.pixel_unshuffle(x_t, self.fold) if self.fold > 1 else x_t
        h = self.stem(h)
        cond = self.t_mlp(timestep_features(t).to(h.dtype)) + self.text_pool(context.mean(1))
        cond = F.silu(cond)
        skips = [h]
        for i, level in enumerate(self.down):
            h = level(h, cond, context, skips, up=False)
            if i < len(self.downsample):
                h = self.downsample[i](h)
                skips.append(h)
        h = self.mid(h, cond, context, [], up=False)
        for i, level in enumerate(self.up):
            h = level(h, cond, context, skips, up=True)
            if i < len(self.upsample):
                h = self.upsample[i](F.interpolate(h, scale_factor=2.0, mode="nearest"))
        h = self.out(F.silu(self.out_norm(h)))
        return F.pixel_shuffle(h, self.fold) if self.fold > 1 else h
