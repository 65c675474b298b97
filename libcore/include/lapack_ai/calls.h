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

/// Strided batched gemm: for i < batch, C_i = alpha op(A_i) op(B_i) + beta C_i with
/// X_i = x + i * stride_x.
template <typename T>
struct GemmBatchedCall {
  static constexpr std::string_view kRoutine = "gemm_batched";
  Trans transa = Trans::kNoTrans;
  Trans transb = Trans::kNoTrans;
  int64_t m = 0, n = 0, k = 0;
  T alpha = 1;
  const T* a = nullptr;
  int64_t lda = 1, stride_a = 0;
  const T* b = nullptr;
  int64_t ldb = 1, stride_b = 0;
  T beta = 0;
  T* c = nullptr;
  int64_t ldc = 1, stride_c = 0;
  int64_t batch = 0;

  std::vector<OutputSpan> Outputs() const {
    return {{c, sizeof(T) * static_cast<std::size_t>(stride_c * batch)}};
  }
};

/// LU with partial pivoting, A = P L U (LAPACK xGETRF). ipiv has min(m, n) 1-based entries.
template <typename T>
struct GetrfCall {
  static constexpr std::string_view kRoutine = "getrf";
  int64_t m = 0, n = 0;
  T* a = nullptr;
  int64_t lda = 1;
  int32_t* ipiv = nullptr;
  int64_t info = 0;  ///< LAPACK INFO of the last Run()

  std::vector<OutputSpan> Outputs() const {
    return {{a, sizeof(T) * static_cast<std::size_t>(lda * n)},
            {ipiv, sizeof(int32_t) * static_cast<std::size_t>(m < n ? m : n)}};
  }
};

/// Solve A X = B by LU (xGESV); A is overwritten by its factors, B by X.
template <typename T>
struct GesvCall {
  static constexpr std::string_view kRoutine = "gesv";
  int64_t n = 0, nrhs = 0;
  T* a = nullptr;
  int64_t lda = 1;
  int32_t* ipiv = nullptr;
  T* b = nullptr;
  int64_t ldb = 1;
  int64_t info = 0;

  std::vector<OutputSpan> Outputs() const {
    return {{a, sizeof(T) * static_cast<std::size_t>(lda * n)},
            {ipiv, sizeof(int32_t) * static_cast<std::size_t>(n)},
            {b, sizeof(T) * static_cast<std::size_t>(ldb * nrhs)}};
  }
};

/// Cholesky A = L L^T (uplo 'L') or U^T U (uplo 'U') (xPOTRF).
template <typename T>
struct PotrfCall {
  static constexpr std::string_view kRoutine = "potrf";
  char uplo = 'L';
  int64_t n = 0;
  T* a = nullptr;
  int64_t lda = 1;
  int64_t info = 0;

  std::vector<OutputSpan> Outputs() const {
    return {{a, sizeof(T) * static_cast<std::size_t>(lda * n)}};
  }
};

/// Solve A X = B for SPD A by Cholesky (xPOSV).
template <typename T>
struct PosvCall {
  static constexpr std::string_view kRoutine = "posv";
  char uplo = 'L';
  int64_t n = 0, nrhs = 0;
  T* a = nullptr;
  int64_t lda = 1;
  T* b = nullptr;
  int64_t ldb = 1;
  int64_t info = 0;

  std::vector<OutputSpan> Outputs() const {
    return {{a, sizeof(T) * static_cast<std::size_t>(lda * n)},
            {b, sizeof(T) * static_cast<std::size_t>(ldb * nrhs)}};
  }
};

/// QR factorisation A = Q R (xGEQRF); tau has min(m, n) entries. Workspace is the backend's.
template <typename T>
struct GeqrfCall {
  static constexpr std::string_view kRoutine = "geqrf";
  int64_t m = 0, n = 0;
  T* a = nullptr;
  int64_t lda = 1;
  T* tau = nullptr;
  int64_t info = 0;

  std::vector<OutputSpan> Outputs() const {
    return {{a, sizeof(T) * static_cast<std::size_t>(lda * n)},
            {tau, sizeof(T) * static_cast<std::size_t>(m < n ? m : n)}};
  }
};

/// Least squares / minimum norm solution of op(A) X = B by QR or LQ (xGELS).
/// B is ldb x nrhs with ldb >= max(m, n).
template <typename T>
struct GelsCall {
  static constexpr std::string_view kRoutine = "gels";
  Trans trans = Trans::kNoTrans;
  int64_t m = 0, n = 0, nrhs = 0;
  T* a = nullptr;
  int64_t lda = 1;
  T* b = nullptr;
  int64_t ldb = 1;
  int64_t info = 0;

  std::vector<OutputSpan> Outputs() const {
    return {{a, sizeof(T) * static_cast<std::size_t>(lda * n)},
            {b, sizeof(T) * static_cast<std::size_t>(ldb * nrhs)}};
  }
};

/// Singular value decomposition A = U diag(s) V^T (xGESVD). jobu/jobvt: 'N', 'S' or 'A'.
template <typename T>
struct GesvdCall {
  static constexpr std::string_view kRoutine = "gesvd";
  char jobu = 'N', jobvt = 'N';
  int64_t m = 0, n = 0;
  T* a = nullptr;
  int64_t lda = 1;
  T* s = nullptr;
  T* u = nullptr;
  int64_t ldu = 1;
  T* vt = nullptr;
  int64_t ldvt = 1;
  int64_t info = 0;

  std::vector<OutputSpan> Outputs() const {
    return {{a, sizeof(T) * static_cast<std::size_t>(lda * n)}};
  }
};

/// Singular value decomposition A = U diag(s) V^T by divide and conquer (xGESDD): the driver
/// CPU libraries are fastest with when vectors are wanted. jobz: 'N', 'S' or 'A' ('O' is not
/// exposed: U or V^T would overwrite A).
template <typename T>
struct GesddCall {
  static constexpr std::string_view kRoutine = "gesdd";
  char jobz = 'N';
  int64_t m = 0, n = 0;
  T* a = nullptr;
  int64_t lda = 1;
  T* s = nullptr;
  T* u = nullptr;
  int64_t ldu = 1;
  T* vt = nullptr;
  int64_t ldvt = 1;
  int64_t info = 0;

  /// Overwritten inputs, restored between runs: a, as xGESVD's.
  std::vector<OutputSpan> Outputs() const {
    return {{a, sizeof(T) * static_cast<std::size_t>(lda * n)}};
  }
};

/// Symmetric eigen-decomposition by divide and conquer (xSYEVD). jobz 'N' values, 'V' vectors
/// (returned in a).
template <typename T>
struct SyevdCall {
  static constexpr std::string_view kRoutine = "syevd";
  char jobz = 'N', uplo = 'L';
  int64_t n = 0;
  T* a = nullptr;
  int64_t lda = 1;
  T* w = nullptr;
  int64_t info = 0;

  std::vector<OutputSpan> Outputs() const {
    return {{a, sizeof(T) * static_cast<std::size_t>(lda * n)}};
  }
};

#define LAPACK_AI_BOTH(X) X<float>, X<double>
using Call = std::variant<LAPACK_AI_BOTH(GemmCall), LAPACK_AI_BOTH(GemmBatchedCall),
                          LAPACK_AI_BOTH(GetrfCall), LAPACK_AI_BOTH(GesvCall),
                          LAPACK_AI_BOTH(PotrfCall), LAPACK_AI_BOTH(PosvCall),
                          LAPACK_AI_BOTH(GeqrfCall), LAPACK_AI_BOTH(GelsCall),
                          LAPACK_AI_BOTH(GesvdCall), LAPACK_AI_BOTH(GesddCall),
                          LAPACK_AI_BOTH(SyevdCall)>;
#undef LAPACK_AI_BOTH

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
