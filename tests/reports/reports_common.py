"""Shared helpers of the reports CTest scripts: run lapack-ai, make small real results, and
derive crafted variants (scaled timings, renamed backends) with a seeded generator."""
import atexit
import copy
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def run(binary, args, expect=None):
    """Runs lapack-ai; returns (exit code, stdout, stderr). Fails if `expect` is set and differs."""
    env = dict(os.environ, NO_COLOR="1", OPENBLAS_NUM_THREADS="1")
    p = subprocess.run([binary] + args, capture_output=True, text=True, env=env, timeout=240)
    if expect is not None and p.returncode != expect:
        fail(f"lapack-ai {' '.join(args)}: exit {p.returncode}, expected {expect}\n"
             f"stdout:\n{p.stdout}\nstderr:\n{p.stderr}")
    return p.returncode, p.stdout, p.stderr


def workdir():
    """A scratch folder, removed at exit unless LAPACK_AI_KEEP_TMP is set (to inspect the page)."""
    folder = tempfile.mkdtemp(prefix="lapack-ai-reports-")
    if not os.environ.get("LAPACK_AI_KEEP_TMP"):
        atexit.register(shutil.rmtree, folder, True)
    else:
        print("keeping " + folder)
    return folder


def bench_json(binary, folder, name="bench.json", dims="16,32", repeat="5"):
    """A real, tiny bench run (openblas against reference); returns (path, parsed JSON)."""
    path = os.path.join(folder, name)
    run(binary, ["bench", "--op", "gemm", "--type", "d", "--dim", dims, "--backend",
                 "openblas,reference", "--repeat", repeat, "--warmup", "1", "--quiet",
                 "--json", path], expect=0)
    with open(path) as f:
        return path, json.load(f)


def write(folder, name, doc):
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
    return path


def rescaled(doc, factor, noise, seed, only=None):
    """A copy whose timings are the base medians times `factor`, each sample with relative
    uniform noise `noise` (seeded): a stand-in for a second run on the same machine."""
    rng = random.Random(seed)
    out = copy.deepcopy(doc)
    for r in out["results"]:
        t = r.get("timing")
        if not t or (only and not only(r)):
            if t and only:
                _renoise(t, 1.0, noise, rng)
            continue
        _renoise(t, factor, noise, rng)
        if r.get("gflops"):
            r["gflops"] = r["flops"] / t["median_s"] / 1e9
    return out


def _renoise(t, factor, noise, rng):
    center = t["median_s"] * factor
    t["samples_s"] = [center * (1 + rng.uniform(-noise, noise)) for _ in t["samples_s"]]
    s = sorted(t["samples_s"])
    t["median_s"] = s[len(s) // 2]
    t["min_s"] = s[0]
    t["mean_s"] = sum(s) / len(s)
