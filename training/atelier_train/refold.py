"""Start a DiT on a smaller canvas from one trained on a larger canvas with the same token grid.

A DiT with patch P on a canvas S and one with patch P/k on S/k share every weight except the patch embedding
(`embed_in`, [bottleneck, P*P*C]) and the output projection (`final`, [P*P*C, dim] and its bias): their token
grids, positions, blocks and text conditioning are the same. Seen at 1/k resolution, a pixel of the small
canvas stands for a k x k block of the large one (its mean), so

- the new `embed_in` sums the old weights over each block (the old embedding of a block-constant patch), and
- the new `final` averages the old rows over each block (the mean of the old prediction over the block),

which makes the small model compute, on a downscaled image, what the large one computed on the block-constant
upscale of it. The pure-noise part of the input is the exception (k x k independent values become one), which
fine-tuning absorbs. Patch vectors are ordered (row, column, channel), as `DiT.patchify` lays them out.
"""
import torch


def fold_patch_tensors(tensors, old_patch, new_patch, channels=3, prefix="dit."):
    """Return a copy of a checkpoint's tensors with the DiT's embed_in/final folded from old_patch to new_patch."""
    if old_patch % new_patch:
        raise ValueError(f"the old patch ({old_patch}) must be a whole multiple of the new one ({new_patch})")
    k, p = old_patch // new_patch, new_patch
    out = dict(tensors)
    w = tensors[prefix + "embed_in.weight"]  # [bottleneck, old*old*C]
    out[prefix + "embed_in.weight"] = w.reshape(w.shape[0], p, k, p, k, channels).sum(dim=(2, 4)).reshape(w.shape[0], -1)
    f = tensors[prefix + "final.weight"]  # [old*old*C, dim]
    out[prefix + "final.weight"] = f.reshape(p, k, p, k, channels, f.shape[1]).mean(dim=(1, 3)).reshape(-1, f.shape[1])
    b = tensors[prefix + "final.bias"]
    out[prefix + "final.bias"] = b.reshape(p, k, p, k, channels).mean(dim=(1, 3)).reshape(-1)
    return out


def needs_fold(old_model_cfg, new_model_cfg):
    """True when the two DiT configs share the token grid and differ only by patch (and canvas) size."""
    same_grid = old_model_cfg["image_size"] // old_model_cfg["patch"] == new_model_cfg["image_size"] // new_model_cfg["patch"]
    return same_grid and old_model_cfg["patch"] != new_model_cfg["patch"]


@torch.no_grad()
def check_equivalence(big, small, image_small, t, context):
    """max |small(x) - downscale(big(upscale(x)))| for block-constant inputs (a test helper)."""
    k = big.patch // small.patch
    up = image_small.repeat_interleave(k, dim=2).repeat_interleave(k, dim=3)
    ref = torch.nn.functional.avg_pool2d(big(up, t, context), k)
    return float((small(image_small, t, context) - ref).abs().max())
