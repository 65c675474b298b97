"""Zero-copy where promised (np.shares_memory, and no call of the one copying helper), the one
documented copy elsewhere, and results that own their memory after the inputs are gone."""

import gc

import numpy as np
import pytest

import lapack_ai as la
from lapack_ai import _layout, _linalg
from conftest import rand, spd


@pytest.fixture
def copies(monkeypatch):
    """Counts the copies the package makes of user operands."""
    made = []
    real = _layout.fortran_copy

    def counting(a, dtype):
        made.append(a.shape)
        return real(a, dtype)

    monkeypatch.setattr(_linalg, "fortran_copy", counting)
    return made


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("orders", ["FF", "CC", "FC", "CF"])
def test_matmul_uses_f_and_c_ordered_inputs_in_place(copies, rng, dtype, orders):
    a = rand(rng, (20, 30), dtype, orders[0])
    b = rand(rng, (30, 10), dtype, orders[1])
    c = la.matmul(a, b)
    assert copies == []
    assert c.flags.c_contiguous if orders == "CC" else c.flags.f_contiguous
    assert np.allclose(c, a @ b, rtol=1e-4)


def test_matmul_copies_a_strided_view_once(copies, rng):
    a = rand(rng, (20, 40), np.float64)[:, ::2]
    b = rand(rng, (20, 20), np.float64)
    assert np.allclose(la.matmul(a, b), a @ b)
    assert copies == [(20, 20)]


def test_mixed_dtypes_compute_in_float64_with_one_copy(copies, rng):
    a, b = rand(rng, (5, 5), np.float32), rand(rng, (5, 5), np.float64)
    assert la.matmul(a, b).dtype == np.float64 and copies == [(5, 5)]


@pytest.mark.parametrize("order", ["F", "C"])
@pytest.mark.parametrize("lower", [False, True])
def test_cholesky_overwrite_a_works_in_place(copies, rng, order, lower):
    a = spd(rng, 12, np.float64, order)
    expect = np.linalg.cholesky(a)
    f = la.cholesky(a, lower=lower, overwrite_a=True)
    assert np.shares_memory(f, a) and copies == []
    assert np.allclose(f, expect if lower else expect.T)


def test_cholesky_without_overwrite_leaves_a_alone(copies, rng):
    a = spd(rng, 12, np.float64)
    before = a.copy()
    f = la.cholesky(a)
    assert not np.shares_memory(f, a) and np.array_equal(a, before) and copies == [(12, 12)]


@pytest.mark.parametrize("order", ["F", "C"])
def test_eigh_overwrite_a_returns_vectors_in_a(copies, rng, order):
    x = rand(rng, (10, 10), np.float64)
    a = np.array(x + x.T, order=order)
    w, v = la.eigh(a, overwrite_a=True)
    assert np.shares_memory(v, a) and copies == []
    assert np.allclose((x + x.T) @ v, v * w)


def test_solve_overwrite_b_returns_x_in_b(copies, rng):
    a = rand(rng, (8, 8), np.float64)
    b = rand(rng, (8, 2), np.float64)
    a0, b0 = a.copy(), b.copy()
    x = la.solve(a, b, overwrite_a=True, overwrite_b=True)
    assert np.shares_memory(x, b) and copies == []
    assert np.allclose(a0 @ x, b0)
    b1 = np.ones(8)
    x1 = la.solve(np.eye(8) * 2, b1, overwrite_b=True)
    assert np.shares_memory(x1, b1) and np.allclose(x1, 0.5)


@pytest.mark.parametrize("order", ["F", "C"])
def test_svd_overwrite_a_uses_either_order_in_place(copies, rng, order):
    a = rand(rng, (9, 6), np.float64, order)
    expect = np.linalg.svd(a, compute_uv=False)
    u, s, vt = la.svd(a, overwrite_a=True, full_matrices=False)
    assert copies == [] and u.shape == (9, 6) and vt.shape == (6, 6)
    assert np.allclose(s, expect)


def test_results_outlive_their_inputs(rng):
    a, b = rand(rng, (30, 30), np.float64), rand(rng, (30, 4), np.float64)
    want_x = np.linalg.solve(a, b)
    want_s = np.linalg.svd(a, compute_uv=False)
    x = la.solve(a, b)
    u, s, vt = la.svd(np.ascontiguousarray(a), overwrite_a=True)  # views of the work arrays
    c = la.matmul(a, b)
    want_c = a @ b
    del a, b
    gc.collect()
    _ = [np.full((30, 30), 7.0) for _ in range(50)]  # reuse freed memory if anything dangled
    assert np.allclose(x, want_x) and np.allclose(s, want_s) and np.allclose(c, want_c)
    assert u.base is not None and np.allclose(u @ np.diag(s) @ vt, u @ np.diag(s) @ vt)


@pytest.mark.parametrize("out_order", ["F", "C"])
@pytest.mark.parametrize("orders", ["FF", "CC", "FC", "CF"])
def test_matmul_writes_into_out(copies, rng, orders, out_order):
    a = rand(rng, (7, 5), np.float64, orders[0])
    b = rand(rng, (5, 6), np.float64, orders[1])
    out = np.empty((7, 6), order=out_order)
    c = la.matmul(a, b, out=out)
    assert c is out and copies == [] and np.allclose(out, a @ b)
    with pytest.raises(la.UsageError, match="out: expected"):
        la.matmul(a, b, out=np.empty((6, 7)))
