"""Flow-matching conventions shared with the engine: sigmas, velocity, Euler sampling."""
import unittest
from pathlib import Path

import numpy as np
import torch

from atelier_train.flow import draft_over, scheduler_sigmas, sample, velocity_from_x0

GOLDEN = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "sd-golden" / "schedulers"


class SchedulerSigmasTest(unittest.TestCase):
    def test_match_diffusers_flow_match_euler_golden_runs(self):
        if not GOLDEN.exists():
            self.skipTest(f"no fixtures at {GOLDEN}")
        for name, shift in (("flow_euler", 1.0), ("flow_euler_shift3", 3.0)):
            for steps in (1, 4, 10, 25):
                with self.subTest(name=name, steps=steps):
                    golden = np.load(GOLDEN / f"{name}_{steps}.npz")["sigmas"]
                    np.testing.assert_allclose(scheduler_sigmas(steps, shift), golden, atol=1e-6)

    def test_start_at_pure_noise_and_end_at_zero(self):
        s = scheduler_sigmas(8, 3.0)
        self.assertEqual(s[0], 1.0)
        self.assertEqual(s[-1], 0.0)
        self.assertTrue(np.all(np.diff(s) < 0))


class OracleDenoiser(torch.nn.Module):
    """Predicts the true clean image whatever it is given: Euler sampling must land exactly on it."""

    def __init__(self, x0):
        super().__init__()
        self.x0 = x0

    def forward(self, x_t, t, context):
        return self.x0.expand(x_t.shape[0], -1, -1, -1)


class VelocityTest(unittest.TestCase):
    def test_velocity_is_noise_minus_data_on_the_flow_path(self):
        x0, noise, sigma = torch.randn(2, 3, 8, 8), torch.randn(2, 3, 8, 8), torch.tensor([0.3, 0.9])
        s = sigma[:, None, None, None]
        x_t = (1 - s) * x0 + s * noise
        torch.testing.assert_close(velocity_from_x0(x_t, x0, sigma), noise - x0, atol=1e-5, rtol=1e-5)

    def test_euler_sampling_with_an_exact_x0_predictor_returns_the_data(self):
        x0 = torch.rand(1, 3, 16, 16) * 2 - 1
        text = lambda ids: torch.zeros(ids.shape[0], ids.shape[1], 4)
        ids = torch.zeros(1, 5, dtype=torch.long)
        out = sample(OracleDenoiser(x0), text, ids, ids, torch.randn(1, 3, 16, 16), steps=4, shift=3.0, guidance=4.0)
        torch.testing.assert_close(out, x0, atol=1e-5, rtol=1e-5)


class DraftOverTest(unittest.TestCase):
    """The draft guidance's composition (the engine's DraftGuide does the same; DraftGuideTest)."""

    def test_opaque_draft_replaces_transparent_keeps_partial_blends(self):
        x0 = torch.rand(1, 4, 1, 3) * 2 - 1
        d01 = torch.tensor([[1.0, 0.0, 0.0], [0.0, 0.0, 0.5], [0.0, 0.0, 0.0], [1.0, 0.0, 0.5]])  # R, G, B, A (premult.)
        out = (draft_over(d01[None, :, None, :] * 2 - 1, x0) + 1) / 2
        x = (x0 + 1) / 2
        torch.testing.assert_close(out[0, :, 0, 0], torch.tensor([1.0, 0.0, 0.0, 1.0]))
        torch.testing.assert_close(out[0, :, 0, 1], x[0, :, 0, 1])
        torch.testing.assert_close(out[0, :, 0, 2], torch.tensor([0.0, 0.5, 0.0, 0.5]) + 0.5 * x[0, :, 0, 2])

    def test_only_images_in_use_change(self):
        x0, drafts = torch.rand(2, 4, 4, 4) * 2 - 1, torch.ones(2, 4, 4, 4)
        out = draft_over(drafts, x0, torch.tensor([False, True]))
        torch.testing.assert_close(out[0], x0[0])
        torch.testing.assert_close(out[1], torch.ones(4, 4, 4))

    def test_guided_sampling_with_a_full_opaque_draft_lands_on_the_draft_after_every_step(self):
        x0 = torch.rand(1, 4, 8, 8) * 2 - 1
        draft = torch.ones(1, 4, 8, 8)
        draft[:, :3] = torch.rand(1, 3, 8, 8) * 2 - 1
        text = lambda ids: torch.zeros(ids.shape[0], ids.shape[1], 4)
        dit = lambda x, t, c, d: OracleDenoiser(x0)(x, t, c)
        ids = torch.zeros(1, 5, dtype=torch.long)
        noise = torch.randn(1, 4, 8, 8)
        out = sample(dit, text, ids, ids, noise, steps=3, shift=3.0, guidance=2.0, drafts=draft, draft_steps=3,
                     draft_use=torch.tensor([True]))
        torch.testing.assert_close(out, draft, atol=1e-5, rtol=1e-5)
        plain = sample(dit, text, ids, ids, noise, steps=3, shift=3.0, guidance=2.0, drafts=draft)
        torch.testing.assert_close(plain, x0, atol=1e-5, rtol=1e-5)


if __name__ == "__main__":
    unittest.main()
