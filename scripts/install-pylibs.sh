#!/usr/bin/env bash
# Installs the BLAS/LAPACK libraries that come from PyPI rather than Debian — MKL (mkl) and the
# scipy-openblas wheels (LP64 and ILP64) — into a venv at build/pylibs, where the tests point
# VIRTUAL_ENV so that lib:mkl, lib:scipy-openblas and lib:scipy-openblas64 find them as they
# would in a user's environment. Idempotent; a failure (no network) leaves the pip-library tests
# to print their skip.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/build/pylibs"
packages=(mkl scipy-openblas32 scipy-openblas64)
if [[ -x "$venv/bin/pip" ]] && "$venv/bin/pip" show -q "${packages[@]}" >/dev/null 2>&1; then
  echo "install-pylibs: ${packages[*]} present in $venv"
  exit 0
fi
python3 -m venv "$venv"
if ! "$venv/bin/pip" install -q --disable-pip-version-check "${packages[@]}"; then
  echo "install-pylibs: pip install ${packages[*]} failed; lib:mkl and lib:scipy-openblas* tests will skip" >&2
fi
