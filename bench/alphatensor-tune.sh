#!/usr/bin/env bash
# Tuning run for alphatensor:auto: benchmarks candidate (scheme, levels) against openblas over a
# range of square sizes, interleaved, and writes the crossover table (format:
# docs/ALPHATENSOR.md) — for each precision, from which size on which candidate is fastest by
# at least MARGIN. Use it with LAPACK_AI_ALPHATENSOR_CROSSOVERS=<file>, or copy it over
# data/alphatensor_crossovers.json to ship it.
# Usage: bench/alphatensor-tune.sh [OUTPUT.json]   (default alphatensor_crossovers.json)
#   LAPACK_AI_BIN, DIMS (default 1024,2048,3072,4096,8192), CANDIDATES (backend specs), MARGIN (1.02)
set -euo pipefail
bin=${LAPACK_AI_BIN:-build/apps/lapack-ai}
dims=${DIMS:-1024,2048,3072,4096,8192}
# Default candidates: the schemes within 3x OpenBLAS's normwise error (Strassen^2 is ~4x).
candidates=${CANDIDATES:-alphatensor:strassen@openblas,alphatensor:dps-4x4x4-48-accurate@openblas}
margin=${MARGIN:-1.02}
output=${1:-alphatensor_crossovers.json}
results=$(mktemp --suffix=.json)
trap 'rm -f "$results"' EXIT
"$bin" bench --op gemm --type d,s --dim "$dims" --backend "openblas,$candidates" \
  --repeat 3 --warmup 1 --quiet --json "$results"
python3 - "$results" "$output" "$margin" "$*" <<'PY'
import json, os, re, sys, tempfile, time
results, output, margin = sys.argv[1], sys.argv[2], float(sys.argv[3])
doc = json.load(open(results))
best = {}  # (type, size) -> (speedup, scheme, levels)
for r in doc["results"]:
    m = re.fullmatch(r"alphatensor:([^/@]+)(?:/(\d+))?@openblas", r["backend"])
    s = (r.get("speedup") or {}).get("value")
    if not m or s is None or r["status"] != "pass":
        continue
    p = r["params"]
    key = (r["type"], min(p["m"], p["n"], p["k"]))
    if s >= margin and s > best.get(key, (0,))[0]:
        best[key] = (s, m.group(1), int(m.group(2) or 1))
table = {"format": "lapack-ai alphatensor crossovers 1", "base": "openblas",
         "measured": "%s, bench/alphatensor-tune.sh on %s (%s)" % (
             time.strftime("%Y-%m-%d", time.gmtime()), os.uname().nodename,
             "%s, %s cores" % (doc["context"].get("cpu_model", "cpu unknown"), doc["context"].get("cpu_cores", "?")))}
for t in ("d", "s"):
    entries, last = [], None
    sizes = sorted({min(r["params"]["m"], r["params"]["n"], r["params"]["k"])
                    for r in doc["results"] if r["type"] == t})
    for size in sizes:
        # No candidate wins at this size: "base" switches back to the plain base GEMM.
        _, scheme, levels = best.get((t, size), (0, "base", 1))
        if last is None and scheme == "base":
            continue
        if (scheme, levels) != last:
            entries.append({"min_size": size, "scheme": scheme, "levels": levels})
            last = (scheme, levels)
    table[t] = entries
fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(output)))
with os.fdopen(fd, "w") as f:
    json.dump(table, f, indent=2)
    f.write("\n")
os.replace(tmp, output)
print("wrote", output)
PY
