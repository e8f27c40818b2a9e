#!/usr/bin/env bash
# The release training run on one CUDA GPU, in one command (about 9 minutes):
#   1. environment report, and (optional) an ONNX Runtime check of a package exported on the CPU side;
#   2. smoke phase: ~20 s of eager training, a checkpoint, and a resume from it;
#   3. the release run: wall-clock budget BUDGET_S, EMA weights (fp16 npz shards, checkpoint.json with the
#      loss curve) written to OUT/w at every checkpoint, so a timeout still returns weights; a sample grid;
#   4. the holdout evaluation (atelier_train.evaluate) for a few sampler settings: OUT/w/eval.json, eval.png.
# Usage: training/scripts/gpu_release.sh PACK TOKENIZER_DIR OUT [PACKAGE_TO_CHECK]
# Env: DEVICE (cuda), CONFIG (release), BUDGET_S (config), SMOKE_S (20), BATCH, COMPILE (0/1), GRID_N (16),
#      RUN_DIR (/tmp/atelier-release), EVAL_N (200), EVAL_SETTINGS (steps:guidance:shift,...), PYTHON.
# The same script runs on the CPU with DEVICE=cpu and tiny budgets, which is how it is tested before a run.
set -uo pipefail
PACK=$(realpath "$1"); TOK=$(realpath "$2"); OUT=$(realpath "$3"); CHECK=${4:+$(realpath "$4")}
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PYTHONUNBUFFERED=1
PY=${PYTHON:-python3}
DEVICE=${DEVICE:-cuda}
CONFIG=${CONFIG:-release}
common=(--config "$CONFIG" --pack "$PACK" --tokenizer "$TOK" --device "$DEVICE")
[ -n "${BATCH:-}" ] && common+=(--batch "$BATCH")
main=()
[ -n "${COMPILE:-}" ] && main+=(--compile "$COMPILE")
[ -n "${BUDGET_S:-}" ] && main+=(--budget-s "$BUDGET_S")
mkdir -p "$OUT/w"
SMOKE=$(mktemp -d)

echo "== environment $(date -u +%FT%TZ)"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
$PY -c "import torch, numpy; print('torch', torch.__version__, 'numpy', numpy.__version__, 'cuda', torch.cuda.is_available())"
if [ -n "$CHECK" ]; then
  echo "== ONNX Runtime check of $CHECK"
  $PY -m atelier_train.check_onnx "$CHECK" || echo "ONNX Runtime check FAILED (training goes on)"
fi

echo "== smoke: ${SMOKE_S:-20} s of training, checkpoint, resume"
$PY -m atelier_train.train "${common[@]}" --out "$SMOKE/run" --budget-s "${SMOKE_S:-20}" --compile 0 --no-grid \
  || { echo "smoke phase FAILED"; exit 1; }
steps=$($PY -c "import json,sys; print(json.load(open(sys.argv[1]))['steps'])" "$SMOKE/run/metrics.json")
$PY -m atelier_train.train "${common[@]}" --out "$SMOKE/run" --resume --budget-s 0 --max-steps $((steps + 2)) \
  --compile 0 --no-grid || echo "resume FAILED (the release run goes on; fix resume before relying on it)"
rm -rf "$SMOKE"

echo "== release run $(date -u +%FT%TZ)"
$PY -m atelier_train.train "${common[@]}" "${main[@]}" --out "${RUN_DIR:-/tmp/atelier-release}" --weights-out "$OUT/w" --grid-n "${GRID_N:-16}"
status=$?
if [ $status -eq 0 ]; then
  echo "== holdout evaluation $(date -u +%FT%TZ)"
  $PY -m atelier_train.evaluate --checkpoint "$OUT/w" --tokenizer "$TOK" --pack "$PACK" --device "$DEVICE" \
    --out "$OUT/w/eval.json" --grid "$OUT/w/eval.png" --n "${EVAL_N:-200}" \
    --settings "${EVAL_SETTINGS:-8:4:3,8:2.5:3,8:6:3,6:4:3,4:4:3,8:4:2,8:4:4}" || echo "evaluation FAILED"
fi
echo "== done $(date -u +%FT%TZ), exit $status"
ls -la "$OUT/w"
exit $status
