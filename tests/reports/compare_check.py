#!/usr/bin/python3
"""`lapack-ai report compare` on crafted pairs derived from a real tiny bench run: a planted 20 %
slowdown exits 1, noise only exits 0, a precision regression exits 1, new/missing cases are
listed (missing fails only with --fail-on-missing), --json/--markdown/-o work, bad input exits 2.

Usage: compare_check.py LAPACK_AI_BINARY
"""
import copy
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reports_common import bench_json, fail, rescaled, run, workdir, write  # noqa: E402


def expect(binary, base, new, code, *extra):
    rc, out, err = run(binary, ["report", "compare", base, new] + list(extra))
    if rc != code:
        fail(f"compare {os.path.basename(base)} {os.path.basename(new)} {' '.join(extra)}: "
             f"exit {rc}, expected {code}\n{out}\n{err}")
    return out


def main():
    binary = sys.argv[1]
    folder = workdir()
    _, real = bench_json(binary, folder, dims="16,32", repeat="5")
    # Both sides are re-drawn around the real medians with 3 % noise and 10 samples a side.
    for r in real["results"]:
        r["timing"]["samples_s"] = r["timing"]["samples_s"] * 2
    base = write(folder, "base.json", rescaled(real, 1.0, 0.03, seed=1))
    noise_doc = rescaled(real, 1.0, 0.03, seed=2)
    noise = write(folder, "noise.json", noise_doc)
    slow = write(folder, "slow.json", rescaled(real, 1.2, 0.03, seed=3))
    one_slow = write(folder, "one_slow.json", rescaled(
        real, 1.2, 0.03, seed=4, only=lambda r: r["backend"] == "openblas" and r["params"]["n"] == 32))

    out = expect(binary, base, noise, 0)
    if "OK" not in out.splitlines()[0]:
        fail("noise-only compare does not say OK:\n" + out)
    out = expect(binary, base, slow, 1)
    if "SLOWER" not in out:
        fail("the 20 % slowdown is not marked SLOWER:\n" + out)
    report = json.loads(expect(binary, base, one_slow, 1, "--json"))
    slower = [c for c in report["cases"] if c["speed"] == "SLOWER"]
    if len(slower) != 1 or slower[0]["backend"] != "openblas" or slower[0]["change_percent"] < 10:
        fail(f"exactly the planted case should be SLOWER: {slower}")
    expect(binary, base, slow, 0, "--threshold", "30")  # 20 % is within a 30 % threshold

    bad = copy.deepcopy(noise_doc)
    bad["results"][0]["status"] = "FAILED"
    bad["results"][0]["error_ratio"] = bad["results"][0]["tolerance"] * 5
    bad["results"][0]["checks"][0]["ratio"] = bad["results"][0]["error_ratio"]
    bad["results"][0]["checks"][0]["passed"] = False
    report = json.loads(expect(binary, base, write(folder, "precision.json", bad), 1, "--json"))
    if report["counts"]["precision_regressions"] != 1 or report["counts"]["speed_regressions"]:
        fail(f"precision regression miscounted: {report['counts']}")

    fewer = copy.deepcopy(noise_doc)
    gone = fewer["results"].pop()
    extra = copy.deepcopy(fewer["results"][0])
    extra["params"]["n"] = extra["params"]["m"] = extra["params"]["k"] = 99
    fewer["results"].append(extra)
    changed = write(folder, "changed.json", fewer)
    report = json.loads(expect(binary, base, changed, 0, "--json"))
    if len(report["missing"]) != 1 or report["missing"][0]["backend"] != gone["backend"]:
        fail(f"missing case not listed: {report['missing']}")
    if len(report["new"]) != 1 or "99x99x99" not in report["new"][0]["params"]:
        fail(f"new case not listed: {report['new']}")
    expect(binary, base, changed, 1, "--fail-on-missing")

    # Merged legs pair up by name even when the legs come in another order.
    merged_base, merged_new = os.path.join(folder, "mb.json"), os.path.join(folder, "mn.json")
    run(binary, ["report", "merge", base, noise, "-o", merged_base, "--name", "x", "--name", "y"], 0)
    run(binary, ["report", "merge", noise, slow, "-o", merged_new, "--name", "x", "--name", "y"], 0)
    report = json.loads(expect(binary, merged_base, merged_new, 1, "--json"))
    legs = {c["leg"] for c in report["cases"] if c["speed"] == "SLOWER"}
    if legs != {"y"}:
        fail(f"only leg y (noise -> slow) should be SLOWER, got {legs}")

    md_path = os.path.join(folder, "compare.md")
    expect(binary, base, slow, 1, "--markdown", "-o", md_path)
    with open(md_path) as f:
        md = f.read()
    if not md.startswith("### lapack-ai compare: REGRESSION") or "|---|" not in md:
        fail("Markdown output malformed:\n" + md)

    with open(os.path.join(folder, "broken.json"), "w") as f:
        f.write('{"schema_version": 1, "results": [')
    _, _, err = run(binary, ["report", "compare", base, os.path.join(folder, "broken.json")], 2)
    if "broken.json" not in err:
        fail("a broken file is not named in the error: " + err)
    run(binary, ["report", "compare", base, os.path.join(folder, "nosuch.json")], 2)
    print("ok: compare exits 1 on a planted 20% slowdown and precision regressions, 0 on noise")


if __name__ == "__main__":
    main()
