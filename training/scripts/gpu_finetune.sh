#!/usr/bin/env bash
# Second stage of the release model on one CUDA GPU (about 3 minutes): continue from a first-stage
# checkpoint with configs/finetune.yaml, write EMA weights to OUT/w every minute, then run the holdout
# evaluation for a few guidance scales.
# Usage: training/scripts/gpu_finetune.sh PACK TOKENIZER_DIR INIT_CHECKPOINT OUT
# Env: DEVICE (cuda), BUDGET_S (config), BATCH, GRID_N (16), EVAL_N (200), EVAL_SETTINGS, PYTHON.
set -uo pipefail
PACK=$(realpath "$1"); TOK=$(realpath "$2"); INIT=$(realpath "$3"); OUT=$(realpath "$4")
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PYTHONUNBUFFERED=1
PY=${PYTHON:-python3}
DEVICE=${DEVICE:-cuda}
args=(--config finetune --pack "$PACK" --tokenizer "$TOK" --device "$DEVICE" --init "$INIT")
[ -n "${BATCH:-}" ] && args+=(--batch "$BATCH")
[ -n "${BUDGET_S:-}" ] && args+=(--budget-s "$BUDGET_S")
mkdir -p "$OUT/w"
echo "== fine-tune $(date -u +%FT%TZ)"
$PY -m atelier_train.train "${args[@]}" --out "${RUN_DIR:-/tmp/atelier-finetune}" --weights-out "$OUT/w" \
  --grid-n "${GRID_N:-16}" || exit 1
echo "== holdout evaluation $(date -u +%FT%TZ)"
$PY -m atelier_train.evaluate --checkpoint "$OUT/w" --tokenizer "$TOK" --pack "$PACK" --device "$DEVICE" \
  --out "$OUT/w/eval.json" --grid "$OUT/w/eval.png" --n "${EVAL_N:-200}" \
  --settings "${EVAL_SETTINGS:-8:4:3,8:2.5:3,8:6:3}" || echo "evaluation FAILED"
echo "== done $(date -u +%FT%TZ)"
ls -la "$OUT/w"
