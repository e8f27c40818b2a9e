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
    """[B,3,H,W] in [-1,1] -> list of PIL images."""
    arr = ((images.float().clamp(-1, 1) + 1) * 127.5).round().byte().permute(0, 2, 3, 1).cpu().numpy()
    return [Image.fromarray(a) for a in arr]


@torch.no_grad()
def generate(dit, text, tok, cfg, prompts, seed=0, device="cpu", steps=None, guidance=None, shift=None, batch=8):
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
        noise = torch.stack([torch.randn(3, size, size, generator=torch.Generator().manual_seed(seed + i + j))
                             for j in range(len(chunk))]).to(device)
        out.append(sample(dit, text, ids, uncond, noise, steps, shift, guidance).cpu())
    return torch.cat(out)


def grid_image(images, cols=4, tile=256):
    pics = to_pil(images)
    rows = (len(pics) + cols - 1) // cols
    canvas = Image.new("RGB", (cols * tile, rows * tile), "white")
    for i, p in enumerate(pics):
        canvas.paste(p.resize((tile, tile), Image.BILINEAR), ((i % cols) * tile, (i // cols) * tile))
    return canvas


def sample_grid(dit, text, tok, cfg, path, device="cpu", prompts=GRID_PROMPTS, seed=0):
    dit.eval()
    text.eval()
    images = generate(dit, text, tok, cfg, prompts, seed=seed, device=device)
    grid_image(images).save(path)
    return images
