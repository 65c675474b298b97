"""matmul, solve, lstsq, cholesky, lu, lu_factor, qr, svd, svdvals, eigh, eigvalsh.

SciPy's names and argument conventions (scipy.linalg) plus ``backend=`` (any spec the CLI takes:
"openblas", "reference", "opencl", "alphatensor:strassen@openblas", "lib:blis", ...) and
``gpu=True`` (the first available of cuda and opencl). float32 stays float32; everything else is
computed in float64. Zero-copy rules are in _layout.py; each function says which inputs it uses
in place.
"""

import warnings

import numpy as np

from . import _core
from ._layout import FLOATS, as_matrix, fortran_copy, result_dtype, writable_as
from ._layout import check_finite as _nonfinite
from .errors import BackendError, LinAlgWarning, UsageError, from_info

DEFAULT_BACKEND = "openblas"
_GPU_FAMILIES = ("cuda", "opencl")
_gpu_choice = []


def _spec(backend, gpu):
    if not gpu:
        return backend
    if not _gpu_choice:
        import json
        infos = {f: json.loads(_core.backend_info_json(f)) for f in _GPU_FAMILIES
                 if f in _core.backend_families()}
        usable = [f for f, i in infos.items() if i["available"]]
        if not usable:
            why = "; ".join(f"{f}: {i['note']}" for f, i in infos.items()) or "none compiled in"
            raise BackendError(f"gpu=True: no GPU backend available ({why})")
        _gpu_choice.append(usable[0])
    return _gpu_choice[0]


def _run(outcome):
    if outcome is not None:
        raise from_info(outcome)


def _matrices(names, arrays, finite):
    mats = [as_matrix(a, n) for n, a in zip(names, arrays)]
    if finite:
        for n, m in zip(names, mats):
            _nonfinite(m, n)
    return mats


def _operand(x, dtype):
    """(F-ordered matrix, transposed?) for a read-only BLAS operand: no copy for F or C order."""
    if x.dtype == dtype:
        if x.flags.f_contiguous:
            return x, False
        if x.flags.c_contiguous:
            return x.T, True
    return fortran_copy(x, dtype), False


def matmul(a, b, *, out=None, backend=DEFAULT_BACKEND, gpu=False, check_finite=True):
    """a @ b through the backend's gemm. No copy of a or b when each is F- or C-ordered (of the
    result dtype); the result is C-ordered when both are C-ordered (computed as C^T = B^T A^T),
    else F-ordered. ``out`` (as numpy.matmul's): an array of the result's shape and dtype to
    write into, F- or C-ordered, returned; it saves allocating (and page-faulting) a new result
    on every call."""
    # The per-call overhead is measured (bench/python-overhead.py): plain attribute checks on
    # the common path, helpers only for the rare one.
    spec = _spec(backend, gpu) if gpu else backend
    if a.__class__ is not np.ndarray or b.__class__ is not np.ndarray:
        a, b = np.asarray(a), np.asarray(b)
    if a.ndim != 2 or b.ndim != 2:
        as_matrix(a, "a"), as_matrix(b, "b")
    if check_finite:
        _nonfinite(a, "a")
        _nonfinite(b, "b")
    dt = a.dtype
    if dt != b.dtype or dt not in FLOATS:
        dt = result_dtype(a, b)
    m, k = a.shape
    n = b.shape[1]
    if k != b.shape[0]:
        raise UsageError(f"matmul: a is {a.shape} and b is {b.shape}: inner dimensions differ")
    if out is None:
        af, bf = a.flags, b.flags
        c_result = (a.dtype == dt and b.dtype == dt and af.c_contiguous and bf.c_contiguous
                    and not (af.f_contiguous and bf.f_contiguous))
        out = np.empty((m, n), dtype=dt, order="C" if c_result else "F")
    elif out.shape != (m, n) or out.dtype != dt or not out.flags.writeable:
        raise UsageError(f"out: expected a writeable {dt} array of shape {(m, n)}, got "
                         f"{out.dtype} {out.shape}")
    if out.flags.f_contiguous:
        fa, ta = _operand(a, dt)
        fb, tb = _operand(b, dt)
        outcome = _core.gemm(spec, ta, tb, 1.0, fa, fb, 0.0, out)
    elif out.flags.c_contiguous:  # C^T = B^T A^T, into out's transpose
        fb, tb = _operand(b.T, dt)
        fa, ta = _operand(a.T, dt)
        outcome = _core.gemm(spec, tb, ta, 1.0, fb, fa, 0.0, out.T)
    else:
        raise UsageError("out: expected a Fortran- or C-ordered array")
    if outcome is not None:
        raise from_info(outcome)
    return out


def _work(a, dtype, overwrite, symmetric=False):
    """(F-ordered array LAPACK may overwrite, transposed?): `a` itself when overwrite is allowed
    and its layout fits (C order only where the routine can take A^T), else one copy."""
    if overwrite:
        order = writable_as(a, dtype)
        if order == "F":
            return a, False
        if order == "C" and symmetric:
            return a.T, True
    return fortran_copy(a, dtype), False


def _rhs(b, n, dtype, overwrite):
    """B as an F-ordered n x nrhs array (a 1-D b becomes one column)."""
    if b.ndim not in (1, 2) or b.shape[0] != n:
        raise UsageError(f"b: expected {n} rows, got shape {b.shape}")
    if overwrite and writable_as(b, dtype) is not None and (b.ndim == 1 or b.flags.f_contiguous):
        return b.reshape((n, -1), order="F")
    return np.array(b.reshape((n, -1)), dtype=dtype, order="F", copy=True)


def solve(a, b, lower=False, overwrite_a=False, overwrite_b=False, check_finite=True,
          assume_a="gen", *, backend=DEFAULT_BACKEND, gpu=False):
    """x with a @ x = b: gesv (assume_a='gen') or posv ('pos'). LAPACK overwrites A with its
    factors and B with x, so each is copied once unless overwrite_a/overwrite_b and its layout
    fits (F order; for 'pos' C order too). Raises SingularMatrixError / NotPositiveDefiniteError
    with the decoded INFO."""
    spec = _spec(backend, gpu)
    a = as_matrix(a, "a")
    b = np.asarray(b)
    if check_finite:
        _nonfinite(a, "a")
        _nonfinite(b, "b")
    if a.shape[0] != a.shape[1]:
        raise UsageError(f"solve: a must be square, got shape {a.shape}")
    dt = result_dtype(a, b)
    n = a.shape[0]
    x = _rhs(b, n, dt, overwrite_b)
    if assume_a == "gen":
        w, _ = _work(a, dt, overwrite_a)
        _run(_core.gesv(spec, w, np.empty(n, dtype=np.int32), x))
    elif assume_a == "pos":
        w, flipped = _work(a, dt, overwrite_a, symmetric=True)
        _run(_core.posv(spec, lower != flipped, w, x))
    else:
        raise UsageError(f"assume_a: expected 'gen' or 'pos', got {assume_a!r}")
    return x.reshape(b.shape) if b.ndim == 1 else x



def lstsq(a, b, cond=None, overwrite_a=False, overwrite_b=False, check_finite=True,
          lapack_driver=None, *, backend=DEFAULT_BACKEND, gpu=False):
    """(x, residues, rank, s) by QR/LQ (gels): a of full rank is assumed (rank = min(m, n);
    a rank-deficient a raises SingularMatrixError), s is None as for SciPy's gelsy. A is copied
    once (gels overwrites it); B is copied into a max(m, n)-row workspace."""
    del cond, overwrite_b, lapack_driver  # gels has no rank cut-off; B always needs room
    spec = _spec(backend, gpu)
    a = as_matrix(a, "a")
    b = np.asarray(b)
    if check_finite:
        _nonfinite(a, "a")
        _nonfinite(b, "b")
    dt = result_dtype(a, b)
    m, n = a.shape
    if b.ndim not in (1, 2) or b.shape[0] != m:
        raise UsageError(f"b: expected {m} rows, got shape {b.shape}")
    w, _ = _work(a, dt, overwrite_a)
    bw = np.zeros((max(m, n, 1), 1 if b.ndim == 1 else b.shape[1]), dtype=dt, order="F")
    bw[:m] = b.reshape((m, -1))
    _run(_core.gels(spec, w, bw))
    x = bw[:n].copy(order="F")
    residues = (np.sum(np.abs(bw[n:m]) ** 2, axis=0) if m > n else np.empty((0,), dtype=dt))
    if b.ndim == 1:
        x = x.reshape(n)
        residues = residues.reshape(-1)
    return x, residues, min(m, n), None


def cholesky(a, lower=False, overwrite_a=False, check_finite=True, *, backend=DEFAULT_BACKEND,
             gpu=False):
    """The Cholesky factor (upper by default: a = U^T U), the other triangle zeroed. In place
    with overwrite_a=True for an F- or C-ordered a of its dtype (the result shares its memory);
    else one copy."""
    spec = _spec(backend, gpu)
    (a,) = _matrices(("a",), (a,), check_finite)
    dt = result_dtype(a)
    w, flipped = _work(a, dt, overwrite_a, symmetric=True)
    _run(_core.potrf(spec, lower != flipped, True, w))
    return w.T if flipped else w


def lu_factor(a, overwrite_a=False, check_finite=True, *, backend=DEFAULT_BACKEND, gpu=False):
    """(lu, piv) as SciPy: getrf's factors and 0-based pivots; a singular U warns (LinAlgWarning
    with the decoded INFO) instead of raising. In place with overwrite_a for an F-ordered a."""
    spec = _spec(backend, gpu)
    (a,) = _matrices(("a",), (a,), check_finite)
    dt = result_dtype(a)
    w, _ = _work(a, dt, overwrite_a)
    ipiv = np.empty(min(w.shape), dtype=np.int32)
    outcome = _core.getrf(spec, w, ipiv)
    if outcome is not None:
        if outcome[0] < 0:
            raise from_info(outcome)
        warnings.warn(f"{outcome[1]}: {outcome[2]}", LinAlgWarning, stacklevel=2)
    return w, ipiv - 1


def lu(a, permute_l=False, overwrite_a=False, check_finite=True, *, backend=DEFAULT_BACKEND,
       gpu=False):
    """(p, l, u) with a = p @ l @ u, or (p @ l, u) with permute_l=True (getrf)."""
    f, piv = lu_factor(a, overwrite_a, check_finite, backend=backend, gpu=gpu)
    m, n = f.shape
    k = min(m, n)
    perm = np.arange(m)
    for i, p in enumerate(piv):
        perm[i], perm[p] = perm[p], perm[i]
    l = np.tril(f[:, :k], -1)
    l[np.arange(k), np.arange(k)] = 1
    u = np.triu(f[:k, :])
    if permute_l:
        return l[np.argsort(perm)], u
    p = np.zeros((m, m), dtype=f.dtype)
    p[perm, np.arange(m)] = 1
    return p, l, u


def qr(a, overwrite_a=False, lwork=None, mode="full", pivoting=False, check_finite=True, *,
       backend=DEFAULT_BACKEND, gpu=False):
    """Q, R (mode 'full' or 'economic') or (R,) (mode 'r') by geqrf. Q is accumulated from the
    Householder reflectors with NumPy (libcore has no orgqr call yet). A is copied once unless
    overwrite_a with an F-ordered a."""
    del lwork
    if pivoting:
        raise UsageError("pivoting: geqp3 is not available; use pivoting=False")
    if mode not in ("full", "economic", "r"):
        raise UsageError(f"mode: expected 'full', 'economic' or 'r', got {mode!r}")
    spec = _spec(backend, gpu)
    (a,) = _matrices(("a",), (a,), check_finite)
    dt = result_dtype(a)
    w, _ = _work(a, dt, overwrite_a)
    m, n = w.shape
    k = min(m, n)
    tau = np.empty(k, dtype=dt)
    _run(_core.geqrf(spec, w, tau))
    rows = k if mode == "economic" else m
    r = np.triu(w[:rows, :])
    if mode == "r":
        return (r,)
    q = np.eye(m, m if mode == "full" else k, dtype=dt, order="F")
    for i in range(k - 1, -1, -1):
        v = np.concatenate(([1], w[i + 1:, i])).astype(dt, copy=False)
        block = q[i:, i:]
        block -= tau[i] * np.outer(v, v @ block)
    return q, r


def _svd_work(a, overwrite_a):
    dt = result_dtype(a)
    if overwrite_a and writable_as(a, dt) == "C":
        return a.T, True
    w, _ = _work(a, dt, overwrite_a)
    return w, False


def svd(a, full_matrices=True, compute_uv=True, overwrite_a=False, check_finite=True,
        lapack_driver="gesvd", *, backend=DEFAULT_BACKEND, gpu=False):
    """U, s, Vh or s with compute_uv=False, by LAPACK's gesvd or, with lapack_driver='gesdd'
    (SciPy's default), its divide and conquer gesdd: much faster with vectors on CPU libraries,
    which the CPU backends bind (cuda and opencl have none: UnsupportedError). Default 'gesvd',
    which every backend with an SVD binds. With overwrite_a an F- or C-ordered a is
    used in place (C order: the SVD of a^T, with U and Vh swapped and transposed as views);
    else a is copied once."""
    if lapack_driver not in ("gesvd", "gesdd"):
        raise UsageError(f"lapack_driver: expected 'gesvd' or 'gesdd', got {lapack_driver!r}")
    spec = _spec(backend, gpu)
    (a,) = _matrices(("a",), (a,), check_finite)
    w, flipped = _svd_work(a, overwrite_a)
    m, n = w.shape
    k = min(m, n)
    s = np.empty(k, dtype=w.dtype)
    driver = _core.gesdd if lapack_driver == "gesdd" else _core.gesvd
    if not compute_uv:
        _run(driver(spec, "N", w, s, None, None))
        return s
    u = np.empty((m, m if full_matrices else k), dtype=w.dtype, order="F")
    vt = np.empty((n if full_matrices else k, n), dtype=w.dtype, order="F")
    _run(driver(spec, "A" if full_matrices else "S", w, s, u, vt))
    return (vt.T, s, u.T) if flipped else (u, s, vt)


def svdvals(a, overwrite_a=False, check_finite=True, *, backend=DEFAULT_BACKEND, gpu=False):
    """Singular values, descending (gesvd without vectors)."""
    return svd(a, compute_uv=False, overwrite_a=overwrite_a, check_finite=check_finite,
               backend=backend, gpu=gpu)


def eigh(a, b=None, *, lower=True, eigvals_only=False, overwrite_a=False, check_finite=True,
         driver=None, backend=DEFAULT_BACKEND, gpu=False):
    """w, v of a symmetric a (syevd), reading the lower (default) or upper triangle; ascending
    w. With overwrite_a an F- or C-ordered a is used in place (v shares its memory)."""
    if b is not None:
        raise UsageError("b: the generalized problem (sygvd) is not available")
    if driver not in (None, "evd"):
        raise UsageError(f"driver: only 'evd' is bound, got {driver!r}")
    spec = _spec(backend, gpu)
    (a,) = _matrices(("a",), (a,), check_finite)
    dt = result_dtype(a)
    w, flipped = _work(a, dt, overwrite_a, symmetric=True)
    if w.shape[0] != w.shape[1]:
        raise UsageError(f"eigh: a must be square, got shape {a.shape}")
    vals = np.empty(w.shape[0], dtype=dt)
    _run(_core.syevd(spec, not eigvals_only, lower != flipped, w, vals))
    return vals if eigvals_only else (vals, w)


def eigvalsh(a, b=None, *, lower=True, overwrite_a=False, check_finite=True,
             backend=DEFAULT_BACKEND, gpu=False):
    """Eigenvalues of a symmetric a, ascending (syevd without vectors)."""
    return eigh(a, b, lower=lower, eigvals_only=True, overwrite_a=overwrite_a,
                check_finite=check_finite, backend=backend, gpu=gpu)
