"""lapack_ai: every lapack-ai backend, its checks and its diagnoses from NumPy.

    import numpy as np, lapack_ai as la
    C = la.matmul(A, B, backend="alphatensor:strassen2@opencl")   # any spec the CLI takes
    U, s, Vt = la.svd(A, gpu=True)          # the first available of cuda, opencl
    x = la.solve(A, b)                      # raises la.SingularMatrixError("U(7,7) is ...")
    report = la.bench(op="gemm", dim=[1024, 2048], backend=["openblas", "alphatensor:auto"])
    report.to_pandas()
    la.diagnose(A)                          # condition, rank, scaling, which solver

``la.schemes`` is the fast-matmul catalogue (Records).
"""

from ._core import __version__, git_sha
from ._linalg import (DEFAULT_BACKEND, cholesky, eigh, eigvalsh, lstsq, lu, lu_factor, matmul, qr,
                      solve, svd, svdvals)
from ._records import Records, backends, bench, devices, diagnose, doctor, validate
from .errors import (BackendError, ConvergenceError, IllegalArgument, LinAlgError, LinAlgWarning,
                     NonFiniteError, NotPositiveDefiniteError, SingularMatrixError, UnsupportedError,
                     UsageError)

__all__ = [
    "matmul", "solve", "lstsq", "cholesky", "lu", "lu_factor", "qr", "svd", "svdvals", "eigh",
    "eigvalsh", "devices", "backends", "doctor", "validate", "bench", "diagnose", "schemes",
    "Records", "LinAlgError", "SingularMatrixError", "NotPositiveDefiniteError",
    "ConvergenceError", "IllegalArgument", "NonFiniteError", "UsageError", "UnsupportedError",
    "BackendError", "LinAlgWarning", "DEFAULT_BACKEND", "__version__", "git_sha",
]


def __getattr__(name):
    # The catalogue is parsed and verified exactly on first use, not at import.
    if name == "schemes":
        from ._records import schemes
        return schemes()
    raise AttributeError(f"module 'lapack_ai' has no attribute {name!r}")
