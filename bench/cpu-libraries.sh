#!/usr/bin/env bash
# Which CPU library on this machine, measured: installs pip's libraries (MKL, scipy-openblas) into
# build/pylibs, runs the shipped cpu-libraries scenario (every library lib: knows, one
# interleaved run) with that environment on PATH, then retunes alphatensor:auto over BASE
# (default: the linked openblas) and measures alphatensor:auto with those crossovers against BASE
# at n = 8192 (DGEMM), side by side, with its interval.
# Usage: bench/cpu-libraries.sh [OUT_DIR]      (default results/cpu-libraries)
#   LAPACK_AI_BIN, BASE (tune base, default openblas), TUNE_DIMS (default 2048,4096,8192),
#   STEPS (default "scenario tune"), AUTO_DIM (default 8192), AUTO_MAX_TIME (s, default 240)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin=${LAPACK_AI_BIN:-$root/build/apps/lapack-ai}
out=${1:-$root/results/cpu-libraries}
base=${BASE:-openblas}
steps=${STEPS:-scenario tune}
mkdir -p "$out"
"$root/scripts/install-pylibs.sh"
export PATH="$root/build/pylibs/bin:$PATH"   # lib:mkl and lib:scipy-openblas look here
for step in $steps; do
  case $step in
    scenario)
      "$bin" run cpu-libraries --out "$out" ;;
    tune)
      # Crossovers for this CPU and base into OUT_DIR (not the user's config), then auto with them.
      "$bin" tune --base "$base" --type d --dim "${TUNE_DIMS:-2048,4096,8192}" \
        --output "$out/crossovers.json" --json "$out/tune-results.json"
      LAPACK_AI_ALPHATENSOR_CROSSOVERS="$out/crossovers.json" "$bin" devices --json |
        python3 -c 'import json,sys; d=json.load(sys.stdin); print("\n".join("%s: crossovers %s" % (b["name"], b["extra"].get("crossovers")) for b in d["backends"] if "crossovers" in b["extra"]))'
      LAPACK_AI_ALPHATENSOR_CROSSOVERS="$out/crossovers.json" "$bin" bench --op gemm --type d \
        --dim "${AUTO_DIM:-8192}" --backend "$base,alphatensor:auto@$base" --baseline "$base" \
        --max-time "${AUTO_MAX_TIME:-240}" --json "$out/auto-8192.json" ;;
    *) echo "unknown step $step (scenario, tune)" >&2; exit 2 ;;
  esac
done
