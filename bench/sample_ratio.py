#!/usr/bin/env python3
"""Speed ratio of two backends of one lapack-ai result file, with a bootstrap interval.

A bench run reports every speedup against its --baseline; docs/PERFORMANCE.md also quotes ratios
against another backend of the same interleaved run (the GPU over the host CPU library in the
solver runs, whose baseline is cuda). This recomputes them from the stored samples:
median(slow) / median(fast), 95 % percentile bootstrap over both sample sets, fixed seed.

  python3 bench/sample_ratio.py OUT/solvers-getrf.json openblas opencl [--op getrf --type s --m 16384]

--base-op/--other-op compare two ops of one run, such as the CPU's divide-and-conquer SVD
(gesdd, the fast CPU driver) against cuSOLVER's gesvd, which has no gesdd:

  python3 bench/sample_ratio.py OUT/cpu-gpu-svd.json openblas cuda --base-op gesdd --other-op gesvd --m 4096
"""
import argparse
import json
import random
import statistics
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("json")
    ap.add_argument("base", help="backend spec in the file: the slower side, the numerator")
    ap.add_argument("other", help="backend spec in the file: how many times faster than base")
    ap.add_argument("--op")
    ap.add_argument("--base-op", help="the base's op, when it differs from the other's")
    ap.add_argument("--other-op", help="the other's op")
    ap.add_argument("--type")
    ap.add_argument("--m", type=int, help="only cases with this m (params.m): runs over several sizes")
    ap.add_argument("--resamples", type=int, default=4000)
    args = ap.parse_args()
    results = json.load(open(args.json))["results"]

    def timed(backend, op):
        """Sample lists of `backend`'s timed cases that pass the filters."""
        out = []
        for r in results:
            if r["backend"] != backend or op and r["op"] != op or args.type and r["type"] != args.type:
                continue
            if args.m is not None and r.get("params", {}).get("m") != args.m:
                continue
            if r.get("timing"):
                out.append(r["timing"]["samples_s"])
        return out

    sides = [timed(args.base, args.base_op or args.op), timed(args.other, args.other_op or args.op)]
    for name, found in zip((args.base, args.other), sides):
        if len(found) != 1:
            print(f"sample_ratio.py: need exactly one timed case of '{name}' (use --op/--type/--m); "
                  f"found {len(found)}", file=sys.stderr)
            sys.exit(2)
    a, b = sides[0][0], sides[1][0]
    rng = random.Random(1)
    boot = sorted(statistics.median(rng.choices(a, k=len(a))) / statistics.median(rng.choices(b, k=len(b)))
                  for _ in range(args.resamples))
    lo, hi = boot[int(0.025 * len(boot))], boot[int(0.975 * len(boot)) - 1]
    print(f"{args.other} over {args.base}: {statistics.median(a) / statistics.median(b):.2f}x "
          f"[{lo:.2f}, {hi:.2f}] ({len(a)} and {len(b)} samples)")


if __name__ == "__main__":
    main()
