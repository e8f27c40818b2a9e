#!/usr/bin/env bash
# Rebuilds atelier-safety's image classifier from nsfwjs: installs the pinned Node project (nsfwjs 4.4.0,
# @tensorflow/tfjs 4.22.0, from package-lock.json), writes nsfwjs's bundled MobileNetV2 as plain TensorFlow.js files,
# and converts them with tfjs_to_onnx.py (python3-onnx + numpy). The output is byte-identical to the shipped model.
#   atelier-safety/tools/convert-nsfw.sh [--no-install] [output.onnx]
# --no-install uses the Node project's node_modules as they are (NsfwConversionTest's check that the shipped model
# is this script's output).
set -euo pipefail
INSTALL=1
if [ "${1:-}" = "--no-install" ]; then INSTALL=0; shift; fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NODE_PROJECT="$ROOT/atelier-safety/src/test/node-nsfw"
OUT="${1:-$ROOT/atelier-safety/src/main/resources/dev/atelier/safety/image/nsfw-mobilenet-v2.onnx}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

if [ "$INSTALL" = 1 ]; then npm ci --prefix "$NODE_PROJECT" --ignore-scripts --no-audit --no-fund; fi
node "$NODE_PROJECT/export-model.js" "$WORK/tfjs"
/usr/bin/python3 "$ROOT/atelier-safety/tools/tfjs_to_onnx.py" "$WORK/tfjs/model.json" "$OUT" --weights uint8 \
  --doc "nsfwjs 4.4.0 MobileNetV2 (MIT, Copyright (c) 2019 Infinite Red, Inc.), converted by atelier-safety/tools/tfjs_to_onnx.py --weights uint8. Input image: [batch, 224, 224, 3] RGB in [0, 1]; output probabilities: [batch, 5] drawing, hentai, neutral, porn, sexy."
sha256sum "$OUT"
