"""Shared fixtures: the backends CI has (those that cannot run here are skipped with the
reason), tolerances in LAPACK's style, and seeded random matrices."""

import numpy as np
import pytest

import lapack_ai as la

# Every LAPACK routine the package binds runs on these; alphatensor is a gemm backend.
LAPACK_BACKENDS = ["openblas", "reference", "opencl", "lib:netlib"]
GEMM_BACKENDS = LAPACK_BACKENDS + ["alphatensor:strassen@openblas", "alphatensor:strassen2@openblas"]
DTYPES = [np.float32, np.float64]
# LAPACK's testers pass a normalised ratio below 30 (xGET01, xPOT01, xQRT01, xBDT01, xSYT21).
THRESHOLD = 30.0

_available = {}


def require(spec):
    """Skips the test when `spec` cannot run here, printing why."""
    if not _available:
        _available.update({d["name"]: (d["available"], d["note"]) for d in la.devices()})
    # alphatensor:<scheme>@base is not listed: its base decides.
    ok, why = _available.get(spec, _available.get(spec.split("@")[-1], (True, "")))
    if not ok:
        pytest.skip(f"SKIPPED: {spec} cannot run here: {why}")


def eps(dtype):
    return float(np.finfo(dtype).eps)


def rand(rng, shape, dtype, order="F"):
    return np.asarray(rng.standard_normal(shape), dtype=dtype, order=order)


def spd(rng, n, dtype, order="F"):
    x = rng.standard_normal((n, n))
    return np.asarray(x @ x.T + n * np.eye(n), dtype=dtype, order=order)


@pytest.fixture
def rng():
    return np.random.default_rng(1988)


def supported(call):
    """call(), or a skip when the backend does not implement the routine (opencl binds
    gemm, getrf, potrf and geqrf; alphatensor only gemm)."""
    try:
        return call()
    except la.UnsupportedError as e:
        pytest.skip(f"SKIPPED: {e}")
