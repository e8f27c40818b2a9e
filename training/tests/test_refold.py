"""atelier_train.refold: a DiT folded to half the patch on half the canvas computes what the original did."""
import unittest

import torch

from atelier_train.dit import DiT
from atelier_train.refold import check_equivalence, fold_patch_tensors, needs_fold


class RefoldTest(unittest.TestCase):
    def test_folded_model_matches_the_original_on_block_constant_images(self):
        torch.manual_seed(0)
        kw = dict(channels=3, dim=32, depth=1, heads=2, mlp_ratio=2.0, bottleneck=16, text_dim=24)
        big, small = DiT(image_size=32, patch=8, **kw).eval(), DiT(image_size=16, patch=4, **kw).eval()
        with torch.no_grad():  # the zero-initialised output layers would make the check trivial
            for prm in big.parameters():
                prm.normal_(0, 0.2)
        tensors = {"dit." + k: v for k, v in big.state_dict().items()}
        folded = fold_patch_tensors(tensors, 8, 4)
        small.load_state_dict({k[4:]: v for k, v in folded.items()})
        x, ctx = torch.randn(2, 3, 16, 16), torch.randn(2, 5, 24)
        t = torch.tensor([700.0, 200.0])
        self.assertLess(check_equivalence(big, small, x, t, ctx), 1e-4)
        self.assertGreater(float(small(x, t, ctx).abs().mean()), 1e-2)  # not a zero network

    def test_needs_fold_only_for_the_same_grid_and_another_patch(self):
        self.assertTrue(needs_fold({"image_size": 128, "patch": 16}, {"image_size": 64, "patch": 8}))
        self.assertFalse(needs_fold({"image_size": 128, "patch": 16}, {"image_size": 128, "patch": 16}))
        self.assertFalse(needs_fold({"image_size": 256, "patch": 16}, {"image_size": 64, "patch": 8}))

    def test_a_patch_that_does_not_divide_is_refused(self):
        with self.assertRaisesRegex(ValueError, "whole multiple"):
            fold_patch_tensors({}, 16, 6)


if __name__ == "__main__":
    unittest.main()
