#!/usr/bin/env python3
"""Batched gemm as a fraction of copy bandwidth: usage batched_bandwidth.py RESULTS.json TB_PER_S.

A batch of tiny gemms is memory bound: each matrix pair is read once and C written once
(beta = 0), so (A + B + C) bytes / median time against the device's copy rate (read + write bytes
per second) is how close a kernel gets to the bound."""
import json
import sys


def main() -> int:
    results = json.load(open(sys.argv[1]))["results"]
    try:
        copy = float(sys.argv[2]) * 1e12  # TB/s as bench/gpu-cuda.sh measured it
    except (IndexError, ValueError):
        copy = None  # not measured: absolute rates only
    print(f"{'backend':16} {'type':4} {'n':>3} {'batch':>9} {'TB/s':>7} {'of copy':>8}")
    for r in results:
        t = (r.get("timing") or {}).get("median_s")
        if r.get("status") != "pass" or not t:
            continue
        p = r["params"]
        elem = 4 if r.get("type", "s") == "s" else 8
        moved = p["batch"] * (p["m"] * p["k"] + p["k"] * p["n"] + p["m"] * p["n"]) * elem
        share = f"{moved / t / copy:7.0%}" if copy else "      -"
        print(f"{r['backend']:16} {r.get('type', '?'):4} {p['n']:>3} {p['batch']:>9} {moved / t / 1e12:7.3f} {share:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
