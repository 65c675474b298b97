// The LAPACK routines of a dlmopen'ed library through its Fortran symbols: getrf, gesv, potrf,
// posv, geqrf, gels, gesvd and syevd, LP64 or ILP64 as the library measured, with workspace
// sized once at bind time.
#pragma once
#include <functional>
#include <memory>
#include <string_view>

#include "backends/lib/blas_library.h"
#include "lapack_ai/calls.h"

namespace lapack_ai::lib {

/// True when `library` exports the routine in the precision (a BLAS-only library has none).
bool LapackSupports(const Library& library, std::string_view routine, Precision precision);

/// A runner for `call` (which must outlive it) on `library`. Illegal arguments set INFO to
/// LAPACK's negative value without calling (netlib's XERBLA would STOP the process); other INFO
/// values come from the routine. Throws Unsupported for calls that are not LAPACK routines,
/// BackendError when a symbol or a workspace query fails.
std::function<void()> LapackRunner(const std::shared_ptr<Library>& library, Call& call,
                                   std::string_view backend);

}  // namespace lapack_ai::lib
