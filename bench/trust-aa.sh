#!/usr/bin/env bash
# Does lapack-ai call differences right on THIS machine? (issue 15; a benchmark, not a CI test.)
# Each trial is one interleaved `lapack-ai bench` run of three backends on the same gemm:
# openblas, calib@openblas (a second instance: an A/A pair, truly no difference) and
# calib:slow=F@openblas (every call stretched to F times its duration: a planted slowdown).
# Prints how often the A/A pair was called "no difference" and the slowdown "slower".
# Usage: bench/trust-aa.sh [extra lapack-ai bench flags]
#   LAPACK_AI_BIN  the binary (default build/apps/lapack-ai)
#   TRIALS         runs (default 20)      DIM     gemm size (default 512)
#   TYPE           s or d (default d)     SLOW    planted factor (default 1.10)
#   REPEAT         --repeat (default auto) MAX_TIME --max-time per case (default 20)
set -euo pipefail
bin=${LAPACK_AI_BIN:-build/apps/lapack-ai}
trials=${TRIALS:-20}
dim=${DIM:-512}
type=${TYPE:-d}
slow=${SLOW:-1.10}
repeat=${REPEAT:-auto}
max_time=${MAX_TIME:-20}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for ((i = 1; i <= trials; i++)); do
  "$bin" bench --op gemm --type "$type" --dim "$dim" --quiet \
    --backend "openblas,calib@openblas,calib:slow=$slow@openblas" \
    --repeat "$repeat" --max-time "$max_time" --seed $((1988 + i)) --json "$dir/$i.json" "$@" \
    >"$dir/$i.log" 2>&1 || { cat "$dir/$i.log"; exit 1; }
done
python3 - "$dir" "$trials" "$slow" <<'PY'
import json, os, sys
d, trials, slow = sys.argv[1], int(sys.argv[2]), sys.argv[3]
aa = slowed = 0
samples = []
stops = {}
warnings = set()
for i in range(1, trials + 1):
    doc = json.load(open(os.path.join(d, f"{i}.json")))
    warnings |= {w["id"] for w in doc["context"].get("warnings", []) if w["severity"] == "warning"}
    for r in doc["results"]:
        t = r["timing"] or {}
        stops[t.get("stop_reason")] = stops.get(t.get("stop_reason"), 0) + 1
        samples.append(len(t.get("samples_s", [])))
        v = (r["speedup"] or {}).get("verdict")
        if r["backend"] == "calib@openblas":
            aa += v == "no_difference"
            print(f"trial {i:2d} A/A      {r['speedup']['value']:.3f} {r['speedup_ci']} {v}")
        elif r["backend"].startswith("calib:slow"):
            slowed += v == "slower"
            print(f"trial {i:2d} slow={slow} {r['speedup']['value']:.3f} {r['speedup_ci']} {v}")
print(f"A/A called 'no difference': {aa}/{trials} ({100 * aa / trials:.0f} %)")
print(f"planted {slow}x slowdown called 'slower': {slowed}/{trials} ({100 * slowed / trials:.0f} %)")
print(f"samples per timing: min {min(samples)}, median {sorted(samples)[len(samples) // 2]}, "
      f"max {max(samples)}; stop reasons {stops}")
print("environment warnings seen:", ", ".join(sorted(warnings)) or "none")
PY
