// The LAPACK routines of the openblas backend, through LAPACKE's *_work entry points (no NaN
// scan, no allocation inside the timed call); liblapacke resolves to OpenBLAS's LAPACK.
#pragma once
#include <functional>
#include <string_view>

#include "lapack_ai/calls.h"

namespace lapack_ai {

/// True for the routines OpenblasLapackRunner binds (both precisions).
bool OpenblasLapackSupports(std::string_view routine);

/// A runner for `call` (which must outlive it). INFO is stored in LAPACK's numbering (LAPACKE's
/// extra matrix_layout argument is taken off). Illegal arguments are refused with LAPACK's
/// negative INFO before the call. Throws Unsupported for calls that are not LAPACK routines.
std::function<void()> OpenblasLapackRunner(Call& call);

}  // namespace lapack_ai
