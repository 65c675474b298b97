// Fortran calling convention helpers for the netlib libraries (LP64: 32-bit INTEGER, hidden
// string-length arguments after the explicit ones).
#pragma once
#include <climits>
#include <cstddef>
#include <cstdint>

#include <fmt/format.h>

#include "lapack_ai/error.h"

namespace lapack_ai::fortran {

using Int = int;
using StrLen = std::size_t;

/// Narrows a dimension to Fortran INTEGER; sizes beyond 2^31-1 are unsupported by LP64 netlib.
inline Int ToInt(int64_t v, const char* what) {
  if (v > INT_MAX || v < INT_MIN) {
    throw Unsupported(fmt::format("{} = {} exceeds the 32-bit INTEGER of netlib LAPACK", what, v));
  }
  return static_cast<Int>(v);
}

}  // namespace lapack_ai::fortran
