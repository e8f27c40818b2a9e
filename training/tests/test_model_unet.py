"""The convolutional U-Net denoiser (atelier_train/unet.py) and its selection by config (model.arch)."""
import unittest

import torch

from atelier_train.config import build_models, load_config
from atelier_train.layers import set_fused_attention
from atelier_train.text_encoder import TextEncoder
from atelier_train.unet import UNet


def tiny(fold=2, image_size=32):
    torch.manual_seed(0)
    unet = UNet(image_size=image_size, fold=fold, base=8, mults=(1, 2), blocks=1, attn_levels=(1,), heads=2,
                text_dim=16).eval()
    text = TextEncoder(50, 12, dim=16, depth=1, heads=2).eval()
    for p in unet.parameters():  # zero-initialised output convolutions would hide wiring mistakes
        torch.nn.init.normal_(p, std=0.05)
    return unet, text


class UNetTest(unittest.TestCase):
    def test_predicts_an_image_of_the_input_shape_for_each_fold(self):
        for fold in (1, 2, 4):
            unet, text = tiny(fold)
            out = unet(torch.randn(3, 3, 32, 32), torch.tensor([10.0, 500.0, 999.0]),
                       text(torch.randint(0, 50, (3, 12))))
            self.assertEqual(tuple(out.shape), (3, 3, 32, 32), f"fold {fold}")

    def test_output_depends_on_the_caption_and_the_timestep(self):
        unet, text = tiny()
        x, t = torch.randn(1, 3, 32, 32), torch.tensor([900.0])
        ctx_a, ctx_b = text(torch.tensor([[1, 2, 3] + [4] * 9])), text(torch.tensor([[1, 7, 8] + [4] * 9]))
        a = unet(x, t, ctx_a)
        self.assertGreater((a - unet(x, t, ctx_b)).abs().max().item(), 1e-4)
        self.assertGreater((a - unet(x, torch.tensor([100.0]), ctx_a)).abs().max().item(), 1e-4)

    def test_starts_as_the_zero_image(self):  # zero-initialised output: the first prediction is the data mean
        unet = UNet(image_size=32, fold=2, base=8, mults=(1, 2), text_dim=16, attn_levels=(1,), heads=2)
        out = unet(torch.randn(2, 3, 32, 32), torch.tensor([500.0, 20.0]), torch.randn(2, 12, 16))
        self.assertEqual(out.abs().max().item(), 0.0)

    def test_fused_and_plain_attention_agree(self):
        unet, text = tiny()
        ids, x, t = torch.randint(0, 50, (2, 12)), torch.randn(2, 3, 32, 32), torch.tensor([100.0, 800.0])
        context = text(ids)
        set_fused_attention(unet, True)
        fused = unet(x, t, context)
        set_fused_attention(unet, False)
        torch.testing.assert_close(unet(x, t, context), fused, atol=1e-5, rtol=1e-4)

    def test_runs_under_cpu_bf16_autocast(self):  # the CPU trainer's precision on PyTorch 1.13
        unet, text = tiny()
        with torch.autocast(device_type="cpu", dtype=torch.bfloat16):
            out = unet(torch.randn(2, 3, 32, 32), torch.tensor([100.0, 800.0]), text(torch.randint(0, 50, (2, 12))))
        self.assertTrue(torch.isfinite(out.float()).all())

    def test_refuses_a_canvas_the_levels_cannot_halve(self):
        with self.assertRaisesRegex(ValueError, "divisible by fold"):
            UNet(image_size=36, fold=4, base=8, mults=(1, 2), text_dim=16)


class ArchSelectionTest(unittest.TestCase):
    def test_the_unet_configs_build_a_unet(self):
        for name in ("tiny-unet", "cpu-unet"):
            dit, _ = build_models(load_config(name), 700)
            self.assertIsInstance(dit, UNet, name)

    def test_an_unknown_arch_is_refused_with_the_allowed_ones(self):
        cfg = load_config("tiny", {"model": {"arch": "gan"}})
        with self.assertRaisesRegex(ValueError, "model.arch must be 'dit' or 'unet', got 'gan'"):
            build_models(cfg, 700)


if __name__ == "__main__":
    unittest.main()
