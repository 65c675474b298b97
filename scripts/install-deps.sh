#!/usr/bin/env bash
# Installs every Debian 12 package that lapack-ai's build, tests and reports need.
# Idempotent: packages already present are left alone; `apt-get update` runs first only when
# something is missing. Needs root (or sudo) for apt-get.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake pkg-config git
  # libraries named in DESIGN.md
  libcli11-dev libfmt-dev nlohmann-json3-dev doctest-dev libbenchmark-dev
  libopenblas-dev liblapacke-dev libblas3 liblapack3 libzip-dev libboost1.81-dev
  # other BLAS/LAPACK libraries the lib: backend compares (python3-venv: pip's MKL and
  # scipy-openblas wheels, scripts/install-pylibs.sh)
  libopenblas0-openmp libopenblas0-serial libblis4-pthread libatlas3-base python3-venv
  # OpenCL: headers, ICD loader, the PoCL CPU device, CLBlast
  ocl-icd-opencl-dev opencl-headers pocl-opencl-icd libclblast-dev clinfo
  # `lapack-ai bundle`: points the bundled libraries' RUNPATH at the bundle
  patchelf
  # reports and their tests
  libjs-chart.js python3 python3-jsonschema chromium
  # cloud tests: the GitHub workflows are parsed as YAML (the aws CLI and moto: install-cloud-test.sh)
  python3-yaml
  # the Python package lapack_ai (headers for the extension; venv by scripts/install-python.sh)
  python3-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
