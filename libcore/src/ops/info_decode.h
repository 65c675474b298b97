// LAPACK INFO, explained: argument checks in LAPACK's own order (so a backend can refuse an
// illegal call without reaching XERBLA, which STOPs the process in netlib), and the decoded
// meaning of every INFO value of the routines lapack-ai runs, with what to do about it.
#pragma once
#include <cstdint>
#include <string>

#include "lapack_ai/calls.h"

namespace lapack_ai {

/// INFO of a LAPACK call struct after Run (0 for calls without INFO, such as gemm).
int64_t InfoOf(const Call& call);

/// The INFO LAPACK's own parameter checks would return for `call`: 0 when every argument is
/// legal, otherwise -i for the first illegal argument i (1-based, LAPACK's Fortran numbering;
/// workspace sizes are the backend's and are not checked here).
int64_t ValidateArguments(const Call& call);

/// Text for `info` of `call` (a LAPACK routine; "" when info is 0). Negative: names the
/// argument, its value and the rule it breaks. Positive: what it means for the routine and what
/// to do, e.g. "U(7,7) is exactly zero: A is singular; ...".
std::string DecodeInfo(const Call& call, int64_t info);

/// DecodeInfo with the INFO stored in the call.
inline std::string DecodeInfo(const Call& call) { return DecodeInfo(call, InfoOf(call)); }

}  // namespace lapack_ai
