// Matrix norms for the accuracy checks, accumulated in double (long double for double data)
// with LAPACK-style scaling so near-overflow matrices do not overflow.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>

namespace lapack_ai {

/// Frobenius norm of the m x n column-major matrix at `a` (leading dimension lda).
template <typename T>
double FrobeniusNorm(int64_t m, int64_t n, const T* a, int64_t lda) {
  long double scale = 0, ssq = 1;  // LAPACK dlassq: norm = scale * sqrt(ssq)
  for (int64_t j = 0; j < n; ++j) {
    for (int64_t i = 0; i < m; ++i) {
      const long double v = std::fabs(static_cast<long double>(a[i + j * lda]));
      if (v == 0) continue;
      if (!std::isfinite(static_cast<double>(v))) return static_cast<double>(v);
      if (scale < v) {
        ssq = 1 + ssq * (scale / v) * (scale / v);
        scale = v;
      } else {
        ssq += (v / scale) * (v / scale);
      }
    }
  }
  return static_cast<double>(scale * std::sqrt(ssq));
}

/// Frobenius norm of (A - B) for two m x n matrices.
template <typename T, typename U>
double FrobeniusDiff(int64_t m, int64_t n, const T* a, int64_t lda, const U* b, int64_t ldb) {
  long double scale = 0, ssq = 1;
  for (int64_t j = 0; j < n; ++j) {
    for (int64_t i = 0; i < m; ++i) {
      const long double v = std::fabs(static_cast<long double>(a[i + j * lda]) -
                                      static_cast<long double>(b[i + j * ldb]));
      if (std::isnan(static_cast<double>(v)) || std::isinf(static_cast<double>(v)))
        return static_cast<double>(v);
      if (v == 0) continue;
      if (scale < v) {
        ssq = 1 + ssq * (scale / v) * (scale / v);
        scale = v;
      } else {
        ssq += (v / scale) * (v / scale);
      }
    }
  }
  return static_cast<double>(scale * std::sqrt(ssq));
}

/// LAPACK's convention for a ratio whose denominator vanished: 0 if the residual is 0 too,
/// otherwise 1/eps (a certain failure).
inline double SafeRatio(double residual, double denominator, double eps) {
  if (std::isnan(residual) || std::isnan(denominator)) return residual + denominator;
  if (denominator == 0) return residual == 0 ? 0.0 : 1.0 / eps;
  return residual / denominator / eps;
}

}  // namespace lapack_ai
