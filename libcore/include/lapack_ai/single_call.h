// One call on one backend, outside the runner: what a library user (the Python package) does
// with their own arrays. Bind, run, fetch, and the routine's INFO with its decoded meaning.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "lapack_ai/backend.h"
#include "lapack_ai/calls.h"

namespace lapack_ai {

/// INFO of a finished call and what it means ("" when INFO is 0).
struct CallOutcome {
  int64_t info = 0;     ///< LAPACK INFO (0 for gemm): < 0 illegal argument -INFO, > 0 numerical
  std::string message;  ///< DecodeInfo's text, e.g. "U(7,7) is exactly zero: A is singular; ..."
  std::string routine;  ///< "dgesv", "sgetrf", ...: the precision letter and the routine
};

/// Runs `call` once on `backend` on the caller's memory: Bind, Run, Fetch. Never throws for a
/// nonzero INFO (the caller decides whether a singular factor is an error); throws Unsupported
/// when the backend lacks the routine/precision and BackendError when the library fails.
/// Illegal arguments come back as INFO < 0 without reaching the library (no XERBLA).
/// Thread safety: as the backend's (one call at a time; see SharedBackend).
CallOutcome RunSingleCall(Backend& backend, Call& call);

/// A backend created once per spec for the life of the process, with a mutex to hold while
/// calling it (Backend is not thread-safe). Throws UsageError for an unknown or malformed spec;
/// a backend that cannot run here is returned too (Info().available is false; calls throw).
struct SharedBackendEntry {
  std::unique_ptr<Backend> backend;
  std::mutex mutex;
};
SharedBackendEntry& SharedBackend(std::string_view spec);

/// First NaN or Inf in a strided 2-D array of `rows` x `cols` (element strides), column by
/// column; false when every element is finite. Row and column are 0-based.
template <typename T>
bool FindNonFinite(const T* data, int64_t rows, int64_t cols, int64_t row_stride,
                   int64_t col_stride, int64_t* bad_row, int64_t* bad_col);

}  // namespace lapack_ai
