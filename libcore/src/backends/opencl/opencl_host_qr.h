// geqrf's host panel as a parallel-cache-assignment QR (Castaldo and Whaley): ?geqrf factors an
// m x nb panel by ?geqr2, two memory-bound BLAS-2 calls (GEMV, GER) per column, and each call
// wakes OpenBLAS's threads and streams the panel through whichever cores it picks; on the H200
// host at n = 16384 the panels were 0.62-0.69 s of the hybrid's 0.80-0.85 s. Here a fixed team of
// threads each owns a contiguous block of the panel's rows for the whole panel, so its rows stay
// in its own cache, and the threads meet once per column (see HostPanelQr): 0.54 s of panels,
// 1.11x [1.05, 1.16] the whole geqrf's speed in the same run (docs/PERFORMANCE.md). The
// reflectors follow ?larfg's conventions (beta = -sign(alpha) ||x||, tau = (beta - alpha) / beta,
// v(0) = 1), and T of the block reflector is formed from the same dot products, as
// ?larft('F', 'C') defines it. (A recursive QR with single-threaded leaves, ?geqrt3's recursion,
// took 1.36 s there.)
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "opencl_host_lapack.h"
#include "opencl_host_team.h"

namespace lapack_ai::opencl {

namespace host_qr {

// Fewer rows than this per thread and the meetings cost more than the threads save.
inline constexpr int64_t kMinRowsPerThread = 512;

// x^T y with eight partial sums: a single running sum is a dependency chain the compiler may not
// reorder (no -ffast-math), so it would run one element per add latency.
template <typename T>
T Dot(int64_t n, const T* x, const T* y) {
  T acc[8] = {};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (int l = 0; l < 8; ++l) acc[l] += x[i + l] * y[i + l];
  for (; i < n; ++i) acc[0] += x[i] * y[i];
  return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
}

// ?larfg's reflector from alpha and ||x||^2 = ssq, when a plain sum of squares is safe: ssq
// neither overflowed nor came near underflow (else the caller runs ?larfg itself, with its
// scaled norm and its rescaling of tiny columns). Returns false for those cases.
template <typename T>
bool Reflector(T alpha, T ssq, T& beta, T& tau, T& scale) {
  constexpr T kSafe = std::numeric_limits<T>::min() / std::numeric_limits<T>::epsilon();
  if (!(ssq >= kSafe / std::numeric_limits<T>::epsilon()) || !std::isfinite(ssq)) return false;
  const T xnorm = std::sqrt(ssq);
  const T big = std::max(std::abs(alpha), xnorm), small = std::min(std::abs(alpha), xnorm);
  beta = -std::copysign(big * std::sqrt(T{1} + (small / big) * (small / big)), alpha);
  if (std::abs(beta) < kSafe || !std::isfinite(beta)) return false;
  tau = (beta - alpha) / beta;
  scale = T{1} / (alpha - beta);
  return true;
}

}  // namespace host_qr

/// QR of the m x n panel a (m >= n) in LAPACK's layout (R on and above the diagonal, the
/// reflectors below, tau), and the n x n T of its block reflector H = I - V T V^T in t (ld ldt,
/// zeros below the diagonal), as ?geqrf + ?larft return them; on up to team.size() threads, at
/// least min_rows rows each.
///
/// One meeting per column k: before it, each thread adds up, over its rows below k, the squares
/// of x = a(k+1:, k) and x's dot products with every other column, and the owner of row k
/// publishes that row. ?larfg's v is (1, x / (alpha - beta)), so v^T a_j = a_kj + (x^T a_j) /
/// (alpha - beta): after the meeting every thread has all it needs to scale its rows of x and
/// update its rows of the columns to the right, and thread 0 the column of T.
template <typename T>
void HostPanelQr(int64_t m, int64_t n, T* a, int64_t lda, T* tau, T* t, int64_t ldt, HostTeam& team,
                 int64_t min_rows = host_qr::kMinRowsPerThread) {
  const int threads = static_cast<int>(std::clamp<int64_t>(m / std::max<int64_t>(min_rows, 1), 1, team.size()));
  // Per rank, for column k: [0] the sum of squares of x, [1 + j] x^T a_j over its rows; after
  // the ranks, row k. Whole cache lines per rank, so a rank's writes do not invalidate the line
  // its neighbour writes; two sets, by the parity of k, so a rank publishing for k + 1 never
  // overwrites what a slower one still reads for k.
  constexpr std::size_t kLine = 64 / sizeof(T);
  const auto nn = static_cast<std::size_t>(n), ranks1 = static_cast<std::size_t>(threads + 1);
  const std::size_t stride = (nn + 1 + kLine - 1) / kLine * kLine;
  std::vector<T> storage(2 * stride * ranks1 + kLine);
  T* slots0 = storage.data();
  while (reinterpret_cast<std::uintptr_t>(slots0) % 64 != 0) ++slots0;
  auto slot = [&](int64_t k, std::size_t rank) { return slots0 + stride * ((static_cast<std::size_t>(k) & 1) * ranks1 + rank); };
  auto col = [a, lda](int64_t j) { return a + j * lda; };
  team.Run(threads, [&](int rank, int ranks) {
    const int64_t r0 = m * rank / ranks, r1 = m * (rank + 1) / ranks;
    const auto me = static_cast<std::size_t>(rank), nr = static_cast<std::size_t>(ranks);
    auto sum = [&](int64_t k, std::size_t i) {
      T s{0};
      for (std::size_t p = 0; p < nr; ++p) s += slot(k, p)[i];
      return s;
    };
    // This rank's rows of x = a(k+1:, k) against x itself and every other column.
    auto publish = [&](int64_t k, const T* v) {
      T* mine = slot(k, me);
      const int64_t lo = std::max(r0, k + 1);
      for (int64_t j = 0; j < n; ++j)
        mine[1 + j] = j == k || lo >= r1 ? T{0} : host_qr::Dot(r1 - lo, v + lo, col(j) + lo);
      mine[0] = lo < r1 ? host_qr::Dot(r1 - lo, v + lo, v + lo) : T{0};
      if (r0 <= k && k < r1)
        for (int64_t j = 0; j < n; ++j) slot(k, nr)[j] = a[k + j * lda];
    };
    for (int64_t k = 0; k < n; ++k) {
      T* v = col(k);
      const int64_t lo = std::max(r0, k + 1);  // this rank's rows of x, below row k
      const bool owner = r0 <= k && k < r1;    // this rank holds row k
      publish(k, v);
      team.Barrier();
      const T* row_k = slot(k, nr);
      // Every rank derives the same reflector from the same numbers in the same order. The
      // last row's reflector is H = I (tau = 0), as ?larfg's for n = 1.
      T beta{0}, tk{0}, scale{1};
      if (k + 1 < m && !host_qr::Reflector(row_k[k], sum(k, 0), beta, tk, scale)) {
        // ?larfg scales x itself (tiny or huge columns); then the dot products are redone with
        // v, in the slots every rank has finished reading.
        if (rank == 0) HostLarfg(m - k, v + k, v + k + 1, tau + k);
        team.Barrier();
        tk = tau[k];
        scale = T{1};
        publish(k, v);
        team.Barrier();
      } else {
        if (rank == 0) tau[k] = tk;
        if (tk != T{0}) {
          for (int64_t r = lo; r < r1; ++r) v[r] *= scale;
          if (owner) v[k] = beta;
        }
      }
      if (tk == T{0}) {  // H_k = I: nothing to update, and T's column k is zero
        if (rank == 0)
          for (int64_t i = 0; i < k; ++i) t[i + k * ldt] = T{0};
        continue;
      }
      // v^T a_j = a_kj + scale (x^T a_j): columns j > k for the update, reflectors i < k for T.
      for (int64_t j = k + 1; j < n; ++j) {
        const T w = tk * (row_k[j] + scale * sum(k, static_cast<std::size_t>(1 + j)));
        T* cj = col(j);
        for (int64_t r = lo; r < r1; ++r) cj[r] -= v[r] * w;
        if (owner) cj[k] -= w;
      }
      if (rank == 0)
        for (int64_t i = 0; i < k; ++i) t[i + k * ldt] = row_k[i] + scale * sum(k, static_cast<std::size_t>(1 + i));
    }
  });
  // T(0:k,k) = -tau_k T(0:k,0:k) (V^T v_k), in place from the top (row i reads rows >= i).
  for (int64_t k = 0; k < n; ++k) {
    for (int64_t i = 0; i < k; ++i) {
      T s{0};
      for (int64_t r = i; r < k; ++r) s += t[i + r * ldt] * t[r + k * ldt];
      t[i + k * ldt] = -tau[k] * s;
    }
    t[k + k * ldt] = tau[k];
    for (int64_t i = k + 1; i < n; ++i) t[i + k * ldt] = T{0};
  }
}

}  // namespace lapack_ai::opencl
