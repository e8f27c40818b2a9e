// Writes nsfwjs's bundled MobileNetV2 (a Keras layers model, uint8-quantized weights) as plain TensorFlow.js
// files: model.json plus its binary weight shard, the input of atelier-safety/tools/tfjs_to_onnx.py.
//   node export-model.js <output folder>
"use strict";
const fs = require("fs");
const path = require("path");

const out = process.argv[2];
if (!out) {
  console.error("usage: node export-model.js <output folder>");
  process.exit(2);
}
const nsfwRoot = path.join(__dirname, "node_modules", "nsfwjs");
const modelDir = path.join(nsfwRoot, "dist", "models", "mobilenet_v2");
const unwrap = (m) => (m && m.default !== undefined ? m.default : m);
const modelJson = unwrap(require(path.join(modelDir, "model.min.js")));

fs.mkdirSync(out, { recursive: true });
const manifest = modelJson.weightsManifest.map((group) => ({
  paths: group.paths.map((p) => {
    // Each shard is bundled as a base64 string in <shard>.min.js.
    const base64 = unwrap(require(path.join(modelDir, p + ".min.js")));
    fs.writeFileSync(path.join(out, p + ".bin"), Buffer.from(base64, "base64"));
    return p + ".bin";
  }),
  weights: group.weights,
}));
const version = JSON.parse(fs.readFileSync(path.join(nsfwRoot, "package.json"), "utf8")).version;
fs.writeFileSync(path.join(out, "model.json"), JSON.stringify({
  format: "layers-model",
  generatedBy: "nsfwjs " + version + " dist/models/mobilenet_v2",
  modelTopology: modelJson.modelTopology,
  weightsManifest: manifest,
}));
console.log("wrote " + path.join(out, "model.json") + " (nsfwjs " + version + ")");
