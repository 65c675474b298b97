#!/usr/bin/python3
"""The results JSON Schema against what the tool writes: bench, validate and report merge
outputs (also of legs with warnings, recommendations and differing environments) must validate;
crafted garbage (missing keys, NaN, wrong enums, extra keys) must not.

Usage: schema_check.py LAPACK_AI_BINARY SCHEMA_JSON
"""
import copy
import json
import os
import sys

import jsonschema

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reports_common import bench_json, fail, run, workdir, write  # noqa: E402


# Every routine the tool validates, so each one's params and checks meet the schema.
OPS = ["gemm", "gemm_batched", "getrf", "gesv", "potrf", "posv", "geqrf", "gels", "gesvd", "gesdd", "syevd"]


def checked_legs_merged(binary, folder, bench):
    """Two legs with environment warnings and recommendations, on different CPUs, merged:
    leg-tagged warnings and recommendations and context.environment_differences."""
    with open(bench) as f:
        doc = json.load(f)
    for i, cpu in enumerate(("CPU A", "CPU B")):
        doc["context"]["cpu_model"] = cpu
        doc["context"]["warnings"] = [{"id": "busy_machine", "severity": "warning",
                                       "message": "load", "fix": "wait", "phase": "end"}]
        doc["recommendations"] = [{"op": "gemm", "type": "d", "size_label": "n=16..32",
                                   "size_min": 16, "size_max": 32, "backend": "openblas",
                                   "baseline": "openblas", "speedup": 1.0, "speedup_ci": None,
                                   "verdict": "baseline", "cases": 2, "warnings": ["busy_machine"],
                                   "text": "gemm d n=16..32: openblas (the baseline)"}]
        write(folder, f"checked-{i}.json", doc)
    out = os.path.join(folder, "checked-merged.json")
    run(binary, ["report", "merge", os.path.join(folder, "checked-0.json"),
                 os.path.join(folder, "checked-1.json"), "-o", out], expect=0)
    with open(out) as f:
        merged = json.load(f)
    if not merged["context"].get("environment_differences") or \
       {w.get("leg") for w in merged["context"]["warnings"]} != {"checked-0", "checked-1"} or \
       {r.get("leg") for r in merged["recommendations"]} != {"checked-0", "checked-1"}:
        fail(f"merge of checked legs lacks tags or differences: {merged['context']}")
    return out


def main():
    binary, schema_path = sys.argv[1], sys.argv[2]
    with open(schema_path) as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    folder = workdir()

    written = {}
    written["bench"] = bench_json(binary, folder)[0]
    written["validate"] = os.path.join(folder, "validate.json")
    # Exit 1 (a FAILED case) still writes a results file, which must validate all the same.
    rc, _, err = run(binary, ["validate", "--op", ",".join(OPS), "--type", "s,d", "--dim",
                              "0,3,7x5x3", "--backend", "openblas,reference", "--quiet", "--json",
                              written["validate"]])
    if rc not in (0, 1):
        fail(f"validate exited {rc}: {err}")
    # `run` writes JSON (and HTML) per scenario; scheme backends add speedups and skipped or
    # unsupported cases (GPU bases absent).
    for scenario in ("gemm-square", "alphatensor"):
        out = os.path.join(folder, scenario)
        run(binary, ["run", scenario, "--dim", "8,16", "--repeat", "3", "--out", out, "--quiet"],
            expect=0)
        jsons = [f for f in os.listdir(out) if f.endswith(".json")]
        if len(jsons) != 1:
            fail(f"run {scenario} wrote {jsons}")
        written["run " + scenario] = os.path.join(out, jsons[0])
    written["merge"] = os.path.join(folder, "merged.json")
    run(binary, ["report", "merge", written["bench"], written["validate"], "-o",
                 written["merge"]], expect=0)
    written["merge of checked legs"] = checked_legs_merged(binary, folder, written["bench"])
    docs = {}
    for what, path in written.items():
        with open(path) as f:
            text = f.read()
        docs[what] = json.loads(text, parse_constant=lambda c: fail(f"{what}: bare {c}"))
        errors = sorted(validator.iter_errors(docs[what]), key=lambda e: list(e.path))
        if errors:
            fail(f"{what} output {path} does not match the schema: " +
                 "; ".join(f"/{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:5]))
        print(f"ok: {what} output validates ({len(docs[what]['results'])} results)")
    if not any("leg" in r for r in docs["merge"]["results"]):
        fail("merged results carry no 'leg'")

    def mutate(fn):
        d = copy.deepcopy(docs["bench"])
        fn(d)
        return d
    garbage = {
        "no schema_version": mutate(lambda d: d.pop("schema_version")),
        "schema_version 2": mutate(lambda d: d.update(schema_version=2)),
        "unknown top-level key": mutate(lambda d: d.update(extra=1)),
        "status 'ok'": mutate(lambda d: d["results"][0].update(status="ok")),
        "missing backend": mutate(lambda d: d["results"][0].pop("backend")),
        "ratio as text": mutate(lambda d: d["results"][0].update(error_ratio="0.1")),
        "negative gflops": mutate(lambda d: d["results"][0].update(gflops=-1.0)),
        "string sample": mutate(lambda d: d["results"][0]["timing"]["samples_s"].append("1")),
        "timing without median": mutate(lambda d: d["results"][0]["timing"].pop("median_s")),
        "trans 'x'": mutate(lambda d: d["results"][0]["params"].update(transA="x")),
        "summary count -1": mutate(lambda d: d["summary"].update(failed=-1)),
        "context without host": mutate(lambda d: d["context"].pop("host")),
        "results not a list": mutate(lambda d: d.update(results={})),
    }
    for what, doc in garbage.items():
        if validator.is_valid(doc):
            fail(f"the schema accepts garbage: {what}")
    print(f"ok: {len(garbage)} kinds of garbage rejected")


if __name__ == "__main__":
    main()
