"""Exceptions of lapack_ai.

Numerical failures are ``LinAlgError`` (a ``numpy.linalg.LinAlgError``) subclasses carrying
libcore's decoded LAPACK INFO: ``e.routine`` ("dgesv"), ``e.info`` (LAPACK's INFO) and the message
("U(7,7) is exactly zero: A is singular, ..."). Bad arguments are ``ValueError``s, a routine a
backend lacks is ``NotImplementedError``, a backend that cannot run here is ``RuntimeError``.
"""

import numpy as np

__all__ = [
    "LinAlgError", "SingularMatrixError", "NotPositiveDefiniteError", "ConvergenceError",
    "IllegalArgument", "NonFiniteError", "UsageError", "UnsupportedError", "BackendError",
    "LinAlgWarning",
]


class LinAlgError(np.linalg.LinAlgError):
    """A LAPACK routine reported INFO != 0; ``routine``, ``info`` and the decoded message."""

    def __init__(self, message, routine=None, info=None):
        super().__init__(message)
        self.routine = routine
        self.info = info


class SingularMatrixError(LinAlgError):
    """getrf/gesv: U(i,i) is exactly zero; gels: the triangular factor is rank deficient."""


class NotPositiveDefiniteError(LinAlgError):
    """potrf/posv: a leading minor is not positive definite."""


class ConvergenceError(LinAlgError):
    """gesvd/syevd did not converge."""


class IllegalArgument(LinAlgError, ValueError):
    """INFO < 0: the message names the argument, its value and the rule it breaks."""


class NonFiniteError(LinAlgError, ValueError):
    """An input holds NaN or Inf; ``argument`` names it and ``position`` is the index."""

    def __init__(self, message, argument=None, position=None):
        super().__init__(message)
        self.argument = argument
        self.position = position


class UsageError(ValueError):
    """A bad spec, key or value (the message names it); the CLI's exit code 2."""


class UnsupportedError(NotImplementedError):
    """The backend does not implement this routine or precision."""


class BackendError(RuntimeError):
    """The backend cannot run here (no device, no library) or its library failed."""


class LinAlgWarning(RuntimeWarning):
    """A factorization finished but its factor is singular (lu, lu_factor)."""


# INFO > 0 of each routine, as the exception a caller catches.
_POSITIVE = {
    "getrf": SingularMatrixError, "gesv": SingularMatrixError, "gels": SingularMatrixError,
    "potrf": NotPositiveDefiniteError, "posv": NotPositiveDefiniteError,
    "gesvd": ConvergenceError, "gesdd": ConvergenceError, "syevd": ConvergenceError,
}


def from_info(outcome):
    """The exception for a binding's (info, routine, message) outcome."""
    info, routine, message = outcome
    if info < 0:
        return IllegalArgument(message, routine, info)
    return _POSITIVE.get(routine[1:], LinAlgError)(message, routine, info)
