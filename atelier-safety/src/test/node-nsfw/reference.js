// Runs nsfwjs's MobileNetV2, as nsfwjs itself loads it (its bundled files, no URL), under TensorFlow.js's pure-JS
// CPU backend, on images that are already preprocessed: the reference atelier-safety's conversion test holds the
// converted ONNX model to.
//   node reference.js <inputs.f32> <output.json>
// inputs.f32: little-endian float32 values, [n, 224, 224, 3] (RGB in [0, 1], what NSFWJS.infer feeds the model after
// dividing by 255 and resizing). output.json: {"nsfwjs": version, "tfjs": version, "backend": "cpu",
// "classes": [...], "probabilities": [[5 floats] x n]}.
"use strict";
const fs = require("fs");
const path = require("path");
const tf = require("@tensorflow/tfjs");
const nsfwjs = require("nsfwjs");

const SIZE = 224;

async function main() {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) throw new Error("usage: node reference.js <inputs.f32> <output.json>");
  await tf.setBackend("cpu");
  const bytes = fs.readFileSync(input);
  const perImage = SIZE * SIZE * 3;
  if (bytes.length % (perImage * 4) !== 0) {
    throw new Error(input + ": " + bytes.length + " bytes is not a whole number of [224, 224, 3] float32 images");
  }
  const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const n = values.length / perImage;

  const classifier = await nsfwjs.load("MobileNetV2");
  const batch = tf.tensor4d(values, [n, SIZE, SIZE, 3]);
  const probabilities = classifier.model.predict(batch);
  const flat = await probabilities.data();
  const rows = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(flat.slice(i * 5, i * 5 + 5)));
  const version = JSON.parse(fs.readFileSync(path.join(__dirname, "node_modules", "nsfwjs", "package.json"), "utf8")).version;
  fs.writeFileSync(output, JSON.stringify({
    nsfwjs: version,
    tfjs: tf.version.tfjs,
    backend: tf.getBackend(),
    classes: ["drawing", "hentai", "neutral", "porn", "sexy"],
    probabilities: rows,
  }));
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
