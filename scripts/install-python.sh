#!/usr/bin/env bash
# Creates the venv the Python package is built and tested with (default build/pyenv, or $1) from
# Debian's python3 (what CI has; a pyenv python earlier on PATH is not used), and pip-installs
# the build and test requirements: nanobind, scikit-build-core, numpy, scipy, pytest, pandas.
# Idempotent. Without network pip fails; the build then finds no nanobind and skips the module
# (LAPACK_AI_WITH_PYTHON=AUTO), and the Python tests are not registered.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${1:-$root/build/pyenv}"
packages=(nanobind scikit-build-core numpy scipy pytest pandas)
if [[ -x "$venv/bin/pip" ]] && "$venv/bin/pip" show -q "${packages[@]}" >/dev/null 2>&1; then
  echo "install-python: ${packages[*]} present in $venv"
  exit 0
fi
/usr/bin/python3 -m venv "$venv"
if ! "$venv/bin/pip" install -q --disable-pip-version-check "${packages[@]}"; then
  echo "install-python: pip install ${packages[*]} failed; the Python module and its tests are skipped" >&2
fi
