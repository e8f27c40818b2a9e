"""Rendering compositions on the device: one grid_sample per mip level and an alpha 'over' per item slot.

Also the retrieval model's conditions: the library's 64-pixel view of the sprites (reference_sprites), the
reference slots (reference_images) and the drafts (draft_images).
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from .compose import Composition

def _params(comps: list, canvas: int):
    """Flatten items: per item sprite, image, paint slot, centre and side; plus backgrounds [B, 3]."""
    sprite, image, slot, geo = [], [], [], []
    for b, comp in enumerate(comps):
        for k, (s, cx, cy, side) in enumerate(comp.items):
            sprite.append(s)
            image.append(b)
            slot.append(k)
            geo.append((cx, cy, side))
    bg = torch.tensor([c.background for c in comps], dtype=torch.float32) / 255.0
    return (torch.tensor(sprite, dtype=torch.long), torch.tensor(image, dtype=torch.long),
            torch.tensor(slot, dtype=torch.long), torch.tensor(geo, dtype=torch.float32).reshape(-1, 3), bg)


def render(sprites_dev: torch.Tensor, comps: list, canvas: int = 256, alpha: bool = False) -> torch.Tensor:
    """Render compositions to float32 [B, 3, canvas, canvas] in [-1, 1] on sprites_dev's device; with alpha,
    [B, 4, canvas, canvas]: the fourth channel is the coverage of a transparent composition (1 elsewhere), whose
    colour channels are composed over white.

    sprites_dev: uint8 [N, S, S, 4] straight-alpha RGBA (pack.sprites moved to the device). Sprites are
    premultiplied, minified through 2x box-filtered mip levels where they are drawn small, placed with one
    bilinear grid_sample per level and composited 'over' the background in item order.
    """
    dev = sprites_dev.device
    sprite, image, slot, geo, bg = _params(comps, canvas)
    sprite, image, slot, geo = (t.to(dev, non_blocking=True) for t in (sprite, image, slot, geo))
    out = bg.to(dev)[:, :, None, None].expand(len(comps), 3, canvas, canvas).contiguous()  # [B, 3, C, C]
    if alpha:
        opaque = torch.tensor([0.0 if c.transparent else 1.0 for c in comps], device=dev)
        out = torch.cat([out, opaque[:, None, None, None].expand(len(comps), 1, canvas, canvas)], dim=1)
    if sprite.numel() == 0:
        return out * 2 - 1
    S = sprites_dev.shape[1]
    src = sprites_dev[sprite].permute(0, 3, 1, 2).contiguous().float().div_(255.0)  # [M, 4, S, S]
    src[:, :3] *= src[:, 3:]  # premultiplied, so that filtering does not bleed transparent colour
    cx, cy, side = geo[:, 0], geo[:, 1], geo[:, 2]
    # affine_grid maps output coords u in [-1, 1] to sprite coords: v = u * C/side + (C - 2c)/side
    theta = torch.zeros(len(sprite), 2, 3, device=dev)
    theta[:, 0, 0] = canvas / side
    theta[:, 1, 1] = canvas / side
    theta[:, 0, 2] = (canvas - 2 * cx) / side
    theta[:, 1, 2] = (canvas - 2 * cy) / side
    # mip level: halve the sprite while it would still be minified by more than 1.5x
    level = torch.clamp(torch.floor(torch.log2(S / side.clamp(min=1) / 1.5)) + 1, min=0, max=3).long()
    layers = torch.empty(len(sprite), 4, canvas, canvas, device=dev)  # [M, 4, C, C]
    todo = torch.arange(len(sprite), device=dev)  # items not drawn yet; mip holds their sprites at level lv
    mip = src
    for lv in range(4):
        if lv > 0:
            keep = level[todo] >= lv
            todo, mip = todo[keep], F.avg_pool2d(mip[keep], 2)
        here = level[todo] == lv
        sel = todo[here]
        if sel.numel() > 0:
            grid = F.affine_grid(theta[sel], [len(sel), 4, canvas, canvas], align_corners=False)
            layers[sel] = F.grid_sample(mip[here], grid, mode="bilinear", padding_mode="zeros",
                                        align_corners=False)
        if lv == 3 or bool((level[todo] > lv).sum() == 0):
            break
    for k in range(int(slot.max()) + 1):
        sel = (slot == k).nonzero().squeeze(1)
        if sel.numel() == 0:
            continue
        lay, img = layers[sel], image[sel]
        if alpha:  # colour and coverage both composed 'over'
            out[img] = lay + (1 - lay[:, 3:]) * out[img]
        else:
            out[img] = lay[:, :3] + (1 - lay[:, 3:]) * out[img]
    return out.clamp_(0, 1) * 2 - 1


def reference_images(sprites_dev: torch.Tensor, refs: torch.Tensor, size: int = 64) -> torch.Tensor:
    """Reference sprites as the reference encoder takes them: refs int64 [B, K] sprite indices (-1: no
    reference) -> float32 [B, K, 4, size, size] in [-1, 1], premultiplied colour and alpha, box-filtered down
    from the pack's side (the library's sprites are made the same way); an empty slot is all -1."""
    b, k = refs.shape
    dev = sprites_dev.device
    out = torch.full((b * k, 4, size, size), -1.0, device=dev)
    flat = refs.reshape(-1).to(dev)
    has = (flat >= 0).nonzero().squeeze(1)
    if has.numel():
        src = sprites_dev[flat[has]].permute(0, 3, 1, 2).float().div_(255.0)
        src[:, :3] *= src[:, 3:]
        S = src.shape[-1]
        if S != size:
            src = F.avg_pool2d(src, S // size)
        out[has] = src * 2 - 1
    return out.reshape(b, k, 4, size, size)


def reference_sprites(sprites: torch.Tensor, size: int = 64) -> torch.Tensor:
    """The pack's sprites as the library stores them: uint8 [N, size, size, 4] straight RGBA, box-filtered
    from the pack's side in premultiplied colour, rounded to 8 bits."""
    out = []
    for i in range(0, len(sprites), 1024):
        s = sprites[i:i + 1024].permute(0, 3, 1, 2).float() / 255.0
        s[:, :3] *= s[:, 3:]
        s = F.avg_pool2d(s, s.shape[-1] // size)
        a = s[:, 3:]
        s[:, :3] = torch.where(a > 0, s[:, :3] / a.clamp(min=1e-8), torch.zeros_like(s[:, :3]))
        out.append((s.clamp(0, 1) * 255).round().to(torch.uint8).permute(0, 2, 3, 1))
    return torch.cat(out).contiguous()


def draft_images(ref_sprites: torch.Tensor, comps: list, canvas: int, keep: torch.Tensor | None = None):
    """The draft of each composition: its items drawn with their concepts' reference sprites (ref_sprites, the
    library's 64-pixel sprites) on a transparent canvas -> float32 [B, 4, canvas, canvas] in [-1, 1],
    premultiplied colour and alpha; keep [B] bool: False gives a blank (all -1) draft."""
    drafts = [Composition(items=c.draft, background=(0, 0, 0), caption="", transparent=True) for c in comps]
    out = render(ref_sprites, drafts, canvas, alpha=True)
    if keep is not None:
        out[~keep.to(out.device)] = -1.0
    return out
