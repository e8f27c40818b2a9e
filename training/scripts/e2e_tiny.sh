#!/usr/bin/env bash
# Train the tiny config for a few steps on the committed mini pack and export a model package to OUT_DIR
# (the Java end-to-end contract test calls this). Seconds on a CPU; needs /usr/bin/python3 with torch.
# Usage: [TINY_CONFIG=tiny-128] training/scripts/e2e_tiny.sh OUT_DIR [EXPORT_OPTION...]   (e.g. --upscale 2)
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 OUT_DIR [EXPORT_OPTION...]" >&2; exit 2; }
mkdir -p "$1"
OUT=$(realpath "$1")
shift
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=${PYTHON:-/usr/bin/python3}
RUN=$(mktemp -d)
trap 'rm -rf "$RUN"' EXIT
"$PY" -m atelier_train.train --config "${TINY_CONFIG:-tiny}" --pack testdata/mini-pack --out "$RUN" --device cpu --no-grid >&2
"$PY" -W ignore -m atelier_train.export --checkpoint "$RUN/checkpoint" --tokenizer "$RUN/tokenizer" --out "$OUT" "$@" >&2
echo "$OUT"
