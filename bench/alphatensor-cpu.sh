#!/usr/bin/env bash
# The AlphaTensor CPU benchmark (issue 3, item 8; not a timed test): OpenBLAS and fast-matmul
# schemes over OpenBLAS, measured interleaved in ONE run, with the speedup against openblas and
# each backend's normwise error ratio printed side by side. Numbers go to docs/PERFORMANCE.md.
# Usage: bench/alphatensor-cpu.sh [extra lapack-ai bench flags]
#   LAPACK_AI_BIN  the binary (default build/apps/lapack-ai)
#   DIMS           sizes (default 4096,8192)
#   SCHEMES        backends compared with openblas (default strassen, strassen2,
#                  dps-4x4x4-48-accurate)
#   OUT            results JSON (default results/alphatensor-cpu-<UTC>.json)
#   REPEAT         --repeat (default auto: until every interval is within +-2 %, at most
#                  MAX_TIME seconds a case, default 120)
set -euo pipefail
bin=${LAPACK_AI_BIN:-build/apps/lapack-ai}
dims=${DIMS:-4096,8192}
schemes=${SCHEMES:-alphatensor:strassen@openblas,alphatensor:strassen2@openblas,alphatensor:dps-4x4x4-48-accurate@openblas}
out=${OUT:-results/alphatensor-cpu-$(date -u +%Y%m%dT%H%M%SZ).json}
# Quiet machine matters more than repeats: the other processes' memory traffic slows the
# additions far more than the GEMMs (see docs/PERFORMANCE.md).
exec "$bin" bench --op gemm --type d,s --dim "$dims" --backend "openblas,$schemes" \
  --repeat "${REPEAT:-auto}" --max-time "${MAX_TIME:-120}" --warmup 1 --json "$out" "$@"
