"""How NumPy arrays become BLAS/LAPACK operands without copies where the maths allows.

A Fortran-ordered float32/float64 array is a column-major matrix as it is. A C-ordered array is
the column-major matrix of its transpose, which each routine uses where it can (matmul through
op(A) flags or C^T = B^T A^T; symmetric routines by flipping ``lower``; svd by swapping U and
V^T). Any other array (strided views, other dtypes, or an operand LAPACK would overwrite when
``overwrite_a`` is False) is copied once, into Fortran order, by ``fortran_copy``.
"""

import numpy as np

from . import _core
from .errors import NonFiniteError, UsageError

FLOATS = (np.dtype(np.float32), np.dtype(np.float64))
_F64 = np.dtype(np.float64)


def result_dtype(*arrays):
    """float32 when every operand is float32, else float64 (integers and bools widen)."""
    dt = arrays[0].dtype
    for a in arrays[1:]:
        if a.dtype != dt:
            dt = _F64
    if dt in FLOATS:
        return dt
    if dt.kind in "biuf":
        return _F64
    raise UsageError(f"dtype: expected real numbers (float32 or float64), got {dt}")


def check_finite(a, name):
    """Raises NonFiniteError with the first NaN/Inf's index in the user's own indexing."""
    if a.dtype not in FLOATS:
        return
    pos = _core.first_nonfinite(a)
    if pos is not None:
        value = a[pos]
        raise NonFiniteError(f"{name}[{', '.join(map(str, pos))}] is {value}: "
                             "the input holds NaN or Inf", name, pos)


def fortran_copy(a, dtype):
    """The one copy: a new Fortran-ordered array of `dtype` (the routine may overwrite it)."""
    return np.array(a, dtype=dtype, order="F", copy=True)


def writable_as(a, dtype):
    """`a` itself when LAPACK may overwrite it in place: of `dtype`, writeable, and Fortran-
    ordered ('F') or C-ordered ('C', the caller then works on a.T); None otherwise."""
    if a.dtype != dtype or not a.flags.writeable:
        return None
    if a.flags.f_contiguous:
        return "F"
    if a.flags.c_contiguous:
        return "C"
    return None


def as_matrix(a, name):
    a = np.asarray(a)
    if a.ndim != 2:
        raise UsageError(f"{name}: expected a 2-D array, got {a.ndim}-D with shape {a.shape}")
    return a
