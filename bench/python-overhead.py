#!/usr/bin/env python3
"""Per-call overhead of lapack_ai from Python (not a timed test; run by hand).

For gemm at several n it prints the time per call (minimum of 15 interleaved rounds) of
  cpp_run   BoundCall::Run of a call bound once (the library alone),
  cpp_call  libcore's one-call path in a C++ loop: shared backend, Bind, Run, Fetch,
  la(out=)  lapack_ai.matmul(a, b, out=out, check_finite=False): the binding's own cost,
  la        lapack_ai.matmul allocating its result (check_finite=False, and with the NaN/Inf scan),
  scipy     scipy.linalg.blas.dgemm / sgemm, and numpy's a @ b,
and la(out=)'s overhead over cpp_call in microseconds and percent. A new result per call costs
page faults on first touch of its memory whenever the allocator hands out fresh pages (glibc's
mmap for large blocks), in numpy's @ as in la. Usage:
  PYTHONPATH=build/python build/pyenv/bin/python bench/python-overhead.py [--dtype d] [--n 1,16,...]
"""

import argparse
import time

import numpy as np
import scipy.linalg.blas as blas

import lapack_ai as la
from lapack_ai import _core


def calibrate(fn, budget):
    """Calls per sample so one sample lasts about budget / 15."""
    fn()
    reps = 1
    while True:
        start = time.perf_counter()
        for _ in range(reps):
            fn()
        if time.perf_counter() - start >= budget / 15:
            return reps
        reps *= 2


def python_sampler(fn, budget):
    reps = calibrate(fn, budget)

    def sample():
        start = time.perf_counter()
        for _ in range(reps):
            fn()
        return (time.perf_counter() - start) / reps
    return sample


def interleaved(samplers, rounds=15):
    """Seconds per call of each sampler: the minimum over rounds, the samplers taking turns in
    each round, so a burst of load from other processes hits every column alike and the minimum
    shows each one undisturbed."""
    best = [float("inf")] * len(samplers)
    for _ in range(rounds):
        for i, sample in enumerate(samplers):
            best[i] = min(best[i], sample())
    return best


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dtype", choices=["s", "d"], default="d")
    p.add_argument("--n", default="1,16,64,256,512,1024")
    p.add_argument("--backend", default="openblas")
    args = p.parse_args()
    dt = np.float32 if args.dtype == "s" else np.float64
    gemm = blas.sgemm if args.dtype == "s" else blas.dgemm
    rng = np.random.default_rng(1)
    print(f"lapack_ai {la.__version__} ({la.git_sha}), backend {args.backend}, {args.dtype}gemm, "
          "seconds per call (minimum of 15 interleaved rounds)")
    print(f"{'n':>6} {'cpp_run':>10} {'cpp_call':>10} {'la(out=)':>10} {'la':>10} {'la+check':>10}"
          f" {'scipy':>10} {'numpy':>10} {'out-cpp_call':>12} {'%':>7}")
    for n in map(int, args.n.split(",")):
        a = np.asfortranarray(rng.standard_normal((n, n)), dtype=dt)
        b = np.asfortranarray(rng.standard_normal((n, n)), dtype=dt)
        c = np.empty((n, n), dtype=dt, order="F")
        budget = (1.0 if n < 512 else 4.0) / 6
        spec = args.backend
        reps = calibrate(lambda: _core.cpp_gemm_seconds(spec, a, b, c, 1, False), budget)
        # The C++ columns time their own loop (no Python call inside the timed region).
        out = np.empty((n, n), dtype=dt, order="F")
        run, call, t_out, t_la, t_chk, t_sp, t_np = interleaved([
            lambda: _core.cpp_gemm_seconds(spec, a, b, c, reps, True),
            lambda: _core.cpp_gemm_seconds(spec, a, b, c, reps, False),
            python_sampler(lambda: la.matmul(a, b, out=out, backend=spec, check_finite=False),
                           budget),
            python_sampler(lambda: la.matmul(a, b, backend=spec, check_finite=False), budget),
            python_sampler(lambda: la.matmul(a, b, backend=spec), budget),
            python_sampler(lambda: gemm(1.0, a, b), budget),
            python_sampler(lambda: a @ b, budget)])
        us = lambda t: f"{t * 1e6:9.2f}u"  # noqa: E731
        print(f"{n:>6} {us(run)} {us(call)} {us(t_out)} {us(t_la)} {us(t_chk)} {us(t_sp)} {us(t_np)}"
              f" {(t_out - call) * 1e6:10.2f}us {(t_out / call - 1) * 100:6.2f}%")


if __name__ == "__main__":
    main()
