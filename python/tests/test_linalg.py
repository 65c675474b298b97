"""Every function, backend and precision against scipy.linalg, judged by LAPACK's normalised
residual ratios (threshold 30) rather than element-wise tolerances."""

import numpy as np
import pytest
import scipy.linalg as sl

import lapack_ai as la
from conftest import (DTYPES, GEMM_BACKENDS, LAPACK_BACKENDS, THRESHOLD, eps, rand, require,
                      spd, supported)

N1 = np.linalg.norm


def ratio(residual, scale, dtype):
    return residual / (scale * eps(dtype)) if scale > 0 else residual


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("backend", GEMM_BACKENDS)
@pytest.mark.parametrize("orders", ["FF", "CC", "FC", "CF"])
def test_matmul(backend, dtype, orders, rng):
    require(backend)
    a = rand(rng, (45, 33), dtype, orders[0])
    b = rand(rng, (33, 52), dtype, orders[1])
    c = la.matmul(a, b, backend=backend)
    assert c.dtype == dtype and c.shape == (45, 52)
    ref = a.astype(np.float64) @ b.astype(np.float64)
    # BLAS++'s normwise gemm check; Strassen-type schemes hold it with their growth factor E.
    r = ratio(N1(c - ref), np.sqrt(33) * N1(a) * N1(b), dtype)
    assert r < THRESHOLD * (144 if "alphatensor" in backend else 1)


def test_matmul_strassen_agrees_with_numpy(rng):
    a, b = rand(rng, (128, 128), np.float64), rand(rng, (128, 128), np.float64)
    c = la.matmul(a, b, backend="alphatensor:strassen@openblas")
    assert N1(c - a @ b) / (N1(a) * N1(b)) < 1e-13


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("backend", LAPACK_BACKENDS)
def test_solve(backend, dtype, rng):
    require(backend)
    a, b = rand(rng, (40, 40), dtype), rand(rng, (40, 3), dtype)
    x = supported(lambda: la.solve(a, b, backend=backend))
    ref = sl.solve(a, b)
    r = ratio(np.abs(b - a @ x).sum(0).max(), N1(a, 1) * np.abs(x).sum(0).max() * 40, dtype)
    assert r < THRESHOLD
    assert N1(x - ref) / N1(ref) < 1e3 * eps(dtype) * np.linalg.cond(a)
    p = spd(rng, 40, dtype)
    x = la.solve(p, b[:, 0], assume_a="pos", backend=backend)
    assert x.shape == (40,)
    assert ratio(np.abs(b[:, 0] - p @ x).sum(), N1(p, 1) * np.abs(x).sum() * 40, dtype) < THRESHOLD


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("backend", LAPACK_BACKENDS)
@pytest.mark.parametrize("shape", [(50, 20), (20, 50)])
def test_lstsq(backend, dtype, shape, rng):
    require(backend)
    a, b = rand(rng, shape, dtype), rand(rng, (shape[0], 2), dtype)
    x, res, rank, s = supported(lambda: la.lstsq(a, b, backend=backend))
    xr = sl.lstsq(a.astype(np.float64), b.astype(np.float64))[0]
    assert rank == min(shape) and s is None and x.shape == xr.shape
    assert N1(x - xr) / N1(xr) < THRESHOLD * max(shape) * eps(dtype) * np.linalg.cond(a)
    if shape[0] > shape[1]:
        assert np.allclose(res, ((b - a @ x) ** 2).sum(0), rtol=1e-2 if dtype == np.float32 else 1e-8)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("backend", LAPACK_BACKENDS)
@pytest.mark.parametrize("lower", [False, True])
def test_cholesky(backend, dtype, lower, rng):
    require(backend)
    a = spd(rng, 37, dtype)
    f = supported(lambda: la.cholesky(a, lower=lower, backend=backend))
    assert np.array_equal(f, np.tril(f) if lower else np.triu(f))
    back = f @ f.T if lower else f.T @ f
    assert ratio(N1(a - back, 1), 37 * N1(a, 1), dtype) < THRESHOLD
    ref = sl.cholesky(a, lower=lower)
    assert N1(f - ref) / N1(ref) < 1e3 * eps(dtype) * np.linalg.cond(a)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("backend", LAPACK_BACKENDS)
@pytest.mark.parametrize("shape", [(30, 30), (40, 25), (25, 40)])
def test_lu(backend, dtype, shape, rng):
    require(backend)
    a = rand(rng, shape, dtype)
    p, l, u = supported(lambda: la.lu(a, backend=backend))
    assert ratio(N1(a - p @ l @ u, 1), max(shape) * N1(a, 1), dtype) < THRESHOLD
    pr, lr, ur = sl.lu(a)
    assert np.array_equal(p, pr)  # same pivoting: partial, by largest magnitude
    pl, u2 = la.lu(a, permute_l=True, backend=backend)
    assert ratio(N1(a - pl @ u2, 1), max(shape) * N1(a, 1), dtype) < THRESHOLD


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("backend", LAPACK_BACKENDS)
@pytest.mark.parametrize("shape", [(40, 25), (25, 40)])
@pytest.mark.parametrize("mode", ["full", "economic"])
def test_qr(backend, dtype, shape, mode, rng):
    require(backend)
    a = rand(rng, shape, dtype)
    q, r = supported(lambda: la.qr(a, mode=mode, backend=backend))
    qr_, rr = sl.qr(a, mode=mode)
    assert q.shape == qr_.shape and r.shape == rr.shape
    m = shape[0]
    assert ratio(N1(a - q @ r, 1), m * N1(a, 1), dtype) < THRESHOLD
    assert ratio(N1(np.eye(q.shape[1]) - q.T @ q, 1), m, dtype) < THRESHOLD
    assert np.array_equal(r, np.triu(r))
    (r_only,) = la.qr(a, mode="r", backend=backend)
    (rr_only,) = sl.qr(a, mode="r")
    assert np.allclose(np.abs(r_only), np.abs(rr_only), atol=1e3 * eps(dtype) * N1(a))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("backend", LAPACK_BACKENDS)
@pytest.mark.parametrize("shape", [(30, 20), (20, 30)])
@pytest.mark.parametrize("full", [True, False])
@pytest.mark.parametrize("driver", ["gesvd", "gesdd"])
def test_svd(backend, dtype, shape, full, driver, rng):
    require(backend)
    a = rand(rng, shape, dtype)
    u, s, vt = supported(lambda: la.svd(a, full_matrices=full, lapack_driver=driver, backend=backend))
    ur, sr, vtr = sl.svd(a, full_matrices=full)
    assert u.shape == ur.shape and vt.shape == vtr.shape and s.dtype == dtype
    k = min(shape)
    m = max(shape)
    assert ratio(N1(a - (u[:, :k] * s) @ vt[:k], 1), m * N1(a, 1), dtype) < THRESHOLD
    assert ratio(N1(np.eye(u.shape[1]) - u.T @ u, 1), m, dtype) < THRESHOLD
    assert ratio(np.abs(s - sr).max(), m * sr[0], dtype) < THRESHOLD
    assert ratio(np.abs(la.svdvals(a, backend=backend) - sr).max(), m * sr[0], dtype) < THRESHOLD


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("backend", LAPACK_BACKENDS)
@pytest.mark.parametrize("lower", [True, False])
def test_eigh(backend, dtype, lower, rng):
    require(backend)
    x = rand(rng, (33, 33), dtype)
    a = np.asfortranarray(x + x.T)
    # Only the named triangle may be read: spoil the other one.
    junk = np.triu(np.full_like(a, 7), 1)
    a_read = a + (junk if lower else junk.T)
    w, v = supported(lambda: la.eigh(np.asfortranarray(a_read), lower=lower, backend=backend))
    wr = sl.eigh(a, eigvals_only=True)
    assert ratio(N1(a @ v - v * w, 1), 33 * N1(a, 1), dtype) < THRESHOLD
    assert ratio(N1(np.eye(33) - v.T @ v, 1), 33, dtype) < THRESHOLD
    assert ratio(np.abs(w - wr).max(), 33 * N1(a, 2), dtype) < THRESHOLD
    w2 = la.eigvalsh(np.asfortranarray(a_read), lower=lower, backend=backend)
    assert ratio(np.abs(w2 - wr).max(), 33 * N1(a, 2), dtype) < THRESHOLD


def test_integers_widen_to_float64():
    c = la.matmul(np.arange(6).reshape(2, 3), np.ones((3, 2), dtype=np.int32))
    assert c.dtype == np.float64 and np.array_equal(c, [[3, 3], [12, 12]])


def test_svd_gesdd_is_divide_and_conquer_not_gesvd(rng):
    # opencl binds no SVD, cuda only gesvd: the error names the routine that was asked for.
    require("opencl")
    a = rand(rng, (12, 8), np.float64)
    with pytest.raises(la.UnsupportedError, match="opencl has no dgesdd"):
        la.svd(a, lapack_driver="gesdd", backend="opencl")
    with pytest.raises(la.UsageError, match="lapack_driver: expected 'gesvd' or 'gesdd'"):
        la.svd(a, lapack_driver="gesvj")
    assert np.allclose(la.svd(a, lapack_driver="gesdd", compute_uv=False), sl.svdvals(a))


def test_svd_of_identity_is_the_issue_check():
    assert np.array_equal(la.svd(np.eye(3))[1], [1.0, 1.0, 1.0])


def test_gpu_picks_an_available_gpu_backend(rng):
    a = rand(rng, (20, 20), np.float64)
    try:
        c = la.matmul(a, a, gpu=True)
    except la.BackendError as e:
        assert "gpu=True: no GPU backend available" in str(e)
        pytest.skip(f"SKIPPED: {e}")
    assert N1(c - a @ a) / N1(a) ** 2 < 1e-12
