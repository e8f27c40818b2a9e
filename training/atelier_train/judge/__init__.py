"""The judge: a small CNN trained only on real rendered compositions (never on generated images) that reads an
image and predicts its emoji concept(s), style, background colour, count and position, plus a CLIP-like
image-text embedding. Exported to ONNX for `atelier eval` (docs/evaluation.md).
"""
