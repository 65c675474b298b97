#!/usr/bin/python3
"""The GitHub workflows cannot rot: both parse as YAML with the structure the cloud design needs
(a plan job emitting `cloud matrix`, matrix legs running `cloud run --leg`, per-leg artifact
names, a merge job, an always() teardown calling `cloud gc --run-id`), and every `lapack-ai`
command in them runs here against the binary under test: `cloud run`, `teardown` and `gc` with
--dry-run, `plan` and `matrix` as they are (aws calls go to a moto_server), `report merge` on real
leg results, `bundle` by its --help.

Usage: workflows_check.py LAPACK_AI_BINARY SOURCE_DIR
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys

import yaml

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cloud_common import TMP_ROOT, Moto, aws, base_env, fail, find_tools  # noqa: E402

COMMAND = re.compile(r'(?:[\w./-]*/lapack-ai|"\$LA")\s+(cloud\s+\w+|report\s+\w+|bundle)\b(.*)$')


def load(source, name):
    with open(os.path.join(source, ".github", "workflows", name)) as f:
        return yaml.safe_load(f)


def steps_of(workflow):
    for job_name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_name, step


def commands(workflow):
    out = []
    for job, step in steps_of(workflow):
        for line in step.get("run", "").splitlines():
            m = COMMAND.search(line)
            if m:
                out.append((job, m.group(1).split(), m.group(2)))
    return out


def check_structure(ci, gpu):
    if not any("scripts/test.sh" in s.get("run", "") for _, s in steps_of(ci)):
        fail("ci.yml does not run scripts/test.sh")
    jobs = gpu["jobs"]
    for j in ("plan", "leg", "merge", "teardown"):
        if j not in jobs:
            fail(f"gpu-matrix.yml has no {j} job")
    if "cloud matrix" not in json.dumps(jobs["plan"]) or "matrix" not in jobs["plan"].get("outputs", {}):
        fail("the plan job must emit `lapack-ai cloud matrix` as an output")
    if "fromJSON(needs.plan.outputs.matrix)" not in str(jobs["leg"]["strategy"]["matrix"]):
        fail("the leg job's matrix must come from the plan job")
    leg_runs = " ".join(s.get("run", "") for _, s in steps_of({"jobs": {"leg": jobs["leg"]}}))
    if "cloud run" not in leg_runs or "--leg" not in leg_runs or "matrix.leg" not in leg_runs:
        fail("each leg must run `lapack-ai cloud run --leg ${{ matrix.leg }}`")
    names = [s["with"]["name"] for _, s in steps_of({"jobs": {"leg": jobs["leg"]}})
             if "upload-artifact" in s.get("uses", "")]
    if not names or "matrix.leg" not in names[0]:
        fail(f"leg artifacts need unique per-leg names: {names}")
    if "always()" not in str(jobs["teardown"].get("if", "")):
        fail("the teardown job must run if: always()")
    td = " ".join(s.get("run", "") for _, s in steps_of({"jobs": {"teardown": jobs["teardown"]}}))
    if "cloud gc" not in td or "--run-id" not in td:
        fail("the teardown job must call `lapack-ai cloud gc --run-id`")
    merge = json.dumps(jobs["merge"])
    if "report merge" not in merge or "merge-multiple" not in merge:
        fail("the merge job must download every leg and run `report merge`")


def main():
    if len(sys.argv) < 3:
        fail(__doc__)
    binary, source = os.path.abspath(sys.argv[1]), sys.argv[2]
    ci, gpu = load(source, "ci.yml"), load(source, "gpu-matrix.yml")
    check_structure(ci, gpu)
    _, moto_server = find_tools()
    moto = Moto(moto_server)
    try:
        work = os.path.join(TMP_ROOT, "wf")
        os.makedirs(work)
        state_dir = os.path.join(work, "state")
        env = base_env(moto.url, state_dir)
        env.update({"AWS_ENDPOINT_URL": moto.url, "LA": binary, "RUN_ID": "gh-1-1",
                    "CONFIG": os.path.join(source, "cloud", "examples", "gpu-matrix.jsonc")})
        aws(env, moto.url, "s3", "mb", "s3://my-lapack-ai-runs")
        first_leg = json.loads(subprocess.run([binary, "cloud", "matrix", env["CONFIG"]], env=env,
                                              capture_output=True, text=True).stdout)["include"][0]["leg"]
        # Legs' results for `report merge legs/*/*.json`: a real tiny run.
        tiny = os.path.join(source, "tests", "cloud", "data", "tiny.json")
        os.makedirs(os.path.join(work, "legs", "gh-1-1"))
        for leg in ("a10g", "t4"):
            r = subprocess.run([binary, "run", tiny, "--json", os.path.join(work, "legs", "gh-1-1", leg + ".json"),
                                "--no-html"], env=env, capture_output=True, text=True)
            if r.returncode != 0:
                fail(f"tiny run for the merge inputs: {r.stderr}")
        ran = []
        dry = {"cloud run": "cloud run --dry-run", "cloud teardown": "cloud teardown --dry-run",
               "cloud gc": "cloud gc --dry-run", "bundle": "bundle --help"}
        outputs = os.path.join(work, "github_output")
        env.update({"GITHUB_OUTPUT": outputs, "GITHUB_ENV": os.path.join(work, "github_env")})
        for name, wf in (("ci.yml", ci), ("gpu-matrix.yml", gpu)):
            for job, step in steps_of(wf):
                for line in step.get("run", "").splitlines():
                    m = COMMAND.search(line)
                    if not m:
                        continue
                    words = " ".join(m.group(1).split())
                    # The whole shell line runs, with the binary under test, the first leg, and
                    # --dry-run (or --help) right after the subcommand's name.
                    line = re.sub(r'[\w./-]*/lapack-ai\b', '"$LA"', line)
                    line = line.replace("${{ matrix.leg }}", first_leg)
                    line = line.replace(f'"$LA" {m.group(1)}', f'"$LA" {dry.get(words, words)}', 1)
                    if words == "cloud teardown":
                        os.makedirs(state_dir, exist_ok=True)
                    r = subprocess.run(["bash", "-c", line], cwd=work, env=env, capture_output=True,
                                       text=True, timeout=300)
                    # A leg that failed before writing its state must not turn the step red.
                    if words == "cloud teardown" and "nothing to end" not in r.stdout:
                        fail(f"gpu-matrix.yml: `{line}` with no state for the run must say "
                             f"\"nothing to end\" and exit 0:\n{r.stdout}\n{r.stderr}")
                    if r.returncode != 0:
                        fail(f"{name} job {job}: `{line}` exited {r.returncode}\n{r.stdout}\n{r.stderr}")
                    ran.append(f"{job}: {line.strip()}")
        with open(outputs) as f:
            matrix_line = [x for x in f.read().splitlines() if x.startswith("matrix=")]
        if not matrix_line or "include" not in json.loads(matrix_line[0][len("matrix="):]):
            fail(f"the plan job's matrix output is not a GitHub matrix: {matrix_line}")
        for needed in ("cloud plan", "cloud matrix", "cloud run", "cloud gc", "report merge"):
            if not any(needed in r for r in ran):
                fail(f"no `lapack-ai {needed}` found in the workflows (ran: {ran})")
        if not os.path.exists(os.path.join(work, "merged.html")):
            fail("the merge job's command wrote no merged.html")
        print("workflow commands ran:\n  " + "\n  ".join(ran))
    finally:
        moto.stop()
        shutil.rmtree(TMP_ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
