#!/usr/bin/env bash
# atelier-image-2's training run on one CUDA GPU, in one command (about 9 minutes on an H200):
#   1. environment report;
#   2. the retrieval model (configs/release-2.yaml, wall-clock budget BUDGET_S): EMA weights as fp16 npz shards
#      and checkpoint.json written to OUT/w at every checkpoint, so a timeout still returns weights;
#   3. the learned x2 upsampler (atelier_train.upsample, UP_S seconds);
#   4. identity on the library / restyle / unseen sets (atelier_train.evaluate_ref) for a few sampler settings;
#   5. the small results packed into OUT/extras.tar (the device returns at most 8 files).
# Usage: training/scripts/gpu_release2.sh PACK TOKENIZER_DIR OUT
# Env: DEVICE (cuda), CONFIG (release-2), BUDGET_S (config), WORKERS (config), UP_S (45; 0 skips it), EVAL_N (350),
#      INIT_INT8 (a folder of atelier_train.transport's int8 weights to start from: train --init),
#      EVAL_SETTINGS (steps:guidance:shift,...), PYTHON, BATCH.
# The same script runs on the CPU with DEVICE=cpu and tiny budgets, which is how it is tested before a run.
set -uo pipefail
PACK=$(realpath "$1"); TOK=$(realpath "$2"); OUT=$(realpath "$3")
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PYTHONUNBUFFERED=1
PY=${PYTHON:-python3}
DEVICE=${DEVICE:-cuda}
CONFIG=${CONFIG:-release-2}
RUN=${RUN_DIR:-/tmp/atelier-release2}
mkdir -p "$OUT/w" "$OUT/extras"
args=(--config "$CONFIG" --pack "$PACK" --tokenizer "$TOK" --device "$DEVICE" --out "$RUN" --weights-out "$OUT/w")
[ -n "${BUDGET_S:-}" ] && args+=(--budget-s "$BUDGET_S")
[ -n "${WORKERS:-}" ] && args+=(--workers "$WORKERS")
[ -n "${BATCH:-}" ] && args+=(--batch "$BATCH")
[ -n "${MAX_STEPS:-}" ] && args+=(--max-steps "$MAX_STEPS")
if [ -n "${INIT_INT8:-}" ]; then
  $PY -m atelier_train.transport unpack "$(realpath "$INIT_INT8")" /tmp/atelier-init || exit 1
  args+=(--init /tmp/atelier-init)
fi

echo "== environment $(date -u +%FT%TZ)"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
$PY -c "import torch, numpy, PIL, yaml; print('torch', torch.__version__, 'numpy', numpy.__version__, 'cuda', torch.cuda.is_available(), 'cpus', __import__('os').cpu_count())"

echo "== retrieval model $(date -u +%FT%TZ)"
$PY -m atelier_train.train "${args[@]}" --grid-n "${GRID_N:-16}"
status=$?
[ -f "$RUN/metrics.json" ] && cp "$RUN/metrics.json" "$OUT/extras/"
[ -f "$RUN/samples.png" ] && cp "$RUN/samples.png" "$OUT/extras/"

if [ "${UP_S:-45}" != 0 ]; then
  echo "== upsampler $(date -u +%FT%TZ)"
  $PY -m atelier_train.upsample --pack "$PACK" --out "$OUT/extras" --device "$DEVICE" --budget-s "${UP_S:-45}" \
    --batch "${UP_BATCH:-64}" || echo "upsampler FAILED"
fi

if [ -f "$OUT/w/checkpoint.json" ]; then
  echo "== identity $(date -u +%FT%TZ)"
  $PY -m atelier_train.evaluate_ref --checkpoint "$OUT/w" --tokenizer "$TOK" --pack "$PACK" --device "$DEVICE" \
    --out "$OUT/extras/eval.json" --grid "$OUT/extras/eval.png" --n "${EVAL_N:-350}" \
    --settings "${EVAL_SETTINGS:-6:3:2,4:3:2,8:3:2,4:1:2,6:5:2,6:3:3}" || echo "evaluation FAILED"
fi
tar -C "$OUT" -cf "$OUT/extras.tar" extras && rm -rf "$OUT/extras"
echo "== done $(date -u +%FT%TZ), exit $status"
ls -la "$OUT" "$OUT/w"
exit $status
