"""Builds tiny stand-ins for the Stable Diffusion family as diffusers/Optimum export them to ONNX (docs/sd-family.md).

Each package has the real export's folders, model_index.json, scheduler_config.json and component config.json
files, and ONNX graphs with the real input/output names, element types, ranks, feature widths and dynamic axes
(Optimum's exporters: CLIP text encoders with `last_hidden_state`, `pooler_output` or `text_embeds`, and
`hidden_states.0..N` where SDXL exports them; UNets with `sample`, `timestep`, `encoder_hidden_states` and, where the
model has them, `text_embeds` + `time_ids` (SDXL) or `timestep_cond` (LCM); `out_sample`; VAE `latent_sample` ->
`sample` and `sample` -> `latent_parameters` or `latent_sample`). The weights are a few hundred numbers: every
graph is built from elementwise operations and reductions, no weight matrices, so the files stay a few KB.

The UNets are built so that a test can read what the engine fed them (docs/sd-family.md, "Tests"):
  sdxl, sdxl-turbo: out = 0.1 * sample + b, with b per batch row and channel:
      b0 = time_ids[0] + time_ids[1] / 1000          (original height, width)
      b1 = time_ids[2] + time_ids[3] / 1000 + mean(encoder_hidden_states[..., :768])   (crop; text_encoder's part)
      b2 = time_ids[4] + time_ids[5] / 1000          (target height, width)
      b3 = mean(text_embeds) + mean(encoder_hidden_states[..., 768:])                  (text_encoder_2's part)
  lcm: out = 0.1 * sample + timestep_cond[:, [0, 1, 128, 255]]
  sd2, sd-turbo: out = 0.1 * sample + mean(encoder_hidden_states) + timestep / 10000
The tokenizer folders get only tokenizer_config.json: the tests link the vocabulary and merges of the shared
tiny-sd-onnx fixture beside it (pass --tokenizer DIR to copy them in and make standalone packages).

Run: /usr/bin/python3 make_sd_family.py [--out DIR] [--tokenizer DIR]   (needs onnx only)
"""
import argparse
import json
import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
RNG = np.random.default_rng(20261204)
F = TensorProto.FLOAT


class Graph:
    """A small graph under construction: nodes, named constants and a counter for fresh names."""

    def __init__(self):
        self.nodes, self.inits, self.n = [], [], 0

    def name(self, prefix):
        self.n += 1
        return f"{prefix}_{self.n}"

    def const(self, values, dtype=np.float32):
        n = self.name("c")
        self.inits.append(numpy_helper.from_array(np.asarray(values, dtype=dtype), n))
        return n

    def op(self, kind, inputs, out=None, **attrs):
        out = out or self.name(kind.lower())
        self.nodes.append(helper.make_node(kind, inputs, [out], **attrs))
        return out

    def save(self, path, inputs, outputs, doc):
        graph = helper.make_graph(self.nodes, doc, inputs, outputs, initializer=self.inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=8)
        onnx.checker.check_model(model)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        onnx.save(model, path)


def vi(name, dtype, shape):
    return helper.make_tensor_value_info(name, dtype, shape)


def text_encoder(path, width, layers, projection, hidden_states, id_type):
    """A CLIP text encoder's interface: input_ids -> last_hidden_state and pooler_output (CLIPTextModel) or
    text_embeds (CLIPTextModelWithProjection), and hidden_states.0..layers when exported with output_hidden_states."""
    g = Graph()
    x = g.op("Unsqueeze", [g.op("Cast", ["input_ids"], to=F), g.const([2], np.int64)])  # [b, L, 1]
    h = g.op("Sin", [g.op("Add", [g.op("Mul", [x, g.const(RNG.uniform(0.001, 0.02, width))]),
                                  g.const(RNG.uniform(-1, 1, width))])])  # [b, L, D]
    states = [h]
    for _ in range(layers):
        h = g.op("Tanh", [g.op("Add", [g.op("Mul", [h, g.const(RNG.uniform(0.5, 1.5, width))]),
                                       g.const(RNG.uniform(-0.2, 0.2, width))])])
        states.append(h)
    seq = ["batch_size", "sequence_length", width]
    outputs = []
    last = g.op("Mul", [h, g.const(RNG.uniform(0.8, 1.2, width))], out="last_hidden_state")
    pooled = g.op("ReduceMean", [last], axes=[1], keepdims=0)  # [b, D]
    if projection:
        g.op("Mul", [pooled, g.const(RNG.uniform(-1, 1, width))], out="text_embeds")
        outputs.append(vi("text_embeds", F, ["batch_size", width]))
    outputs.append(vi("last_hidden_state", F, seq))
    if not projection:
        g.op("Identity", [pooled], out="pooler_output")
        outputs.append(vi("pooler_output", F, ["batch_size", width]))
    if hidden_states:
        for i, s in enumerate(states):
            g.op("Identity", [s], out=f"hidden_states.{i}")
            outputs.append(vi(f"hidden_states.{i}", F, seq))
    g.save(path, [vi("input_ids", id_type, ["batch_size", "sequence_length"])], outputs, "clip_text_interface")


def unet(path, kind, hidden_width, timestep):
    """A UNet2DConditionModel's interface; `kind` is sd, sdxl or lcm; `timestep` is (element type, shape)."""
    g = Graph()
    sample = vi("sample", F, ["batch_size", 4, "height", "width"])
    inputs = [sample, vi("timestep", *timestep), vi("encoder_hidden_states", F, ["batch_size", "sequence_length", hidden_width])]
    t = g.op("Mul", [g.op("Cast", ["timestep"], to=F), g.const(0.0 if kind != "sd" else 1e-4)])  # scalar or [1]
    t = g.op("ReduceMean", [g.op("Reshape", [t, g.const([-1], np.int64)])], axes=[0], keepdims=1)  # [1]
    if kind == "sdxl":
        inputs += [vi("text_embeds", F, ["batch_size", 1280]), vi("time_ids", F, ["batch_size", 6])]
        m = np.zeros((6, 4), np.float32)
        m[0, 0], m[1, 0], m[2, 1], m[3, 1], m[4, 2], m[5, 2] = 1, 1e-3, 1, 1e-3, 1, 1e-3
        times = g.op("MatMul", ["time_ids", g.const(m)])  # [b, 4]
        slice_ = lambda lo, hi: g.op("Slice", ["encoder_hidden_states", g.const([lo], np.int64), g.const([hi], np.int64),
                                             g.const([2], np.int64)])
        mean = lambda v, axes: g.op("ReduceMean", [v], axes=axes, keepdims=0)
        h1 = mean(slice_(0, 768), [1, 2])  # [b]
        h2 = mean(slice_(768, hidden_width), [1, 2])
        pooled = g.op("Add", [mean("text_embeds", [1]), h2])
        col = lambda v: g.op("Unsqueeze", [v, g.const([1], np.int64)])  # [b, 1]
        zero = g.op("Mul", [col(h1), g.const(0.0)])
        bias = g.op("Add", [times, g.op("Concat", [zero, col(h1), zero, col(pooled)], axis=1)])
    elif kind == "lcm":
        inputs.append(vi("timestep_cond", F, ["batch_size", 256]))
        used = g.op("Mul", [g.op("ReduceMean", ["encoder_hidden_states"], axes=[1, 2], keepdims=1), g.const(0.0)])  # [b,1,1]
        bias = g.op("Add", [g.op("Gather", ["timestep_cond", g.const([0, 1, 128, 255], np.int64)], axis=1),
                            g.op("Squeeze", [used, g.const([2], np.int64)])])  # [b, 4]
    else:
        bias = g.op("Mul", [g.op("ReduceMean", ["encoder_hidden_states"], axes=[1, 2], keepdims=0), g.const(1.0)])
        bias = g.op("Expand", [g.op("Unsqueeze", [bias, g.const([1], np.int64)]), g.const([1, 4], np.int64)])  # [b, 4]
    bias = g.op("Unsqueeze", [g.op("Add", [bias, t]), g.const([2, 3], np.int64)])  # [b, 4, 1, 1]
    g.op("Add", [g.op("Mul", ["sample", g.const(0.1)]), bias], out="out_sample")
    g.save(path, inputs, [vi("out_sample", F, ["batch_size", 4, "height", "width"])], "unet_interface")


def vae_decoder(path):
    g = Graph()
    up = g.op("Resize", ["latent_sample", "", g.const([1, 1, 8, 8])], mode="nearest")
    conv = g.op("Conv", [up, g.const(RNG.uniform(-0.5, 0.5, (3, 4, 1, 1))), g.const(RNG.uniform(-0.1, 0.1, 3))])
    g.op("Tanh", [conv], out="sample")
    g.save(path, [vi("latent_sample", F, ["batch_size", 4, "latent_height", "latent_width"])],
           [vi("sample", F, ["batch_size", 3, "latent_height * 8", "latent_width * 8"])], "vae_decoder_interface")


def vae_encoder(path, parameters):
    """Optimum's current export outputs latent_parameters (mean and log-variance, 8 channels); older exports (diffusers'
    conversion script) output latent_sample (4 channels)."""
    g = Graph()
    pooled = g.op("AveragePool", ["sample"], kernel_shape=[8, 8], strides=[8, 8])
    channels = 8 if parameters else 4
    name = "latent_parameters" if parameters else "latent_sample"
    g.op("Conv", [pooled, g.const(RNG.uniform(-1, 1, (channels, 3, 1, 1))), g.const(np.zeros(channels))], out=name)
    g.save(path, [vi("sample", F, ["batch_size", 3, "sample_height", "sample_width"])],
           [vi(name, F, ["batch_size", channels, "sample_height / 8", "sample_width / 8"])], "vae_encoder_interface")


def write_json(path, value):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(value, f, indent=2, sort_keys=True)
        f.write("\n")


def tokenizer_config(path, pad):
    write_json(path, {"bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "model_max_length": 77,
                      "pad_token": pad, "tokenizer_class": "CLIPTokenizer", "unk_token": "<|endoftext|>"})


SCALED_LINEAR = {"beta_end": 0.012, "beta_schedule": "scaled_linear", "beta_start": 0.00085, "num_train_timesteps": 1000,
                 "trained_betas": None, "_diffusers_version": "0.27.0"}


def vae_config(sample_size, scaling):
    return {"_class_name": "AutoencoderKL", "act_fn": "silu", "block_out_channels": [128, 256, 512, 512],
            "in_channels": 3, "out_channels": 3, "latent_channels": 4, "layers_per_block": 2, "norm_num_groups": 32,
            "sample_size": sample_size, "scaling_factor": scaling, "force_upcast": scaling != 0.18215}


def clip_config(width, layers, projection):
    return {"architectures": ["CLIPTextModelWithProjection" if projection else "CLIPTextModel"], "hidden_act": "gelu",
            "hidden_size": width, "max_position_embeddings": 77, "model_type": "clip_text_model",
            "num_hidden_layers": layers, "projection_dim": 1280 if projection else width, "vocab_size": 49408}


def sd_package(out, name, class_name, text_width, sample_size, scheduler, vae_parameters, id_type, timestep,
               atelier=None, lcm=False):
    """SD 1.x/2.x and LCM: one CLIP or OpenCLIP text encoder."""
    root = os.path.join(out, name)
    index = {"_class_name": class_name, "_diffusers_version": "0.27.0", "feature_extractor": [None, None],
             "requires_safety_checker": False, "safety_checker": [None, None],
             "scheduler": ["diffusers", scheduler["_class_name"]], "text_encoder": ["transformers", "CLIPTextModel"],
             "tokenizer": ["transformers", "CLIPTokenizer"], "unet": ["diffusers", "UNet2DConditionModel"],
             "vae": ["diffusers", "AutoencoderKL"]}
    if lcm:
        index.pop("requires_safety_checker")
    if atelier:
        index["atelier"] = atelier
    write_json(f"{root}/model_index.json", index)
    write_json(f"{root}/scheduler/scheduler_config.json", scheduler)
    tokenizer_config(f"{root}/tokenizer/tokenizer_config.json", "!" if text_width == 1024 else "<|endoftext|>")
    text_encoder(f"{root}/text_encoder/model.onnx", text_width, 2, False, False, id_type)
    write_json(f"{root}/text_encoder/config.json", clip_config(text_width, 2, False))
    unet(f"{root}/unet/model.onnx", "lcm" if lcm else "sd", text_width, timestep)
    u = {"_class_name": "UNet2DConditionModel", "sample_size": sample_size, "in_channels": 4, "out_channels": 4,
         "cross_attention_dim": text_width, "time_cond_proj_dim": 256 if lcm else None}
    write_json(f"{root}/unet/config.json", u)
    vae_decoder(f"{root}/vae_decoder/model.onnx")
    vae_encoder(f"{root}/vae_encoder/model.onnx", vae_parameters)
    for part in ("vae_decoder", "vae_encoder"):
        write_json(f"{root}/{part}/config.json", vae_config(sample_size * 8, 0.18215))


def sdxl_package(out, name, sample_size, scheduler, atelier=None):
    """SDXL: CLIP-L (768) and OpenCLIP-bigG with projection (1280), both exported with their hidden states."""
    root = os.path.join(out, name)
    index = {"_class_name": "StableDiffusionXLPipeline", "_diffusers_version": "0.27.0", "feature_extractor": [None, None],
             "force_zeros_for_empty_prompt": True, "image_encoder": [None, None],
             "scheduler": ["diffusers", scheduler["_class_name"]], "text_encoder": ["transformers", "CLIPTextModel"],
             "text_encoder_2": ["transformers", "CLIPTextModelWithProjection"],
             "tokenizer": ["transformers", "CLIPTokenizer"], "tokenizer_2": ["transformers", "CLIPTokenizer"],
             "unet": ["diffusers", "UNet2DConditionModel"], "vae": ["diffusers", "AutoencoderKL"]}
    if atelier:
        index["atelier"] = atelier
    write_json(f"{root}/model_index.json", index)
    write_json(f"{root}/scheduler/scheduler_config.json", scheduler)
    tokenizer_config(f"{root}/tokenizer/tokenizer_config.json", "<|endoftext|>")
    tokenizer_config(f"{root}/tokenizer_2/tokenizer_config.json", "!")
    text_encoder(f"{root}/text_encoder/model.onnx", 768, 3, False, True, TensorProto.INT64)
    write_json(f"{root}/text_encoder/config.json", clip_config(768, 3, False))
    text_encoder(f"{root}/text_encoder_2/model.onnx", 1280, 3, True, True, TensorProto.INT64)
    write_json(f"{root}/text_encoder_2/config.json", clip_config(1280, 3, True))
    unet(f"{root}/unet/model.onnx", "sdxl", 2048, (TensorProto.INT64, []))
    write_json(f"{root}/unet/config.json", {
        "_class_name": "UNet2DConditionModel", "sample_size": sample_size, "in_channels": 4, "out_channels": 4,
        "addition_embed_type": "text_time", "addition_time_embed_dim": 256, "cross_attention_dim": 2048,
        "projection_class_embeddings_input_dim": 2816, "time_cond_proj_dim": None})
    vae_decoder(f"{root}/vae_decoder/model.onnx")
    vae_encoder(f"{root}/vae_encoder/model.onnx", True)
    for part in ("vae_decoder", "vae_encoder"):
        write_json(f"{root}/{part}/config.json", vae_config(sample_size * 8, 0.13025))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=here)
    p.add_argument("--tokenizer", help="a CLIP tokenizer folder to copy into every package (standalone packages)")
    a = p.parse_args()
    # SD 2.1: DDIM, v-prediction, 768 px; the text encoder as diffusers' conversion script exported it (int32 ids, a
    # [batch] float timestep) and Optimum's current VAE encoder
    sd_package(a.out, "sd2", "StableDiffusionPipeline", 1024, 96, {
        **SCALED_LINEAR, "_class_name": "DDIMScheduler", "clip_sample": False, "prediction_type": "v_prediction",
        "set_alpha_to_one": False, "skip_prk_steps": True, "steps_offset": 1, "timestep_spacing": "leading"},
        True, TensorProto.INT32, (F, ["steps"]))
    # SD-Turbo: SD 2.1's layout at 512 px, distilled for 1-4 steps without guidance (the "atelier" block says so)
    sd_package(a.out, "sd-turbo", "StableDiffusionPipeline", 1024, 64, {
        **SCALED_LINEAR, "_class_name": "EulerDiscreteScheduler", "interpolation_type": "linear",
        "prediction_type": "epsilon", "steps_offset": 1, "timestep_spacing": "trailing", "use_karras_sigmas": False},
        False, TensorProto.INT64, (TensorProto.INT64, []), atelier={"default_steps": 1, "default_guidance": 0.0})
    # LCM (LCM_Dreamshaper_v7): SD 1.5's layout, a UNet with timestep_cond, the LCM scheduler
    sd_package(a.out, "lcm", "LatentConsistencyModelPipeline", 768, 96, {
        **SCALED_LINEAR, "_class_name": "LCMScheduler", "clip_sample": False, "original_inference_steps": 50,
        "prediction_type": "epsilon", "set_alpha_to_one": True, "steps_offset": 1, "timestep_spacing": "leading",
        "timestep_scaling": 10.0}, True, TensorProto.INT64, (TensorProto.INT64, []), lcm=True)
    sdxl_package(a.out, "sdxl", 128, {
        **SCALED_LINEAR, "_class_name": "EulerDiscreteScheduler", "interpolation_type": "linear",
        "prediction_type": "epsilon", "sample_max_value": 1.0, "set_alpha_to_one": False, "skip_prk_steps": True,
        "steps_offset": 1, "timestep_spacing": "leading", "use_karras_sigmas": False})
    sdxl_package(a.out, "sdxl-turbo", 64, {
        **SCALED_LINEAR, "_class_name": "EulerAncestralDiscreteScheduler", "prediction_type": "epsilon",
        "steps_offset": 1, "timestep_spacing": "trailing"}, atelier={"default_steps": 1, "default_guidance": 0.0})
    if a.tokenizer:
        for name in ("sd2", "sd-turbo", "lcm", "sdxl", "sdxl-turbo"):
            for folder in ("tokenizer", "tokenizer_2"):
                target = os.path.join(a.out, name, folder)
                if os.path.isdir(target):
                    for f in ("vocab.json", "merges.txt"):
                        shutil.copy(os.path.join(a.tokenizer, f), target)


if __name__ == "__main__":
    main()
