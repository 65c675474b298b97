#!/usr/bin/env bash
# One command for a fresh Debian 12 machine: installs what is missing, builds, and runs the full
# test suite (doctest unit tests, CLI golden tests, OpenCL on PoCL, reports in headless Chromium).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh"
"$root/scripts/install-pylibs.sh"
"$root/scripts/install-cloud-test.sh"
jobs="$(nproc 2>/dev/null || echo 2)"
ctest --test-dir "$root/build" --output-on-failure -j "$jobs" --timeout 900
