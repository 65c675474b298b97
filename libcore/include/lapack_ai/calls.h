// The calls a backend can be asked to run: one plain struct per routine and precision, holding
// the BLAS/LAPACK arguments on host memory (column-major). Adding a routine = one struct + one
// entry in the Call variant; backends that do not know it answer "unsupported".
#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "lapack_ai/types.h"

namespace lapack_ai {

/// A region of host memory that a call overwrites; what Reset() restores between timed calls.
struct OutputSpan {
  void* data;
  std::size_t bytes;
};

/// C = alpha * op(A) * op(B) + beta * C.
template <typename T>
struct GemmCall {
  static constexpr std::string_view kRoutine = "gemm";
  Trans transa = Trans::kNoTrans;
  Trans transb = Trans::kNoTrans;
  int64_t m = 0, n = 0, k = 0;
  T alpha = 1;
  const T* a = nullptr;
  int64_t lda = 1;
  const T* b = nullptr;
  int64_t ldb = 1;
  T beta = 0;
  T* c = nullptr;
  int64_t ldc = 1;

  std::vector<OutputSpan> Outputs() const {
    return {{c, sizeof(T) * static_cast<std::size_t>(ldc * n)}};
  }
};

using Call = std::variant<GemmCall<float>, GemmCall<double>>;

/// Routine name of a call ("gemm", "getrf", ...).
std::string_view RoutineOf(const Call& call);
/// Precision of a call.
Precision PrecisionOf(const Call& call);
/// Memory the call overwrites.
std::vector<OutputSpan> OutputsOf(const Call& call);

template <typename T>
constexpr Precision PrecisionFor() {
  return sizeof(T) == 4 ? Precision::kSingle : Precision::kDouble;
}

}  // namespace lapack_ai
