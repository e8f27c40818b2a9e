"""The networks: shapes, patch layout, causal text encoder, both attention paths."""
import unittest

import torch

from atelier_train.dit import DiT
from atelier_train.layers import HAS_SDPA, set_fused_attention
from atelier_train.text_encoder import TextEncoder


def tiny():
    torch.manual_seed(0)
    dit = DiT(image_size=64, patch=16, dim=32, depth=2, heads=2, mlp_ratio=2.0, text_dim=16, bottleneck=8).eval()
    text = TextEncoder(50, 12, dim=16, depth=2, heads=2).eval()
    for p in dit.parameters():  # zero-initialised output layers would hide wiring mistakes
        torch.nn.init.normal_(p, std=0.05)
    return dit, text


class DiTTest(unittest.TestCase):
    def test_predicts_an_image_of_the_input_shape(self):
        dit, text = tiny()
        out = dit(torch.randn(3, 3, 64, 64), torch.tensor([10.0, 500.0, 999.0]), text(torch.randint(0, 50, (3, 12))))
        self.assertEqual(tuple(out.shape), (3, 3, 64, 64))

    def test_unpatchify_inverts_patchify(self):
        dit, _ = tiny()
        x = torch.randn(2, 3, 64, 64)
        torch.testing.assert_close(dit.unpatchify(dit.patchify(x)), x)

    def test_patch_tokens_are_16x16_pixel_squares_in_raster_order(self):
        dit, _ = tiny()
        x = torch.zeros(1, 3, 64, 64)
        x[0, :, 16:32, 32:48] = 1.0  # row 1, column 2 of the 4x4 patch grid
        tokens = dit.patchify(x)[0]
        self.assertEqual(tokens.abs().sum(1).nonzero().flatten().tolist(), [1 * 4 + 2])

    def test_output_depends_on_the_caption(self):
        dit, text = tiny()
        x, t = torch.randn(1, 3, 64, 64), torch.tensor([900.0])
        a = dit(x, t, text(torch.tensor([[1, 2, 3] + [4] * 9])))
        b = dit(x, t, text(torch.tensor([[1, 7, 8] + [4] * 9])))
        self.assertGreater((a - b).abs().max().item(), 1e-4)

    @unittest.skipUnless(HAS_SDPA, "this PyTorch has no scaled_dot_product_attention")
    def test_fused_and_plain_attention_agree(self):
        dit, text = tiny()
        ids, x, t = torch.randint(0, 50, (2, 12)), torch.randn(2, 3, 64, 64), torch.tensor([100.0, 800.0])
        set_fused_attention(dit, True), set_fused_attention(text, True)
        fused = dit(x, t, text(ids))
        set_fused_attention(dit, False), set_fused_attention(text, False)
        torch.testing.assert_close(dit(x, t, text(ids)), fused, atol=1e-5, rtol=1e-4)


class TextEncoderTest(unittest.TestCase):
    def test_is_causal_so_padding_never_changes_earlier_tokens(self):
        _, text = tiny()
        a = text(torch.tensor([[1, 2, 3, 9, 9, 9, 9, 9, 9, 9, 9, 9]]))
        b = text(torch.tensor([[1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13]]))
        torch.testing.assert_close(a[:, :3], b[:, :3])


if __name__ == "__main__":
    unittest.main()
