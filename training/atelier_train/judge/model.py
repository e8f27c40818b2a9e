"""The judge network: a small residual CNN over 64 x 64 RGB with one head per attribute, and a text tower.

Image [B, 3, 64, 64] in [-1, 1] -> 4 x 4 feature map [B, D, 4, 4] -> global average pool -> features [B, D].
Concept logits are a linear map of the pooled features; the same map applied per cell gives class activation
maps (Zhou et al. 2016, "Learning Deep Features for Discriminative Localization"), which locate each concept
for the two-object relations. The contrastive embedding follows CLIP (Radford et al. 2021) at toy scale.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from . import text as judge_text

INPUT = 64  # side the network sees; the exported graph average-pools 256 px images down to it


def conv_bn(ci, co, stride=1, act=True):
    layers = [nn.Conv2d(ci, co, 3, stride, 1, bias=False), nn.BatchNorm2d(co)]
    return nn.Sequential(*layers, nn.ReLU(inplace=True)) if act else nn.Sequential(*layers)


class Residual(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.a, self.b = conv_bn(c, c), conv_bn(c, c, act=False)

    def forward(self, x):
        return F.relu(x + self.b(self.a(x)))


class ImageTower(nn.Module):
    def __init__(self, widths=(64, 128, 256)):
        super().__init__()
        w0 = widths[0]
        layers = [nn.Conv2d(3, w0, 4, 4, bias=False), nn.BatchNorm2d(w0), nn.ReLU(inplace=True), Residual(w0)]
        for a, b in zip(widths, widths[1:]):
            layers += [conv_bn(a, b, 2), Residual(b)]
        self.body = nn.Sequential(*layers)
        self.dim = widths[-1]

    def forward(self, x):  # [B, 3, 64, 64] -> [B, D, 4, 4]
        return self.body(x)


class TextTower(nn.Module):
    """Hashed word/bigram ids [B, T] -> masked mean of embeddings -> MLP -> [B, E]."""

    def __init__(self, embed_dim, width=128):
        super().__init__()
        self.token = nn.Embedding(judge_text.VOCAB, width, padding_idx=0)
        self.mlp = nn.Sequential(nn.Linear(width, width), nn.GELU(), nn.Linear(width, embed_dim))

    def forward(self, ids):
        mask = (ids > 0).float().unsqueeze(-1)                          # [B, T, 1]
        h = (self.token(ids) * mask).sum(1) / mask.sum(1).clamp(min=1)  # [B, W]
        return F.normalize(self.mlp(h), dim=-1)


class Judge(nn.Module):
    def __init__(self, n_concepts, n_styles, n_colours, n_positions, n_counts=4, embed_dim=128):
        super().__init__()
        self.image = ImageTower()
        d = self.image.dim
        self.concept = nn.Linear(d, n_concepts)
        self.style = nn.Linear(d, n_styles)
        self.background = nn.Linear(d, n_colours)
        self.count = nn.Linear(d, n_counts)
        self.position = nn.Linear(d, n_positions)
        self.project = nn.Linear(d, embed_dim)
        self.text = TextTower(embed_dim)
        self.logit_scale = nn.Parameter(torch.tensor(2.66))  # exp -> about 14, CLIP's starting temperature

    def heads(self, x):
        fmap = self.image(x)            # [B, D, 4, 4]
        feat = fmap.mean(dim=(2, 3))    # [B, D]
        return fmap, feat, {
            "concept": self.concept(feat), "style": self.style(feat), "background": self.background(feat),
            "count": self.count(feat), "position": self.position(feat),
            "embedding": F.normalize(self.project(feat), dim=-1)}


class ExportedImage(nn.Module):
    """The ONNX image graph: [B, 3, 256, 256] RGB in [0, 1] -> every head, the features and the CAMs."""

    def __init__(self, judge, size=256):
        super().__init__()
        self.judge, self.pool = judge, size // INPUT

    def forward(self, image):
        x = F.avg_pool2d(image, self.pool) * 2 - 1                        # [B, 3, 64, 64] in [-1, 1]
        fmap, feat, h = self.judge.heads(x)
        cam = torch.einsum("bdhw,cd->bchw", fmap, self.judge.concept.weight)  # [B, C, 4, 4], bias left out
        return (h["concept"], cam, h["style"], h["background"], h["count"], h["position"], feat, h["embedding"])


IMAGE_OUTPUTS = ["concept_logits", "concept_map", "style_logits", "background_logits", "count_logits",
                 "position_logits", "features", "embedding"]


class ExportedText(nn.Module):
    def __init__(self, judge):
        super().__init__()
        self.text = judge.text

    def forward(self, ids):  # [B, T] int64 -> [B, E]
        return self.text(ids)
