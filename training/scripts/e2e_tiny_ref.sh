#!/usr/bin/env bash
# Train the tiny retrieval config (atelier-image-2's family) for a few steps on the committed mini pack, train its
# upsampler for a few seconds, build its library and export an int8 model package to OUT_DIR (the Java end-to-end
# contract test calls this). Under a minute on a CPU; needs /usr/bin/python3 with torch.
# Usage: training/scripts/e2e_tiny_ref.sh OUT_DIR [EXPORT_REF_OPTION...]
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 OUT_DIR [EXPORT_REF_OPTION...]" >&2; exit 2; }
mkdir -p "$1"
OUT=$(realpath "$1")
shift
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=${PYTHON:-/usr/bin/python3}
RUN=$(mktemp -d)
trap 'rm -rf "$RUN"' EXIT
"$PY" -m atelier_train.train --config tiny-ref --pack testdata/mini-pack --out "$RUN/train" --device cpu --no-grid >&2
"$PY" -m atelier_train.upsample --pack testdata/mini-pack --out "$RUN/upsampler" --device cpu --budget-s 3 --batch 4 >&2
"$PY" -m atelier_train.library --pack testdata/mini-pack --out "$RUN/library" >&2
"$PY" -W ignore -m atelier_train.export_ref --checkpoint "$RUN/train/checkpoint" --tokenizer "$RUN/train/tokenizer" \
    --upsampler "$RUN/upsampler" --library "$RUN/library" --name tiny-ref --int8 --out "$OUT" "$@" >&2
echo "$OUT"
