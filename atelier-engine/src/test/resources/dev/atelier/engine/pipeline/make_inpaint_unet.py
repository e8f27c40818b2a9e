"""Builds inpaint-unet.onnx: a stand-in for a Stable Diffusion inpainting UNet's interface (9 input channels:
latents, mask, masked-image latents). Its output is input channels 4..7 (the mask and the first three channels of
the masked image's latents) minus 0.1 * the latents, so a test can see which channels the engine put where.
Run: /usr/bin/python3 make_inpaint_unet.py (onnx only)."""
import onnx
from onnx import helper, TensorProto

sample = helper.make_tensor_value_info("sample", TensorProto.FLOAT, ["batch", 9, "h", "w"])
timestep = helper.make_tensor_value_info("timestep", TensorProto.FLOAT, [1])
hidden = helper.make_tensor_value_info("encoder_hidden_states", TensorProto.FLOAT, ["batch", 77, 32])
out = helper.make_tensor_value_info("out_sample", TensorProto.FLOAT, ["batch", 4, "h", "w"])
const = lambda name, vals: helper.make_node("Constant", [], [name], value=helper.make_tensor(
    name + "_v", TensorProto.INT64, [len(vals)], vals))
nodes = [
    const("s0", [0]), const("e0", [4]), const("s1", [4]), const("e1", [8]), const("ax", [1]),
    helper.make_node("Slice", ["sample", "s0", "e0", "ax"], ["latents"]),
    helper.make_node("Slice", ["sample", "s1", "e1", "ax"], ["extra"]),
    helper.make_node("Constant", [], ["k"], value=helper.make_tensor("k_v", TensorProto.FLOAT, [], [0.1])),
    helper.make_node("Mul", ["latents", "k"], ["damped"]),
    helper.make_node("Sub", ["extra", "damped"], ["out_sample"]),
]
graph = helper.make_graph(nodes, "inpaint_unet_interface", [sample, timestep, hidden], [out])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
onnx.checker.check_model(model)
onnx.save(model, "inpaint-unet.onnx")
