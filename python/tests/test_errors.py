"""Errors as exceptions: LAPACK's INFO decoded by libcore, NaN/Inf with their position, bad
specs and arguments, routines a backend lacks, and the GIL released while a call computes."""

import threading
import time

import numpy as np
import pytest

import lapack_ai as la
from conftest import rand


def singular_at_7(dtype=np.float64):
    a = np.eye(10, dtype=dtype, order="F")
    a[6, 6] = 0.0  # U(7,7) is exactly zero, 1-based, with no pivoting to move it
    return a


@pytest.mark.parametrize("backend", ["openblas", "reference"])
def test_singular_solve_raises_with_the_decoded_info(backend):
    with pytest.raises(la.SingularMatrixError) as e:
        la.solve(singular_at_7(), np.ones(10), backend=backend)
    assert str(e.value).startswith("U(7,7) is exactly zero: A is singular")
    assert e.value.info == 7 and e.value.routine == "dgesv"
    assert isinstance(e.value, np.linalg.LinAlgError) and isinstance(e.value, la.LinAlgError)


def test_not_positive_definite():
    a = np.diag([4.0, 1.0, -1.0, 2.0])
    with pytest.raises(la.NotPositiveDefiniteError, match="leading minor of order 3") as e:
        la.cholesky(a)
    assert e.value.info == 3 and e.value.routine == "dpotrf"
    with pytest.raises(la.NotPositiveDefiniteError, match="leading minor of order 3"):
        la.solve(a.astype(np.float32), np.ones(4, dtype=np.float32), assume_a="pos")


def test_lu_of_a_singular_matrix_warns_and_still_factors():
    with pytest.warns(la.LinAlgWarning, match=r"dgetrf: U\(7,7\) is exactly zero"):
        lu, piv = la.lu_factor(singular_at_7())
    assert lu[6, 6] == 0 and piv.tolist() == list(range(10))


def test_rank_deficient_lstsq():
    a = np.ones((6, 3))
    a[:, 1] = 0.0  # an exactly zero column: R(2,2) is exactly zero
    with pytest.raises(la.SingularMatrixError, match="does not have full rank"):
        la.lstsq(a, np.ones(6))


@pytest.mark.parametrize("order", ["F", "C"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nonfinite_input_raises_with_its_position(order, bad, rng):
    a = rand(rng, (6, 5), np.float64, order)
    a[4, 2] = bad
    for call in (lambda: la.matmul(a, a.T), lambda: la.svd(a), lambda: la.qr(a)):
        with pytest.raises(la.NonFiniteError) as e:
            call()
        assert e.value.position == (4, 2) and e.value.argument == "a"
        assert "a[4, 2]" in str(e.value)
    b = np.ones(6, dtype=np.float32)
    b[5] = bad
    with pytest.raises(la.NonFiniteError, match=r"b\[5\]") as e:
        la.solve(np.eye(6), b)
    assert isinstance(e.value, ValueError)  # as scipy's check_finite


def test_check_finite_false_passes_nan_through():
    a = np.full((3, 3), np.nan)
    assert np.isnan(la.matmul(a, a, check_finite=False)).all()


def test_unknown_backend_names_the_spec():
    with pytest.raises(la.UsageError, match="unknown backend 'nosuch'"):
        la.matmul(np.eye(2), np.eye(2), backend="nosuch")
    with pytest.raises(ValueError):
        la.svd(np.eye(2), backend="alphatensor:nosuchscheme@openblas")


def test_a_routine_the_backend_lacks_is_unsupported():
    with pytest.raises(la.UnsupportedError) as e:
        la.solve(np.eye(3), np.ones(3), backend="alphatensor:strassen@openblas")
    assert isinstance(e.value, NotImplementedError)


def test_bad_shapes_and_options():
    with pytest.raises(la.UsageError, match="inner dimensions"):
        la.matmul(np.ones((2, 3)), np.ones((2, 3)))
    with pytest.raises(la.UsageError, match="expected a 2-D array"):
        la.svd(np.ones(3))
    with pytest.raises(la.UsageError, match="assume_a"):
        la.solve(np.eye(2), np.ones(2), assume_a="banded")
    with pytest.raises(la.UsageError, match="complex"):
        la.svd(np.eye(2, dtype=complex))


def test_illegal_argument_maps_negative_info():
    e = la.errors.from_info((-4, "dgesv", "dgesv: argument 4 (LDA) had an illegal value"))
    assert isinstance(e, la.IllegalArgument) and isinstance(e, la.LinAlgError)
    assert e.info == -4 and "LDA" in str(e)


def test_the_gil_is_released_during_a_call(rng):
    a = rand(rng, (1500, 1500), np.float64)
    la.matmul(a, a)  # the first call creates the backend
    started = time.perf_counter()
    la.matmul(a, a)
    one_call = time.perf_counter() - started
    worker = threading.Thread(target=lambda: [la.matmul(a, a) for _ in range(2)])
    last = time.perf_counter()
    longest = 0.0
    worker.start()
    while worker.is_alive():
        now = time.perf_counter()
        longest = max(longest, now - last)
        last = now
    worker.join()
    # Held for a call, the GIL would stop this loop for the whole call; released, the loop
    # only waits for the scheduler and the interpreter's switch interval (milliseconds).
    assert longest < one_call / 2, (longest, one_call)
