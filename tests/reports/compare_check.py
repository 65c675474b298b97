#!/usr/bin/python3
"""`lapack-ai report compare` on crafted pairs derived from a real tiny bench run: a planted 20 %
slowdown exits 1, noise only exits 0, a precision regression exits 1, new/missing cases are
listed (missing fails only with --fail-on-missing), --json/--markdown/-o work, bad input exits 2;
runs in different environments are listed as such (not a regression), and `report merge` of legs
that differ records and prints it and carries each leg's warnings.

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


def check_environments(binary, folder, noise_doc, base):
    """A run on another CPU with another OpenBLAS kernel and a busy machine: compare lists it
    before the table and still exits 0 on noise; merge records and prints it."""
    other = copy.deepcopy(noise_doc)
    ctx = other["context"]
    ctx["cpu_model"] = "Other CPU 9000"
    ctx["environment"] = {"blas": [{"backend": "openblas", "kernel": "SkylakeX"}]}
    ctx["warnings"] = [{"id": "busy_machine", "severity": "warning", "message": "load 3",
                        "fix": "wait", "phase": "start"}]
    with open(base) as f:
        base_doc = json.load(f)
    base_doc["context"]["environment"] = {"blas": [{"backend": "openblas", "kernel": "Prescott"}]}
    base_doc["context"]["warnings"] = []
    base_env = write(folder, "base_env.json", base_doc)
    other_path = write(folder, "other_machine.json", other)
    out = expect(binary, base_env, other_path, 0)
    lines = out.splitlines()
    if "Environments differ:" not in lines[1:2] or \
       "  - cpu model: " + base_doc["context"]["cpu_model"] + " -> Other CPU 9000" not in lines or \
       "  - openblas kernel: Prescott -> SkylakeX" not in lines or \
       "  - warnings only in new: busy_machine" not in lines:
        fail("compare does not list the environment differences under the headline:\n" + out)
    report = json.loads(expect(binary, base_env, other_path, 0, "--json"))
    if "openblas kernel: Prescott -> SkylakeX" not in report["environment_differences"]:
        fail(f"--json lacks the differences: {report['environment_differences']}")
    md = expect(binary, base_env, other_path, 0, "--markdown")
    if "**Environments differ:**\n\n- cpu model: " not in md:
        fail("--markdown lacks the bullet list:\n" + md)
    same = expect(binary, base_env, base_env, 0)
    if "Environments differ" in same:
        fail("identical environments are reported as different:\n" + same)

    merged = os.path.join(folder, "env_merged.json")
    _, _, err = run(binary, ["report", "merge", base_env, other_path, "-o", merged], expect=0)
    if "note: legs differ in environment: other_machine (against base_env):" not in err or \
       "  - openblas kernel: Prescott -> SkylakeX" not in err:
        fail("merge does not print the environment differences:\n" + err)
    with open(merged) as f:
        context = json.load(f)["context"]
    diffs = context.get("environment_differences", [])
    if len(diffs) != 1 or diffs[0]["leg"] != "other_machine" or \
       "warnings only in new: busy_machine" not in diffs[0]["differences"]:
        fail(f"merged context.environment_differences wrong: {diffs}")
    if [(w["id"], w["leg"]) for w in context.get("warnings", [])] != [("busy_machine", "other_machine")]:
        fail(f"merged context.warnings not tagged with their leg: {context.get('warnings')}")


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

    check_environments(binary, folder, noise_doc, base)

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
