#!/usr/bin/env bash
# The issue's "Checked by": `pip wheel .` from the checkout (tests off, only the module's
# targets), the wheel installed into a fresh venv of Debian's python3, then
#   python -c "import lapack_ai as la, numpy as np; print(la.svd(np.eye(3))[1])"
# run outside the checkout. Usage: wheel_check.sh PYTHON-WITH-BUILD-DEPS WORK-DIR
# PYTHON must have scikit-build-core and nanobind (build/pyenv): the build uses it without
# isolation, so no network is needed for the wheel itself; numpy for the fresh venv comes from
# PyPI, and without network the check prints SKIPPED.
set -euo pipefail
py="$1"
work="$2"
root="$(cd "$(dirname "$0")/../.." && pwd)"
rm -rf "$work"
mkdir -p "$work"
start=$SECONDS
CMAKE_BUILD_PARALLEL_LEVEL="$(nproc 2>/dev/null || echo 2)" \
  "$py" -m pip wheel -q --no-build-isolation --no-deps --disable-pip-version-check \
  --config-settings=build-dir="$work/build" --config-settings=cmake.define.LAPACK_AI_WITH_CUDA=OFF \
  -w "$work/dist" "$root"
echo "wheel built in $((SECONDS - start)) s: $(ls "$work"/dist)"
/usr/bin/python3 -m venv "$work/venv"
if ! "$work/venv/bin/pip" install -q --disable-pip-version-check numpy; then
  echo "SKIPPED: pip could not install numpy into the fresh venv (no network?)"
  exit 0
fi
"$work/venv/bin/pip" install -q --disable-pip-version-check --no-index --no-deps "$work"/dist/*.whl
cd "$work"
out="$("$work/venv/bin/python" -c "import lapack_ai as la, numpy as np; print(la.svd(np.eye(3))[1])")"
echo "$out"
[[ "$out" == "[1. 1. 1.]" ]] || { echo "unexpected output: $out" >&2; exit 1; }
"$work/venv/bin/python" -c "import lapack_ai; assert lapack_ai.__file__.startswith('$work/venv/'), lapack_ai.__file__"
echo "wheel check passed in $((SECONDS - start)) s"
