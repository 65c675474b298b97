#!/usr/bin/python3
"""`lapack-ai cloud` with the local provider, end to end through the CLI: a two-leg run merges into
JSON + HTML with the run's events; config errors point at file:line:column with a caret; SIGINT
and SIGTERM to a running `cloud run` end its legs' processes within seconds; a driver killed with
SIGKILL leaves a state file from which `cloud teardown --run-id` ends the orphaned leg; `status`,
`matrix` and `plan` print what they should.

Usage: local_run_check.py LAPACK_AI_BINARY SOURCE_DIR
"""
import json
import os
import signal
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cloud_common import TMP_ROOT, fail, write  # noqa: E402


def run(binary, env, *args, timeout=300):
    r = subprocess.run([binary, *args], env=env, capture_output=True, text=True, timeout=timeout)
    return r.returncode, r.stdout, r.stderr


def config(name, run_id, legs, extra=""):
    return write(os.path.join(TMP_ROOT, name), f"""// local test config
{{
  "run_id": "{run_id}",
  "provider": "local",
  "lifetime_minutes": 20,
  "output": "{os.path.join(TMP_ROOT, 'out')}",{extra}
  "legs": {json.dumps(legs)}
}}
""")


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purposes.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def wait_for_leg_pid(state_path, timeout=60):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        try:
            with open(state_path) as f:
                st = json.load(f)
            for r in st["resources"]:
                if r["kind"] == "process" and r["state"] == "created" and r["id"]:
                    return int(r["id"])
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    fail(f"no running leg recorded in {state_path} within {timeout} s")


def check_two_legs(binary, env, tiny):
    cfg = config("two.jsonc", "local-two", [{"name": "left", "scenario": tiny},
                                             {"name": "right", "scenario": tiny}])
    rc, out, err = run(binary, env, "cloud", "run", cfg)
    if rc != 0:
        fail(f"cloud run (local): exit {rc}\n{out}\n{err}")
    folder = os.path.join(TMP_ROOT, "out", "local-two")
    with open(os.path.join(folder, "merged.json")) as f:
        merged = json.load(f)
    if sorted({r["leg"] for r in merged["results"]}) != ["left", "right"]:
        fail("merged results do not carry both legs")
    kinds = {e["kind"] for e in merged["context"]["cloud"]["events"]}
    for k in ("plan", "launch", "finished", "collect", "teardown"):
        if k not in kinds:
            fail(f"no {k} event: {kinds}")
    with open(os.path.join(folder, "merged.html")) as f:
        html = f.read()
    if "Cloud run" not in html or "local-two" not in html:
        fail("the HTML report has no Cloud run section")
    rc, out, _ = run(binary, env, "cloud", "status")
    if rc != 0 or "local-two" not in out or "done" not in out:
        fail(f"cloud status does not list the run:\n{out}")
    rc, out, _ = run(binary, env, "cloud", "status", "--run-id", "local-two")
    if rc != 0 or "launch" not in out or "teardown" not in out:
        fail(f"cloud status --run-id shows no events:\n{out}")
    rc, out, _ = run(binary, env, "cloud", "matrix", cfg)
    matrix = json.loads(out)
    if [m["leg"] for m in matrix["include"]] != ["left", "right"]:
        fail(f"cloud matrix: {out}")
    rc, out, _ = run(binary, env, "cloud", "plan", cfg)
    if rc != 0 or " run " not in out or "--json" not in out:
        fail(f"cloud plan (local) does not show the leg command:\n{out}")
    print("two local legs merged with events; status, matrix and plan print them")


def check_config_errors(binary, env):
    bad = write(os.path.join(TMP_ROOT, "bad.jsonc"), """{
  "provider": "local",
  "lifetme_minutes": 5,
  "legs": [{"name": "a"}]
}
""")
    rc, _, err = run(binary, env, "cloud", "run", bad)
    if rc != 2 or f"{bad}:3:3" not in err or "lifetime_minutes" not in err or "^" not in err:
        fail(f"a misspelt key must exit 2 with file:line:column, a caret and a suggestion:\n{err}")
    bad2 = write(os.path.join(TMP_ROOT, "bad2.jsonc"), """{
  "legs": [{"name": "a", "provider": "lokal"}]
}
""")
    rc, _, err = run(binary, env, "cloud", "run", bad2)
    if rc != 2 or f"{bad2}:2:38" not in err or "local" not in err:
        fail(f"an unknown provider must be pointed at:\n{err}")
    print("config errors: file:line:column, caret, suggestion, exit 2")


def check_signals(binary, env, long_scenario, runs=4):
    for i in range(runs):
        sig = signal.SIGINT if i % 2 == 0 else signal.SIGTERM
        run_id = f"local-sig-{i}"
        cfg = config(f"sig{i}.jsonc", run_id, [{"name": "long", "scenario": long_scenario}])
        p = subprocess.Popen([binary, "cloud", "run", cfg, "--quiet"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        pid = wait_for_leg_pid(os.path.join(env["LAPACK_AI_CLOUD_STATE_DIR"], run_id + ".json"))
        time.sleep(0.2 * i)
        t0 = time.monotonic()
        p.send_signal(sig)
        try:
            _, err = p.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            fail(f"{sig.name}: cloud run did not exit within 15 s")
        took = time.monotonic() - t0
        if p.returncode != 1:
            fail(f"{sig.name}: exit {p.returncode}, expected 1 (cancelled)\n{err}")
        if alive(pid):
            fail(f"{sig.name}: the leg's process {pid} still runs after the driver exited")
        with open(os.path.join(env["LAPACK_AI_CLOUD_STATE_DIR"], run_id + ".json")) as f:
            st = json.load(f)
        if any(r["state"] in ("intended", "created") for r in st["resources"]):
            fail(f"{sig.name}: state file lists live resources")
        if not any(e["kind"] == "cancel" and sig.name in e["message"] for e in st["events"]):
            fail(f"{sig.name}: no cancel event naming the signal")
        print(f"{sig.name}: torn down, driver exited {took:.1f} s after the signal")


def check_teardown_after_crash(binary, env, long_scenario):
    run_id = "local-crash"
    cfg = config("crash.jsonc", run_id, [{"name": "long", "scenario": long_scenario}])
    p = subprocess.Popen([binary, "cloud", "run", cfg, "--quiet"], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pid = wait_for_leg_pid(os.path.join(env["LAPACK_AI_CLOUD_STATE_DIR"], run_id + ".json"))
    p.send_signal(signal.SIGKILL)  # the driver dies without tearing down
    p.wait()
    if not alive(pid):
        fail("the leg died with its driver: the crash test proves nothing")
    rc, out, err = run(binary, env, "cloud", "teardown", "--run-id", run_id, "--dry-run")
    if rc != 0 or "1 live resource" not in out or alive(pid) is False:
        fail(f"teardown --dry-run must list the orphan and leave it:\n{out}\n{err}")
    rc, out, err = run(binary, env, "cloud", "teardown", "--run-id", run_id)
    if rc != 0 or "torn down" not in out:
        fail(f"teardown --run-id: exit {rc}\n{out}\n{err}")
    for _ in range(50):
        if not alive(pid):
            break
        time.sleep(0.1)
    if alive(pid):
        fail(f"teardown --run-id left the orphaned leg {pid} running")
    rc, out, err = run(binary, env, "cloud", "teardown", "--run-id", "no-such-run")
    if rc != 2 or "no-such-run" not in err:
        fail(f"teardown of an unknown run must exit 2 naming it:\n{err}")
    rc, out, err = run(binary, env, "cloud", "teardown", "--run-id", "no-such-run", "--missing-ok")
    if rc != 0 or "nothing recorded for run no-such-run" not in out:
        fail(f"teardown --missing-ok of an unknown run must exit 0 saying so:\n{out}\n{err}")
    rc, out, err = run(binary, env, "cloud", "teardown", "--run-id", "../x", "--missing-ok")
    if rc != 2 or "../x" not in err:
        fail(f"teardown --missing-ok must still refuse a malformed run id (exit 2):\n{out}\n{err}")
    print("a killed driver's leg is found and ended by `cloud teardown --run-id`")


def main():
    if len(sys.argv) < 3:
        fail(__doc__)
    binary, source = os.path.abspath(sys.argv[1]), sys.argv[2]
    env = dict(os.environ, NO_COLOR="1", LAPACK_AI_CLOUD_STATE_DIR=os.path.join(TMP_ROOT, "state"))
    tiny = os.path.join(source, "tests", "cloud", "data", "tiny.json")
    long_scenario = os.path.join(source, "tests", "cloud", "data", "long.json")
    t0 = time.monotonic()
    check_config_errors(binary, env)
    check_two_legs(binary, env, tiny)
    check_signals(binary, env, long_scenario)
    check_teardown_after_crash(binary, env, long_scenario)
    print(f"local checks passed in {time.monotonic() - t0:.0f} s")


if __name__ == "__main__":
    main()
