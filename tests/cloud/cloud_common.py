"""Shared by the cloud tests: the tools (aws CLI, moto_server), a moto server on a free loopback
port, fake credentials that must never appear in any output, and small helpers."""
import atexit
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.parse
import urllib.request

# Fake credentials, shaped like real ones so the redaction of key ids is exercised too.
ACCESS_KEY = "AKIALAPACKAITEST0042"
SECRET_KEY = "lapackAiTestSecret/DoNotLog+0123456789abcdEF"
TMP_ROOT = tempfile.mkdtemp(prefix="la-cloud-")
_keep = []


def _cleanup():
    if not _keep:
        shutil.rmtree(TMP_ROOT, ignore_errors=True)


atexit.register(_cleanup)


def fail(msg):
    _keep.append(True)  # the folder stays for a post-mortem
    print(f"FAIL: {msg} (files: {TMP_ROOT})", file=sys.stderr)
    sys.exit(1)


def skip(reason):
    print(f"SKIPPED: {reason}")
    sys.exit(0)


def tool_path():
    """PATH with scripts/install-cloud-test.sh's venv first (LAPACK_AI_CLOUD_TOOLS)."""
    extra = os.environ.get("LAPACK_AI_CLOUD_TOOLS", "")
    return (extra + os.pathsep if extra else "") + os.environ.get("PATH", "")


def find_tools():
    path = tool_path()
    aws = shutil.which("aws", path=path)
    moto = shutil.which("moto_server", path=path)
    if not aws or not moto:
        skip("needs the aws CLI and moto_server (scripts/install-cloud-test.sh installs both)")
    return aws, moto


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Moto:
    """moto's server on 127.0.0.1:<free port> as EC2 + S3, with moto_hooked.py's hook for ending an
    instance as EC2 would (end_instance), stopped at exit."""

    def __init__(self, moto_server):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(TMP_ROOT, "moto.log"), "w")
        # The venv's interpreter, the one moto_server's shebang names.
        with open(moto_server) as f:
            python = f.readline()[2:].strip()
        hooked = os.path.join(os.path.dirname(os.path.abspath(__file__)), "moto_hooked.py")
        self.proc = subprocess.Popen([python, hooked, "127.0.0.1", str(self.port)],
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        for _ in range(300):
            try:
                urllib.request.urlopen(self.url + "/moto-api/", timeout=1)
                return
            except Exception:
                if self.proc.poll() is not None:
                    fail(f"moto_server exited with {self.proc.returncode}")
                time.sleep(0.1)
        fail("moto_server did not answer within 30 s")

    def end_instance(self, instance_id, code):
        """Ends the instance as EC2 would, with StateReason.Code `code` ("" = none given)."""
        query = urllib.parse.urlencode({"id": instance_id, "code": code})
        req = urllib.request.Request(f"{self.url}/lapack-ai-test/end-instance?{query}", method="POST")
        urllib.request.urlopen(req, timeout=10).read()

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=10)


def base_env(moto_url, state_dir):
    env = dict(os.environ)
    env.update({
        "PATH": tool_path(),
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_PAGER": "",
        "LAPACK_AI_CLOUD_STATE_DIR": state_dir,
        "NO_COLOR": "1",
    })
    for k in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        env.pop(k, None)
    return env


def aws(env, moto_url, *args, check=True):
    r = subprocess.run(["aws", *args, "--endpoint-url", moto_url, "--region", "us-east-1",
                        "--output", "json"], env=env, capture_output=True, text=True, timeout=120)
    if check and r.returncode != 0:
        fail(f"aws {' '.join(args)}: exit {r.returncode}: {r.stderr}")
    try:
        return json.loads(r.stdout) if r.stdout.strip() else None
    except ValueError:
        return r.stdout  # the s3 commands print text


def instances(env, moto_url, run_id=None, states=("pending", "running", "stopping", "stopped")):
    filters = ["Name=instance-state-name,Values=" + ",".join(states)]
    filters.append(f"Name=tag:lapack-ai:run-id,Values={run_id}" if run_id
                   else "Name=tag-key,Values=lapack-ai:run-id")
    out = aws(env, moto_url, "ec2", "describe-instances", "--filters", *filters)
    return [i for r in out.get("Reservations", []) for i in r.get("Instances", [])]


def tag(instance, key):
    for t in instance.get("Tags", []):
        if t["Key"] == key:
            return t["Value"]
    return ""


def user_data(env, moto_url, instance_id):
    out = aws(env, moto_url, "ec2", "describe-instance-attribute", "--instance-id", instance_id,
              "--attribute", "userData")
    value = out.get("UserData", {}).get("Value", "")
    return base64.b64decode(value).decode() if value else ""


def make_bundle(binary, folder):
    """A bundle stand-in: a top folder with a `lapack-ai` that runs the binary under test (the
    real bundle is tested by cloudB's bundle tests; here the guest script is what is tested)."""
    top = os.path.join(folder, "bundle-src", "lapack-ai-test")
    os.makedirs(top, exist_ok=True)
    wrapper = os.path.join(top, "lapack-ai")
    with open(wrapper, "w") as f:
        f.write(f"#!/bin/sh\nexec {os.path.abspath(binary)} \"$@\"\n")
    os.chmod(wrapper, 0o755)
    tarball = os.path.join(folder, "lapack-ai-bundle.tar.gz")
    with tarfile.open(tarball, "w:gz") as t:
        t.add(top, arcname="lapack-ai-test")
    return tarball


def grep_secrets(paths, extra_text=""):
    """Fails if a credential appears in any file under `paths` or in `extra_text`."""
    for needle in (SECRET_KEY, ACCESS_KEY):
        if needle in extra_text:
            fail(f"a test credential appears in the command output")
        for root in paths:
            for dirpath, _, files in os.walk(root):
                for name in files:
                    p = os.path.join(dirpath, name)
                    try:
                        with open(p, "rb") as f:
                            if needle.encode() in f.read():
                                fail(f"a test credential appears in {p}")
                    except OSError:
                        pass


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return path
