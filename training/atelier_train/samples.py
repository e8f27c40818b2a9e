"""Sample grids from a trained model (PyTorch side), for a quick look at a run."""
import torch
from PIL import Image

from .flow import sample
from .layers import set_fused_attention

GRID_PROMPTS = [
    "a dog", "a cat face", "a red apple", "a slice of pizza",
    "a rocket on a blue background", "a red heart in the top left corner", "three stars", "two bananas",
    "a dog to the left of a cat", "a tree in fluent 3d style", "a house on a yellow background", "a car, openmoji style",
    "a small pizza at the bottom right", "a large sun on a purple background", "un chat", "一只狗",
]


def to_pil(images):
    """[B,3,H,W] in [-1,1] -> list of PIL images; [B,4,H,W] (colour over white and alpha) -> RGB on white."""
    arr = ((images[:, :3].float().clamp(-1, 1) + 1) * 127.5).round().byte().permute(0, 2, 3, 1).cpu().numpy()
    return [Image.fromarray(a) for a in arr]


@torch.no_grad()
def generate(dit, text, tok, cfg, prompts, seed=0, device="cpu", steps=None, guidance=None, shift=None, batch=8,
             ref_encoder=None, references=None, drafts=None, draft_steps=0, draft_use=None):
    """references [len(prompts), K, 4, S, S] for a retrieval model (ref_encoder); drafts [len(prompts), 4, H, W]
    for one with draft channels."""
    s = cfg["sample"]
    steps, guidance, shift = steps or s["steps"], guidance or s["guidance"], shift or s["shift"]
    L, size = cfg["text"]["max_length"], cfg["model"]["image_size"]
    set_fused_attention(dit, True)
    set_fused_attention(text, True)
    out = []
    for i in range(0, len(prompts), batch):
        chunk = prompts[i:i + batch]
        ids = torch.tensor([tok.encode(p, L) for p in chunk], device=device)
        uncond = torch.tensor([tok.encode("", L)] * len(chunk), device=device)
        ch = cfg["model"].get("channels", 3)
        noise = torch.stack([torch.randn(ch, size, size, generator=torch.Generator().manual_seed(seed + i + j))
                             for j in range(len(chunk))]).to(device)
        refs = references[i:i + batch].to(device) if ref_encoder is not None else None
        d = drafts[i:i + batch].to(device) if drafts is not None else None
        use = draft_use[i:i + batch] if draft_use is not None else None
        out.append(sample(dit, text, ids, uncond, noise, steps, shift, guidance, ref_encoder, refs, d,
                          draft_steps, use).cpu())
    return torch.cat(out)


def grid_image(images, cols=4, tile=256):
    pics = to_pil(images)
    rows = (len(pics) + cols - 1) // cols
    canvas = Image.new("RGB", (cols * tile, rows * tile), "white")
    for i, p in enumerate(pics):
        canvas.paste(p.resize((tile, tile), Image.BILINEAR), ((i % cols) * tile, (i // cols) * tile))
    return canvas


def sample_grid(dit, text, tok, cfg, path, device="cpu", prompts=GRID_PROMPTS, seed=0, ref_encoder=None,
                references=None):
    dit.eval()
    text.eval()
    images = generate(dit, text, tok, cfg, prompts, seed=seed, device=device, ref_encoder=ref_encoder,
                      references=references)
    grid_image(images).save(path)
    return images


def holdout_compositions(pack, n, canvas, seed=0):
    """n held-out compositions of a retrieval model (pairs, colour/position, singles) on its canvas side, with
    their references."""
    from .data.compose import CompositionSampler
    return CompositionSampler(pack, seed=seed, split="holdout", canvas=canvas, retrieval=True).sample(n)


def composition_grid(dit, text, ref_encoder, tok, cfg, pack, comps, path, device="cpu", seed=0):
    """A retrieval model's grid: for each composition the true rendering, then the generated image."""
    from .data.render import draft_images, reference_images, reference_sprites, render
    size, slots = cfg["model"]["image_size"], cfg["refs"]["slots"]
    refs = torch.tensor([(c.refs + [-1] * slots)[:slots] for c in comps], dtype=torch.long)
    references = reference_images(pack.sprites, refs, cfg["refs"]["size"])
    dit.eval(), text.eval(), ref_encoder.eval()
    drafts = draft_images(reference_sprites(pack.sprites, cfg["refs"]["size"]), comps, size) \
        if cfg["model"].get("draft_channels") else None
    made = generate(dit, text, tok, cfg, [c.caption for c in comps], seed=seed, device=device,
                    ref_encoder=ref_encoder, references=references, drafts=drafts)
    truth = render(pack.sprites, comps, size, alpha=True)
    pairs = torch.stack([truth, made], dim=1).reshape(-1, *made.shape[1:])
    grid_image(pairs, cols=8).save(path)
    return made
