"""Rectified flow with x-prediction: noising, the training loss, and the engine's Euler sampler.

Convention (diffusers' FlowMatchEulerDiscreteScheduler): x_t = (1 - sigma) * x0 + sigma * noise, the velocity
is v = noise - x0, the model input timestep is sigma * 1000 and an Euler step is x <- x + (sigma_next - sigma) * v.
The network predicts x0; the velocity it implies is v = (x_t - x0_hat) / sigma.
"""
import numpy as np
import torch

LOSS_SIGMA_FLOOR = 0.05  # caps the loss weight 1/sigma^2 of the velocity loss (Li & He 2025)
VELOCITY_SIGMA_FLOOR = 1e-3  # the sampler's smallest sigma is ~0.004-0.009; only sigma = 0 would be clamped


def sample_sigmas(n, mean, std, generator=None, device="cpu"):
    """Logit-normal sigmas (Esser et al. 2024): sigmoid(N(mean, std)), mean > 0 favours noisy inputs."""
    z = torch.randn(n, generator=generator, device=device) * std + mean
    return torch.sigmoid(z)


def velocity_from_x0(x_t, x0_hat, sigma, floor=VELOCITY_SIGMA_FLOOR):
    """sigma [B] -> v [B,C,H,W]; the sampler and the exported graph use the same conversion."""
    return (x_t - x0_hat) / sigma.clamp(min=floor)[:, None, None, None]


def flow_loss(dit, x0, context, sigma, noise, draft=None):
    """Velocity loss on the x-prediction: ||(x_t - x0_hat)/sigma - (noise - x0)||^2, mean over pixels."""
    s = sigma[:, None, None, None]
    x_t = (1 - s) * x0 + s * noise
    x0_hat = dit(x_t, sigma * 1000.0, context) if draft is None else dit(x_t, sigma * 1000.0, context, draft)
    v_hat = velocity_from_x0(x_t, x0_hat.float(), sigma, LOSS_SIGMA_FLOOR)
    target = velocity_from_x0(x_t, x0, sigma, LOSS_SIGMA_FLOOR)
    return (v_hat - target).pow(2).mean(dim=(1, 2, 3))


def shift_sigma(sigma, shift):
    return shift * sigma / (1 + (shift - 1) * sigma)


def scheduler_sigmas(steps, shift, num_train_timesteps=1000):
    """The sigmas of diffusers' FlowMatchEulerDiscreteScheduler.set_timesteps (static shift), final 0 appended.

    Matches shared/fixtures/sd-golden/schedulers/flow_euler_shift3_*.npz, i.e. what the engine computes.
    """
    train = shift_sigma(np.arange(num_train_timesteps, 0, -1, dtype=np.float64) / num_train_timesteps, shift)
    sigma_max, sigma_min = train[0], train[-1]
    s = np.linspace(sigma_max * num_train_timesteps, sigma_min * num_train_timesteps, steps) / num_train_timesteps
    s = shift_sigma(s, shift)
    return np.concatenate([s, [0.0]]).astype(np.float32)


@torch.no_grad()
def sample(dit, text_encoder, ids, uncond_ids, noise, steps, shift, guidance, ref_encoder=None, references=None,
           drafts=None, draft_steps=0, draft_use=None):
    """Euler sampling with classifier-free guidance, as the engine does it (uncond and cond in one batch).

    ids/uncond_ids [B, L] int64, noise [B, C, H, W] -> images [B, C, H, W] in about [-1, 1]. A retrieval model
    also takes references [B, K, 4, S, S] (data.render.reference_images) and, with draft channels, drafts
    [B, 4, H, W] (data.render.draft_images); the unconditional half gets blank ones.

    draft_steps > 0 composes the draft over the guided prediction of the first draft_steps steps (draft_over), for
    the images where draft_use [B] bool is set (the draft is in the asked style).
    """
    b = ids.shape[0]
    context = text_encoder(torch.cat([uncond_ids, ids]))
    if ref_encoder is not None:
        blank = torch.full_like(references, -1.0)
        context = torch.cat([context, ref_encoder.encode_slots(torch.cat([blank, references]))], dim=1)
    sigmas = scheduler_sigmas(steps, shift)
    x = noise.float()
    for i in range(steps):
        sigma = torch.full((2 * b,), float(sigmas[i]), device=x.device)
        xin = torch.cat([x, x])
        if drafts is None:
            x0_hat = dit(xin, sigma * 1000.0, context).float()
        else:
            x0_hat = dit(xin, sigma * 1000.0, context, torch.cat([torch.full_like(drafts, -1.0), drafts])).float()
        v = velocity_from_x0(xin, x0_hat, sigma)
        v_u, v_c = v[:b], v[b:]
        v = v_u + guidance * (v_c - v_u)
        if i < draft_steps and drafts is not None:
            s = float(sigmas[i])
            x0 = draft_over(drafts, x - s * v, draft_use)
            v = (x - x0) / max(s, VELOCITY_SIGMA_FLOOR)
        x = x + float(sigmas[i + 1] - sigmas[i]) * v
    return x


def draft_over(drafts, x0_hat, use=None):
    """The draft's sprites composed 'over' a predicted image: drafts [B, 4, H, W] premultiplied colour and alpha,
    x0_hat [B, C, H, W] colour (over the background) and alpha when C = 4, all in [-1, 1]; use [B] bool keeps the
    prediction where False."""
    d = (drafts + 1) / 2
    a = d[:, 3:]
    x = (x0_hat + 1) / 2
    out = torch.cat([d[:, :3] + (1 - a) * x[:, :3], a + (1 - a) * x[:, 3:]], dim=1)[:, :x.shape[1]] * 2 - 1
    if use is not None:
        out = torch.where(use.to(out.device)[:, None, None, None], out, x0_hat)
    return out
