#!/usr/bin/env bash
# Configures and builds lapack-ai in build/ (Release, warnings as errors), after installing any
# missing Debian packages. Used by scripts/bench.sh and scripts/test.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/install-python.sh"   # build/pyenv: nanobind for the Python module, pytest
jobs="$(nproc 2>/dev/null || echo 2)"
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release -DLAPACK_AI_WERROR=ON
cmake --build "$root/build" -j "$jobs"
