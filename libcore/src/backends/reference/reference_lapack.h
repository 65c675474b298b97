// The LAPACK routines of the reference backend: netlib's Fortran getrf, gesv, potrf, posv,
// geqrf, gels, gesvd and syevd, with workspace sized once at bind time.
#pragma once
#include <functional>
#include <string_view>

#include "lapack_ai/calls.h"

namespace lapack_ai {

/// True for the routines ReferenceLapackRunner binds (both precisions).
bool ReferenceLapackSupports(std::string_view routine);

/// A runner for `call` (which must outlive it) on netlib LAPACK. Illegal arguments set INFO to
/// LAPACK's negative value without calling (netlib's XERBLA would STOP the process); other INFO
/// values come from the routine. Throws Unsupported for calls that are not LAPACK routines,
/// BackendError when the library or a workspace query fails.
std::function<void()> ReferenceLapackRunner(Call& call);

}  // namespace lapack_ai
