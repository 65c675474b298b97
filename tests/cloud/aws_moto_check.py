#!/usr/bin/python3
"""`lapack-ai cloud` against moto_server (EC2 + S3) with the real aws CLI.

A test "instance agent" does what cloud-init would: it reads each new instance's user data from
the EC2 API and runs it locally with bash (shutdown disabled, a temp folder as the guest's disk),
so the real guest script fetches the bundle from S3, runs the leg with the binary under test and
uploads results with the real aws CLI; then it terminates the instance, as the guest's power-off
would. Fault injection: an `aws` shim answering InsufficientInstanceCapacity, VcpuLimitExceeded
and RequestLimitExceeded with the CLI's real error text; the agent ends instances before they run,
as EC2 would (moto_hooked.py) with StateReason Server.SpotInstanceTermination (relaunched),
Client.InstanceInitiatedShutdown (the leg fails) or none (relaunched, "reason unknown"), or with
terminate-instances (Client.UserInitiatedShutdown: the leg fails); SIGINT/SIGTERM at random points of >= 20 runs, after each of which no instance
may be left running in moto. A budget below the estimate refuses before creating anything;
`cloud plan` creates nothing. No credential may appear in state files, results, reports or
output.

Usage: aws_moto_check.py LAPACK_AI_BINARY SOURCE_DIR [SIGNAL_RUNS]
"""
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cloud_common import (TMP_ROOT, Moto, aws, base_env, fail, find_tools, grep_secrets,  # noqa: E402
                          instances, make_bundle, tag, user_data, write)

BUCKET = "la-cloud-test"


class Agent(threading.Thread):
    """Plays every instance's guest: runs its user data, then terminates it ("power-off").
    Instances whose "<leg>-<attempt>" is a key of `end` are ended without running: by EC2 with
    that StateReason code (moto_hooked.py; "" = no reason), or with terminate-instances if None."""

    def __init__(self, env, moto, end=None):
        super().__init__(daemon=True)
        self.env, self.url, self.moto, self.end_codes = env, moto.url, moto, dict(end or {})
        self.seen, self.stop, self.errors, self.guests = set(), False, [], []

    def end(self):
        """Stops watching and ends any guest still running (the test machine is not a VM)."""
        self.stop = True
        for p in self.guests:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)

    def run(self):
        while not self.stop:
            try:
                for inst in instances(self.env, self.url, states=("pending", "running")):
                    iid = inst["InstanceId"]
                    if iid in self.seen:
                        continue
                    self.seen.add(iid)
                    threading.Thread(target=self.guest, args=(inst,), daemon=True).start()
            except SystemExit as e:
                self.errors.append(f"agent: {e}")
            time.sleep(0.3)

    def guest(self, inst):
        iid = inst["InstanceId"]
        key = tag(inst, "lapack-ai:key")  # <run>-<leg>-<attempt>-<candidate>
        leg_attempt = "-".join(key.split("-")[-3:-1])
        code = self.end_codes.get(leg_attempt)
        if code is not None:
            self.moto.end_instance(iid, code)
            return
        if leg_attempt not in self.end_codes:
            script = user_data(self.env, self.url, iid)
            env = dict(self.env, LAPACK_AI_GUEST_DIR=os.path.join(TMP_ROOT, "guest", iid),
                       LAPACK_AI_GUEST_SHUTDOWN="true")
            p = subprocess.Popen(["bash", "-c", script], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, start_new_session=True)
            self.guests.append(p)
            _, err = p.communicate()
            if p.returncode != 0 and not self.stop:
                self.errors.append(f"guest {iid}: exit {p.returncode}: {err}")
        aws(self.env, self.url, "ec2", "terminate-instances", "--instance-ids", iid, check=False)


def shim(real_aws):
    """An aws CLI in front of the real one that refuses some launches with EC2's error text."""
    counter = os.path.join(TMP_ROOT, "rate-limited-once")
    path = write(os.path.join(TMP_ROOT, "shim", "aws"), f"""#!/bin/bash
is_run=0; zone=""; type=""
prev=""
for a in "$@"; do
  [ "$a" = run-instances ] && is_run=1
  case "$a" in AvailabilityZone=*) zone="${{a#AvailabilityZone=}}";; esac
  [ "$prev" = --instance-type ] && type="$a"
  prev="$a"
done
if [ $is_run = 1 ]; then
  if [ ! -e {counter} ]; then
    : > {counter}
    echo "An error occurred (RequestLimitExceeded) when calling the RunInstances operation (reached max retries: 2): Request limit exceeded." >&2
    exit 255
  fi
  if [ "$zone" = us-east-1a ]; then
    echo "An error occurred (InsufficientInstanceCapacity) when calling the RunInstances operation (reached max retries: 0): We currently do not have sufficient $type capacity in the Availability Zone you requested ($zone). Our system will be working on provisioning additional capacity." >&2
    exit 255
  fi
  if [ "$type" = p5.48xlarge ]; then
    echo "An error occurred (VcpuLimitExceeded) when calling the RunInstances operation: You have requested more vCPU capacity than your current vCPU limit of 0 allows for the instance bucket that the specified instance type belongs to." >&2
    exit 255
  fi
fi
exec {real_aws} "$@"
""")
    os.chmod(path, 0o755)
    return path


def config(path, run_id, bundle, scenario, cli, legs, budget=None, lifetime=30):
    budget_line = f'"budget_usd": {budget},' if budget is not None else ""
    return write(path, f"""// cloud test config (JSON with comments)
{{
  "run_id": "{run_id}",
  "provider": "aws",
  "lifetime_minutes": {lifetime},
  "max_relaunches": 2,
  {budget_line}
  "output": "{os.path.join(TMP_ROOT, 'out')}",
  "bundle": "{bundle}",
  "aws": {{
    "cli": "{cli}",
    "region": "us-east-1",
    "bucket": "{BUCKET}",
    "image": "ami-12c6146b",
    "instance_types": ["g5.xlarge"],
    "poll_seconds": 0.5,
    "rate_backoff_s": 0.2,
  }},
  "legs": {json.dumps(legs)}
}}
""")


def run_cli(binary, env, args, timeout=300):
    r = subprocess.run([binary, *args], env=env, capture_output=True, text=True, timeout=timeout)
    return r.returncode, r.stdout, r.stderr


def check_full_run(binary, env, moto, bundle, scenario, shim_cli, state_dir):
    url = moto.url
    run_id = "moto-full-1"
    legs = [
        {"name": "a10g", "scenario": scenario, "instance_types": ["p5.48xlarge", "g5.xlarge"],
         "zones": ["us-east-1a", "us-east-1b"]},
        {"name": "t4", "scenario": scenario, "instance_types": ["g4dn.xlarge"], "zones": ["us-east-1b"]},
    ]
    cfg = config(os.path.join(TMP_ROOT, "full.jsonc"), run_id, bundle, scenario, shim_cli, legs)
    agent = Agent(env, moto, end={"t4-0": "Server.SpotInstanceTermination"})
    agent.start()
    try:
        rc, out, err = run_cli(binary, env, ["cloud", "run", cfg, "--endpoint-url", url])
    finally:
        agent.end()
    if agent.errors:
        fail("\n".join(agent.errors))
    if rc != 0:
        fail(f"cloud run: exit {rc}\n{out}\n{err}")
    merged_path = os.path.join(TMP_ROOT, "out", run_id, "merged.json")
    with open(merged_path) as f:
        merged = json.load(f)
    legs_seen = sorted({r["leg"] for r in merged["results"]})
    if legs_seen != ["a10g", "t4"]:
        fail(f"merged legs {legs_seen}, expected a10g and t4")
    events = merged["context"]["cloud"]["events"]
    kinds = [e["kind"] for e in events]
    for k in ("plan", "launch", "retry", "interruption", "relaunch", "collect", "teardown"):
        if k not in kinds:
            fail(f"no {k!r} event in the merged context: {kinds}")
    interruptions = [e for e in events if e["kind"] == "interruption"]
    if [(e["leg"], e["data"].get("reason")) for e in interruptions] != [("t4", "Server.SpotInstanceTermination")]:
        fail(f"the interruption event must name t4 and EC2's code: {interruptions}")
    retries = " ".join(e["message"] for e in events if e["kind"] == "retry")
    for word in ("RequestLimitExceeded", "capacity error", "quota error"):
        if word not in retries:
            fail(f"no retry for {word}: {retries}")
    launched = [e for e in events if e["kind"] == "launch" and e["leg"] == "a10g"]
    if not launched or launched[0]["data"].get("zone") != "us-east-1b" or \
            launched[0]["data"].get("instance_type") != "g5.xlarge":
        fail(f"a10g should land on g5.xlarge in us-east-1b after the faults: {launched}")
    with open(os.path.join(TMP_ROOT, "out", run_id, "merged.html")) as f:
        html = f.read()
    for word in ("Cloud run", "interruption", "relaunch", "us-east-1b"):
        if word not in html:
            fail(f"the HTML report does not show {word!r}")
    left = instances(env, url, run_id)
    if left:
        fail(f"instances left running: {[i['InstanceId'] for i in left]}")
    listing = subprocess.run(["aws", "s3", "ls", f"s3://{BUCKET}/lapack-ai/{run_id}/", "--recursive",
                              "--endpoint-url", url], env=env, capture_output=True, text=True)
    if listing.stdout.strip():
        fail(f"the run's S3 prefix was not removed:\n{listing.stdout}")
    with open(os.path.join(state_dir, run_id + ".json")) as f:
        state = json.load(f)
    if state["phase"] != "done" or any(r["state"] in ("intended", "created") for r in state["resources"]):
        fail(f"state file not torn down: phase {state['phase']}")
    # The user data really ran the leg: the guest script ends with the exit code upload.
    grep_secrets([state_dir, os.path.join(TMP_ROOT, "out")], out + err)
    print(f"full run: 2 legs merged, events {sorted(set(kinds))}")


def check_end_reasons(binary, env, moto, bundle, scenario, state_dir):
    """What EC2 says about an instance's end decides: no reason given -> relaunched (and the event
    says so); shut itself down (lifetime) or terminated by a user -> the leg fails, no relaunch."""
    run_id = "moto-ends-1"
    legs = [{"name": n, "scenario": scenario} for n in ("unknown", "selfstop", "userterm")]
    cfg = config(os.path.join(TMP_ROOT, "ends.jsonc"), run_id, bundle, scenario, "aws", legs)
    agent = Agent(env, moto, end={"unknown-0": "", "selfstop-0": "Client.InstanceInitiatedShutdown",
                                  "userterm-0": None})
    agent.start()
    try:
        rc, out, err = run_cli(binary, env, ["cloud", "run", cfg, "--endpoint-url", moto.url])
    finally:
        agent.end()
    if agent.errors:
        fail("\n".join(agent.errors))
    with open(os.path.join(state_dir, run_id + ".json")) as f:
        events = json.load(f)["events"]
    by_leg = {n: [e for e in events if e["leg"] == n] for n in ("unknown", "selfstop", "userterm")}
    if rc != 1:
        fail(f"two failed legs must make `cloud run` exit 1, not {rc}\n{err}")
    unknown = by_leg["unknown"]
    if not any(e["kind"] == "interruption" and "reason unknown: treated as interruption" in e["message"]
               and e["data"].get("reason") == "" for e in unknown) or \
            not any(e["kind"] == "relaunch" for e in unknown) or not any(e["kind"] == "finished" for e in unknown):
        fail(f"an end with no reason must be relaunched, saying so: {unknown}")
    for leg, code, words in (("selfstop", "Client.InstanceInitiatedShutdown", "lifetime"),
                             ("userterm", "Client.UserInitiatedShutdown", "not relaunched")):
        evs = by_leg[leg]
        if any(e["kind"] in ("relaunch", "interruption") for e in evs):
            fail(f"{leg}: {code} must not be relaunched: {evs}")
        ended = [e for e in evs if e["kind"] == "ended"]
        if not ended or ended[0]["data"].get("reason") != code or words not in ended[0]["message"]:
            fail(f"{leg}: the event must record {code} and say {words!r}: {evs}")
        if not any(e["kind"] == "error" and code in e["message"] for e in evs):
            fail(f"{leg}: the leg's failure must name {code}: {evs}")
    if instances(env, moto.url, run_id):
        fail("instances left running after the end-reason run")
    grep_secrets([state_dir], out + err)
    print("end reasons: none given -> relaunch; InstanceInitiatedShutdown, UserInitiatedShutdown -> leg failed")


def check_plan_and_budget(binary, env, url, bundle, scenario, state_dir):
    legs = [{"name": "solo", "scenario": scenario}]
    cfg = config(os.path.join(TMP_ROOT, "plan.jsonc"), "moto-plan-1", bundle, scenario, "aws", legs)
    rc, out, err = run_cli(binary, env, ["cloud", "plan", cfg, "--endpoint-url", url])
    if rc != 0:
        fail(f"cloud plan: exit {rc}\n{err}")
    for word in ("run-instances", "--instance-market-options", "--client-token", "terminate-instances",
                 "--tag-specifications", "Cost estimate", "spot price history"):
        if word not in out:
            fail(f"cloud plan does not show {word!r}:\n{out}")
    # moto's spot price is $0.00001/h: 0.5 h x 3 launches = $0.000015 > $0.00001.
    cfg = config(os.path.join(TMP_ROOT, "budget.jsonc"), "moto-budget-1", bundle, scenario, "aws", legs,
                 budget=0.00001)
    rc, out, err = run_cli(binary, env, ["cloud", "run", cfg, "--endpoint-url", url])
    if rc != 2 or "budget_usd" not in err or "nothing was launched" not in err:
        fail(f"a run over budget must exit 2 before launching: exit {rc}\n{err}")
    if os.path.exists(os.path.join(state_dir, "moto-budget-1.json")):
        fail("a refused run left a state file")
    if instances(env, url, "moto-plan-1") or instances(env, url, "moto-budget-1"):
        fail("plan or a refused run created an instance")
    grep_secrets([state_dir], out + err)
    print("plan shows the calls and cost; a budget below the estimate refuses")


def check_gc(binary, env, url, bundle, scenario):
    """`cloud gc` finds instances by tag: without --yes it only lists; with --yes it ends the
    expired ones and keeps the others; --run-id ends everything of that run."""
    def orphan(run_id, expires):
        tags = [{"Key": "lapack-ai:run-id", "Value": run_id}, {"Key": "lapack-ai:leg", "Value": "x"},
                {"Key": "lapack-ai:owner", "Value": "someone"}, {"Key": "lapack-ai:expires", "Value": expires}]
        out = aws(env, url, "ec2", "run-instances", "--image-id", "ami-12c6146b", "--instance-type", "g5.xlarge",
                  "--count", "1", "--tag-specifications",
                  json.dumps([{"ResourceType": "instance", "Tags": tags}]))
        return out["Instances"][0]["InstanceId"]

    expired = orphan("gc-old", "2020-01-01T00:00:00Z")
    fresh = orphan("gc-new", "2999-01-01T00:00:00Z")
    cfg = config(os.path.join(TMP_ROOT, "gc.jsonc"), "gc-cfg", bundle, scenario, "aws",
                 [{"name": "x", "scenario": scenario}])
    rc, out, err = run_cli(binary, env, ["cloud", "gc", cfg, "--endpoint-url", url])
    if rc != 0 or expired not in out or fresh not in out or "would end" not in out or "--yes" not in out:
        fail(f"cloud gc must list both and end nothing without --yes:\n{out}\n{err}")
    if len(instances(env, url, "gc-old")) != 1:
        fail("cloud gc without --yes ended an instance")
    rc, out, err = run_cli(binary, env, ["cloud", "gc", cfg, "--endpoint-url", url, "--yes"])
    if rc != 0 or instances(env, url, "gc-old") or len(instances(env, url, "gc-new")) != 1:
        fail(f"cloud gc --yes must end the expired instance and keep the other:\n{out}\n{err}")
    rc, out, err = run_cli(binary, env, ["cloud", "gc", cfg, "--endpoint-url", url, "--run-id", "gc-new", "--yes"])
    if rc != 0 or instances(env, url, "gc-new"):
        fail(f"cloud gc --run-id --yes must end that run's instances:\n{out}\n{err}")
    grep_secrets([], out + err)
    print("gc: lists without --yes, ends expired ones with it, and a whole run with --run-id")


def check_teardown_after_crash(binary, env, url, bundle, scenario, state_dir):
    """A driver killed with SIGKILL tears nothing down; `cloud teardown --run-id` in a fresh
    process ends its instance from the state file alone (no config, no --endpoint-url)."""
    run_id = "moto-crash-1"
    cfg = config(os.path.join(TMP_ROOT, "crash.jsonc"), run_id, bundle, scenario, "aws",
                 [{"name": "c", "scenario": scenario}])
    p = subprocess.Popen([binary, "cloud", "run", cfg, "--endpoint-url", url, "--quiet"], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    state_path = os.path.join(state_dir, run_id + ".json")
    t0 = time.monotonic()
    while time.monotonic() - t0 < 120:
        try:
            with open(state_path) as f:
                if any(r["kind"] == "instance" and r["state"] == "created" for r in json.load(f)["resources"]):
                    break
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    p.kill()
    p.wait()
    if len(instances(env, url, run_id)) != 1:
        fail("the killed driver's instance should still run (else the test proves nothing)")
    rc, out, err = run_cli(binary, env, ["cloud", "teardown", "--run-id", run_id])
    if rc != 0 or "torn down" not in out or instances(env, url, run_id):
        fail(f"cloud teardown --run-id did not end the orphaned instance:\n{out}\n{err}")
    print("a SIGKILLed driver's instance is ended by `cloud teardown --run-id` from the state file")


def check_signals(binary, env, url, bundle, scenario, state_dir, runs):
    """SIGINT/SIGTERM at random points: every run exits within seconds, nothing left in moto."""
    rng = random.Random(int(os.environ.get("LAPACK_AI_TEST_SEED", "12")))
    legs = [{"name": "sig", "scenario": scenario}]

    def one(i):
        run_id = f"moto-sig-{i}"
        cfg = config(os.path.join(TMP_ROOT, f"sig{i}.jsonc"), run_id, bundle, scenario, "aws", legs)
        p = subprocess.Popen([binary, "cloud", "run", cfg, "--endpoint-url", url, "--quiet"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # Spread the signals over the run's phases: before the state file, while it only
        # intends an instance (run-instances in flight), once the instance is recorded (polling).
        wait_for = ("start", "state", "intended", "created")[i % 4]
        state_path = os.path.join(state_dir, run_id + ".json")
        t0 = time.monotonic()
        while wait_for != "start" and time.monotonic() - t0 < 60 and p.poll() is None:
            try:
                with open(state_path) as f:
                    st = json.load(f)
            except (OSError, ValueError):
                st = None
            if st is not None:
                states = [r["state"] for r in st["resources"] if r["kind"] == "instance"]
                if wait_for == "state" or wait_for in states:
                    break
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.5))
        sig = signal.SIGINT if i % 2 == 0 else signal.SIGTERM
        sent = time.monotonic()
        p.send_signal(sig)
        try:
            out, err = p.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            fail(f"run {run_id} did not end within 30 s of {sig.name}")
        took = time.monotonic() - sent
        left = instances(env, url, run_id)
        if left:
            fail(f"{sig.name} to run {run_id}: instances left running: {[x['InstanceId'] for x in left]}\n{err}")
        state_path = os.path.join(state_dir, run_id + ".json")
        if os.path.exists(state_path):
            with open(state_path) as f:
                st = json.load(f)
            if any(r["state"] in ("intended", "created") for r in st["resources"]):
                fail(f"{sig.name} to run {run_id}: state file still lists live resources\n{err}")
        grep_secrets([], out + err)
        return took

    took = []
    threads = []
    lock = threading.Lock()

    def worker(ids):
        for i in ids:
            t = one(i)
            with lock:
                took.append(t)

    for k in range(3):
        th = threading.Thread(target=worker, args=(range(k, runs, 3),))
        th.start()
        threads.append(th)
    for th in threads:
        th.join()
    if len(took) != runs:
        fail(f"only {len(took)} of {runs} signal runs finished")
    grep_secrets([state_dir])
    print(f"{runs} runs signalled at random points: all torn down; slowest exit {max(took):.1f} s after the signal")


def main():
    if len(sys.argv) < 3:
        fail(__doc__)
    binary, source = os.path.abspath(sys.argv[1]), sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    real_aws, moto_server = find_tools()
    moto = Moto(moto_server)
    try:
        state_dir = os.path.join(TMP_ROOT, "state")
        env = base_env(moto.url, state_dir)
        aws(env, moto.url, "s3", "mb", f"s3://{BUCKET}")
        bundle = make_bundle(binary, TMP_ROOT)
        scenario = os.path.join(source, "tests", "cloud", "data", "tiny.json")
        t0 = time.monotonic()
        for check, args in ((check_plan_and_budget, (binary, env, moto.url, bundle, scenario, state_dir)),
                            (check_full_run, (binary, env, moto, bundle, scenario, shim(real_aws), state_dir)),
                            (check_end_reasons, (binary, env, moto, bundle, scenario, state_dir)),
                            (check_gc, (binary, env, moto.url, bundle, scenario)),
                            (check_teardown_after_crash, (binary, env, moto.url, bundle, scenario, state_dir)),
                            (check_signals, (binary, env, moto.url, bundle, scenario, state_dir, runs))):
            t = time.monotonic()
            check(*args)
            print(f"  ({check.__name__}: {time.monotonic() - t:.0f} s)")
        print(f"aws/moto checks passed in {time.monotonic() - t0:.0f} s")
    finally:
        moto.stop()


if __name__ == "__main__":
    main()
