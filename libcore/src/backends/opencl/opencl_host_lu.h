// getrf's host panel without LAPACK's per-column calls: LAPACK's recursive ?getrf2 splits the
// m x nb panel down to single columns, so a 64-wide panel makes about 190 BLAS calls, each of
// which wakes OpenBLAS's threads. On the H200 host that overhead, not arithmetic, is what
// bounds the hybrid getrf: 1.3 ms per 8192 x 64 panel whatever the thread count (2, 4 or 8),
// about 25 GFLOP/s. Here the recursion stops at leaves of kLeafColumns columns, factored by
// plain loops over cache-resident columns; only the few GEMM/TRSM of the upper levels go to
// the host BLAS (so host_threads matters only there). Same algorithm and pivot rule as ?getrf2 (partial pivoting, first largest
// |a_ik|), so pivots and INFO are LAPACK's.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

#include "opencl_host_lapack.h"

namespace lapack_ai::opencl {

namespace host_lu {

// The default leaf width (opencl:/ib=N sets it): narrow leaves keep the rank-1 updates few, as
// they are memory-bound; wide ones leave fewer BLAS calls above them. At n = 16384 on the H200
// host (nb = 128, 4 threads) getrf took 0.376 s with 4-wide leaves, 0.453 s with 8 and 0.575 s
// with 16 (?getrf2: 0.449 s), all in one run (docs/PERFORMANCE.md).
inline constexpr int64_t kLeafColumns = 4;

// Swaps rows i and ipiv[i] - 1 (1-based, relative to a) for i in [k1, k2) over n columns.
template <typename T>
void SwapRows(T* a, int64_t lda, int64_t n, const lapack_int* ipiv, int64_t k1, int64_t k2) {
  for (int64_t j = 0; j < n; ++j) {
    T* col = a + j * lda;
    for (int64_t i = k1; i < k2; ++i) {
      const int64_t p = ipiv[i] - 1;
      if (p != i) std::swap(col[i], col[p]);
    }
  }
}

// Unblocked right-looking LU of an m x n leaf (?getf2's algorithm, ?getrf2's zero-pivot rule).
template <typename T>
lapack_int Leaf(int64_t m, int64_t n, T* a, int64_t lda, lapack_int* ipiv) {
  const T sfmin = std::numeric_limits<T>::min();
  lapack_int info = 0;
  for (int64_t k = 0; k < std::min(m, n); ++k) {
    T* ck = a + k * lda;
    const int64_t p = k + static_cast<int64_t>(HostIamax(m - k, ck + k));
    ipiv[k] = static_cast<lapack_int>(p + 1);
    if (ck[p] != T{0}) {
      SwapRows(a, lda, n, ipiv, k, k + 1);
      const T pivot = ck[k];
      if (std::abs(pivot) >= sfmin) {
        const T r = T{1} / pivot;
        for (int64_t i = k + 1; i < m; ++i) ck[i] *= r;
      } else {
        for (int64_t i = k + 1; i < m; ++i) ck[i] /= pivot;
      }
    } else if (info == 0) {
      info = static_cast<lapack_int>(k + 1);
    }
    for (int64_t j = k + 1; j < n; ++j) {
      T* cj = a + j * lda;
      const T f = cj[k];
      if (f == T{0}) continue;
      for (int64_t i = k + 1; i < m; ++i) cj[i] -= ck[i] * f;
    }
  }
  return info;
}

}  // namespace host_lu

/// LU with partial pivoting of the m x n panel a (m >= n), LAPACK's INFO and 1-based ipiv
/// relative to the panel, as ?getrf2 returns them.
/// Leaves are `leaf` columns wide.
template <typename T>
lapack_int HostPanelLu(int64_t m, int64_t n, T* a, int64_t lda, lapack_int* ipiv,
                       int64_t leaf = host_lu::kLeafColumns) {
  if (n <= leaf || m < n) return host_lu::Leaf(m, n, a, lda, ipiv);
  // The left part a multiple of the leaf width, so every leaf below is a full one.
  const int64_t n1 = std::max(leaf, (n / 2) / leaf * leaf);
  const int64_t n2 = n - n1;
  lapack_int info = HostPanelLu(m, n1, a, lda, ipiv, leaf);
  T* a12 = a + n1 * lda;
  host_lu::SwapRows(a12, lda, n2, ipiv, 0, n1);
  HostTrsmLowerUnit(n1, n2, a, lda, a12, lda);
  HostGemmSub(m - n1, n2, n1, a + n1, lda, a12, lda, a12 + n1, lda);
  const lapack_int info2 = HostPanelLu(m - n1, n2, a12 + n1, lda, ipiv + n1, leaf);
  if (info == 0 && info2 > 0) info = static_cast<lapack_int>(info2 + n1);
  for (int64_t i = n1; i < std::min(m, n); ++i) ipiv[i] += static_cast<lapack_int>(n1);
  host_lu::SwapRows(a, lda, n1, ipiv, n1, std::min(m, n));
  return info;
}

}  // namespace lapack_ai::opencl
