// Helpers shared by the opencl tests: random column-major matrices, a relative difference, and a
// host gemm in double.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "lapack_ai/types.h"

namespace lapack_ai::opencl_test {

/// The PoCL device, which every CI machine has (pocl-opencl-icd).
inline constexpr const char* kPocl = "opencl:portable computing";

template <typename T>
std::vector<T> RandomVector(std::size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  std::vector<T> v(count);
  for (T& x : v) x = static_cast<T>(dist(rng));
  return v;
}

/// max |x - y| / max |y| over `count` entries (y the reference).
template <typename T>
double MaxRelDiff(const T* x, const T* y, std::size_t count) {
  double err = 0, scale = 0;
  for (std::size_t i = 0; i < count; ++i) {
    err = std::max(err, std::abs(static_cast<double>(x[i]) - static_cast<double>(y[i])));
    scale = std::max(scale, std::abs(static_cast<double>(y[i])));
  }
  return err / scale;
}
template <typename T>
double MaxRelDiff(const std::vector<T>& x, const std::vector<T>& y) {
  return MaxRelDiff(x.data(), y.data(), x.size());
}

/// C = alpha op(A) op(B) + beta C in double, column-major; returns max |C - got| / max |C|.
template <typename T>
double GemmError(Trans ta, Trans tb, int64_t m, int64_t n, int64_t k, double alpha,
                 const T* a, int64_t lda, const T* b, int64_t ldb, double beta, const T* c0,
                 const T* got, int64_t ldc) {
  double err = 0, scale = 0;
  for (int64_t j = 0; j < n; ++j) {
    for (int64_t i = 0; i < m; ++i) {
      double s = 0;
      for (int64_t p = 0; p < k; ++p) {
        const double av = ta == Trans::kNoTrans ? a[i + p * lda] : a[p + i * lda];
        const double bv = tb == Trans::kNoTrans ? b[p + j * ldb] : b[j + p * ldb];
        s += av * bv;
      }
      const double want = alpha * s + beta * c0[i + j * ldc];
      err = std::max(err, std::abs(want - static_cast<double>(got[i + j * ldc])));
      scale = std::max(scale, std::abs(want));
    }
  }
  return scale > 0 ? err / scale : err;
}

}  // namespace lapack_ai::opencl_test
