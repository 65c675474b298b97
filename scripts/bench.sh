#!/usr/bin/env bash
# One command for a fresh Debian 12 machine: installs what is missing, builds, and runs
# `lapack-ai bench` on its default sweep (results in results/<UTC>.json). Extra arguments go to
# `lapack-ai bench`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh"
cd "$root"
exec "$root/build/apps/lapack-ai" bench "$@"
