// Fortran calling convention of BLAS/LAPACK libraries: INTEGER is 32-bit (LP64) or 64-bit
// (ILP64, measured per library), hidden string-length arguments follow the explicit ones.
#pragma once
#include <cstddef>
#include <cstdint>
#include <limits>

#include <fmt/format.h>

#include "lapack_ai/error.h"

namespace lapack_ai::fortran {

using Int = int;  ///< netlib's INTEGER (the reference library is LP64)
using StrLen = std::size_t;

/// Narrows a dimension to the library's INTEGER; beyond 2^31-1 an LP64 library cannot take it.
template <typename I = Int>
I ToInt(int64_t v, const char* what) {
  if constexpr (sizeof(I) < sizeof(int64_t)) {
    if (v > std::numeric_limits<I>::max() || v < std::numeric_limits<I>::min()) {
      throw Unsupported(fmt::format("{} = {} exceeds the 32-bit INTEGER of an LP64 library", what, v));
    }
  }
  return static_cast<I>(v);
}

}  // namespace lapack_ai::fortran
