// The normwise gemm check shared by gemm and gemm_batched: BLAS++'s check_gemm.hh ratio
// ||C - Cref||_F / ((sqrt(k+2)|alpha| ||A||_F ||B||_F + 2|beta| ||C0||_F) eps), with either a full
// reference result or, for large sizes, the residual projected on a few random vectors.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <string>

#include "lapack_ai/op.h"
#include "lapack_ai/random.h"
#include "lapack_ai/types.h"
#include "norms.h"
#include "op_table.h"
#include "parallel_chunks.h"

namespace lapack_ai {

/// Above this many multiply-adds (per check) the full reference gemm (netlib, a few GFLOP/s)
/// would dominate the run, so the residual is projected instead.
inline constexpr double kFullCheckMaxMnk = 1ull << 30;
inline constexpr int kProjectionVectors = 4;

/// Operands of one gemm in column-major storage (op(A) is m x k, op(B) k x n).
template <typename T>
struct GemmOperands {
  Trans transa, transb;
  int64_t m, n, k;
  double alpha, beta;
  const T* a; int64_t lda;
  const T* b; int64_t ldb;
  const T* c0; const T* c; int64_t ldc;  ///< C before and after the call

  T A(int64_t i, int64_t l) const { return transa == Trans::kNoTrans ? a[i + l * lda] : a[l + i * lda]; }
  T B(int64_t l, int64_t j) const { return transb == Trans::kNoTrans ? b[l + j * ldb] : b[j + l * ldb]; }
};

/// A normwise gemm CheckResult before its formula and value: Frobenius norm, the epsilon
/// convention (eps = epsilon of T), threshold `tol` when > 0, else kGemmThreshold.
template <typename T>
CheckResult GemmCheckHeader(std::string name, double tol) {
  CheckResult r;
  r.name = std::move(name);
  r.norm = "fro";
  r.eps_name = "epsilon";
  r.eps = std::numeric_limits<T>::epsilon();
  r.threshold = tol > 0 ? tol : kGemmThreshold;
  return r;
}

/// The denominator of the ratio (without eps).
template <typename T>
double GemmDenominator(const GemmOperands<T>& g) {
  const int64_t ar = g.transa == Trans::kNoTrans ? g.m : g.k, ac = g.transa == Trans::kNoTrans ? g.k : g.m;
  const int64_t br = g.transb == Trans::kNoTrans ? g.k : g.n, bc = g.transb == Trans::kNoTrans ? g.n : g.k;
  const double anorm = FrobeniusNorm(ar, ac, g.a, g.lda);
  const double bnorm = FrobeniusNorm(br, bc, g.b, g.ldb);
  const double c0norm = FrobeniusNorm(g.m, g.n, g.c0, g.ldc);
  return std::sqrt(static_cast<double>(g.k) + 2.0) * std::fabs(g.alpha) * anorm * bnorm +
         2.0 * std::fabs(g.beta) * c0norm;
}

/// Estimate of ||C - (alpha op(A) op(B) + beta C0)||_F from E||D x||^2 = ||D||_F^2 ||x||^2 / n
/// for x with i.i.d. entries: sqrt(n) ||D X||_F / ||X||_F, in long double, O((m + k) n p) work.
/// The x87 loops run on every core, split by rows of B X and of D X so that each element sums
/// in the order one thread would (bit-identical results), and all p vectors share one pass over
/// C and A: at n = 32768 one-core passes took about a minute per backend.
template <typename T>
double ProjectedGemmResidual(const GemmOperands<T>& g, uint64_t seed) {
  Rng rng(seed);
  const int64_t p = kProjectionVectors;
  const auto at = [](int64_t i) { return static_cast<std::size_t>(i); };
  std::vector<long double> x(at(g.n * p));
  std::vector<long double> bx(at(g.k * p), 0.0L);
  long double xnorm2 = 0;
  for (auto& v : x) { v = rng.Normal(); xnorm2 += v * v; }
  ParallelChunks(g.k, g.k * g.n, [&](int64_t l0, int64_t l1) {
    for (int64_t j = 0; j < g.n; ++j)
      for (int64_t q = 0; q < p; ++q) {
        const long double xv = x[at(j + q * g.n)];
        for (int64_t l = l0; l < l1; ++l) bx[at(l + q * g.k)] += static_cast<long double>(g.B(l, j)) * xv;
      }
  });
  std::vector<long double> d(at(g.m * p), 0.0L);
  ParallelChunks(g.m, g.m * (g.n + g.k), [&](int64_t i0, int64_t i1) {
    for (int64_t j = 0; j < g.n; ++j)
      for (int64_t q = 0; q < p; ++q) {
        const long double xv = x[at(j + q * g.n)];
        for (int64_t i = i0; i < i1; ++i)
          d[at(i + q * g.m)] += (static_cast<long double>(g.c[i + j * g.ldc]) -
                                 g.beta * static_cast<long double>(g.c0[i + j * g.ldc])) * xv;
      }
    for (int64_t l = 0; l < g.k; ++l)
      for (int64_t q = 0; q < p; ++q) {
        const long double v = g.alpha * bx[at(l + q * g.k)];
        for (int64_t i = i0; i < i1; ++i) d[at(i + q * g.m)] -= static_cast<long double>(g.A(i, l)) * v;
      }
  });
  long double sum = 0;
  for (long double v : d) sum += v * v;
  if (xnorm2 == 0) return 0;
  return static_cast<double>(std::sqrt(sum * g.n / xnorm2));
}

}  // namespace lapack_ai
