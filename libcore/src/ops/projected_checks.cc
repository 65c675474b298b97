// Projected LAPACK checks: each residual matrix D (P L U - A, Q^T Q - I, ...) is applied to a
// block X of random vectors factor by factor, in long double with plain loops, and ||D||_F is
// estimated from D X. Numerator and denominator both use the Frobenius norm: for a dense A and
// the spread-out rounding error of a stable factorization, ||D||_F / ||A||_F and LAPACK's
// ||D||_1 / ||A||_1 agree within a small factor (both compare typical entry sizes), so LAPACK's
// thresholds keep their meaning, while a gross error in one entry or column still shows in D X.
#include "projected_checks.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "lapack_ai/random.h"
#include "norms.h"
#include "parallel_chunks.h"

namespace lapack_ai {
namespace {

constexpr int64_t kVectors = kProjectionVectors;

// Distinct streams of one case seed, so the residual and orthogonality blocks are independent.
LMatrix RandomStream(int64_t rows, uint64_t seed, uint64_t stream) {
  return RandomBlock(rows, seed + stream * 0x9e3779b97f4a7c15ULL);
}

void Subtract(LMatrix& a, const LMatrix& b) {
  for (int64_t q = 0; q < a.cols(); ++q)
    for (int64_t i = 0; i < a.rows(); ++i) a(i, q) -= b(i, q);
}

void ScaleRows(LMatrix& x, const std::vector<LD>& d) {
  for (int64_t q = 0; q < x.cols(); ++q)
    for (int64_t i = 0; i < x.rows(); ++i) x(i, q) *= d[static_cast<std::size_t>(i)];
}

template <typename T>
std::vector<LD> ToLongVector(const std::vector<T>& v, int64_t n) {
  return std::vector<LD>(v.begin(), v.begin() + n);
}

template <typename T>
LD FrobeniusOf(const Matrix<T>& a) {
  return static_cast<LD>(FrobeniusNorm(a.rows(), a.cols(), a.data(), a.ld()));
}

// ||Q^T Q - I||_F estimate for Q given by `apply(x, transpose)` on rows-long vectors.
template <typename Apply>
LD OrthogonalityEstimate(int64_t rows, uint64_t seed, Apply apply) {
  const LMatrix x = RandomStream(rows, seed, 1);
  LMatrix w = apply(x, false);
  w = apply(w, true);
  Subtract(w, x);
  return FrobeniusEstimate(w, x);
}

}  // namespace

bool UseProjectedCheck(const CaseParams& p, int64_t m, int64_t n) {
  const double mn = static_cast<double>(m) * static_cast<double>(n);
  return !p.full_check && mn * static_cast<double>(std::min(m, n)) > kFullCheckMaxMnk;
}

double ProjectedCheckElements(int64_t m, int64_t n) {
  return 4.0 * static_cast<double>(std::max(m, n)) * kVectors;
}

std::string ProjectedNote() {
  return fmt::format("projected check ({} random vectors, long double); --full-check multiplies the "
                     "factors out",
                     kVectors);
}

template <typename T>
double Norm1Of(const Matrix<T>& a) {
  LD best = 0;
  for (int64_t j = 0; j < a.cols(); ++j) {
    LD s = 0;
    for (int64_t i = 0; i < a.rows(); ++i) s += std::fabs(static_cast<LD>(a(i, j)));
    if (std::isnan(s)) return static_cast<double>(s);
    best = std::max(best, s);
  }
  return static_cast<double>(best);
}

template <typename T>
double SymNorm1LowerOf(const Matrix<T>& a) {
  const int64_t n = a.cols();
  std::vector<LD> col(static_cast<std::size_t>(n), 0.0L);
  for (int64_t j = 0; j < n; ++j)
    for (int64_t i = j; i < n; ++i) {
      const LD v = std::fabs(static_cast<LD>(a(i, j)));
      col[static_cast<std::size_t>(j)] += v;
      if (i != j) col[static_cast<std::size_t>(i)] += v;
    }
  LD best = 0;
  for (LD s : col) {
    if (std::isnan(s)) return static_cast<double>(s);
    best = std::max(best, s);
  }
  return static_cast<double>(best);
}

CheckResult Projected(CheckResult r) {
  r.norm = "fro";
  r.note = ProjectedNote();
  return r;
}

LMatrix RandomBlock(int64_t rows, uint64_t seed) {
  Rng rng(seed);
  LMatrix x(rows, kVectors);
  for (int64_t q = 0; q < kVectors; ++q)
    for (int64_t i = 0; i < rows; ++i) x(i, q) = rng.Normal();
  return x;
}

LD FrobeniusEstimate(const LMatrix& dx, const LMatrix& x) {
  LD d2 = 0, x2 = 0;
  for (int64_t q = 0; q < dx.cols(); ++q)
    for (int64_t i = 0; i < dx.rows(); ++i) d2 += dx(i, q) * dx(i, q);
  for (int64_t q = 0; q < x.cols(); ++q)
    for (int64_t i = 0; i < x.rows(); ++i) x2 += x(i, q) * x(i, q);
  if (x2 == 0) return std::isnan(d2) ? d2 : 0;
  return std::sqrt(d2 * static_cast<LD>(x.rows()) / x2);
}

template <typename T>
LMatrix TimesBlock(int64_t rows, int64_t cols, const T* a, int64_t lda, bool trans, const LMatrix& x) {
  const int64_t p = x.cols();
  LMatrix y(trans ? cols : rows, p);
  // One pass over A, all vectors at once: A is the large operand (memory bound at n = 16384).
  // Split by output rows (columns of A when transposed), so each y entry sums in one order.
  if (trans) {
    ParallelChunks(cols, rows * cols, [&](int64_t j0, int64_t j1) {
      for (int64_t j = j0; j < j1; ++j)
        for (int64_t i = 0; i < rows; ++i) {
          const LD v = static_cast<LD>(a[i + j * lda]);
          for (int64_t q = 0; q < p; ++q) y(j, q) += v * x(i, q);
        }
    });
  } else {
    ParallelChunks(rows, rows * cols, [&](int64_t i0, int64_t i1) {
      for (int64_t j = 0; j < cols; ++j)
        for (int64_t i = i0; i < i1; ++i) {
          const LD v = static_cast<LD>(a[i + j * lda]);
          for (int64_t q = 0; q < p; ++q) y(i, q) += v * x(j, q);
        }
    });
  }
  return y;
}

template <typename T>
void ApplyQBlock(const Matrix<T>& qr, const T* tau, int64_t k, LMatrix& x, bool transpose) {
  const int64_t m = qr.rows();
  // The vectors are independent: one thread per vector, each applying every reflector in turn.
  ParallelChunks(x.cols(), m * k, [&](int64_t q0, int64_t q1) {
    for (int64_t step = 0; step < k; ++step) {
      // Q^T = H_k ... H_1 applies H_1 first; Q = H_1 ... H_k applies H_k first.
      const int64_t j = transpose ? step : k - 1 - step;
      const LD t = static_cast<LD>(tau[j]);
      if (t == 0) continue;
      const T* v = qr.data() + j * qr.ld();
      for (int64_t q = q0; q < q1; ++q) {
        LD s = x(j, q);
        for (int64_t i = j + 1; i < m; ++i) s += static_cast<LD>(v[i]) * x(i, q);
        s *= t;
        x(j, q) -= s;
        for (int64_t i = j + 1; i < m; ++i) x(i, q) -= s * static_cast<LD>(v[i]);
      }
    }
  });
}

template <typename T>
double ProjectedLuRatio(const Matrix<T>& a0, const Matrix<T>& f, const std::vector<int32_t>& ipiv, uint64_t seed) {
  const int64_t m = f.rows(), n = f.cols(), k = std::min(m, n);
  const LMatrix x = RandomStream(n, seed, 0);
  LMatrix ux(k, kVectors), lux(m, kVectors);
  // By row chunks, each row summed over j in order: the same sums as one thread's.
  ParallelChunks(k, k * n, [&](int64_t i0, int64_t i1) {  // U X, U the k x n upper trapezoid
    for (int64_t j = i0; j < n; ++j)
      for (int64_t i = i0; i < std::min(i1, std::min(j, k - 1) + 1); ++i)
        for (int64_t q = 0; q < kVectors; ++q) ux(i, q) += static_cast<LD>(f(i, j)) * x(j, q);
  });
  ParallelChunks(m, m * k, [&](int64_t i0, int64_t i1) {  // L (U X), L the m x k unit lower trapezoid
    for (int64_t j = 0; j < std::min(k, i1); ++j)
      for (int64_t q = 0; q < kVectors; ++q) {
        const LD y = ux(j, q);
        if (j >= i0) lux(j, q) += y;
        for (int64_t i = std::max(i0, j + 1); i < i1; ++i) lux(i, q) += static_cast<LD>(f(i, j)) * y;
      }
  });
  for (int64_t i = k - 1; i >= 0; --i) {  // P: undo the interchanges, last first (DLASWP, incx -1)
    const int64_t p = ipiv[static_cast<std::size_t>(i)] - 1;
    if (p == i || p < 0 || p >= m) continue;
    for (int64_t q = 0; q < kVectors; ++q) std::swap(lux(i, q), lux(p, q));
  }
  Subtract(lux, TimesBlock(m, n, a0.data(), a0.ld(), false, x));
  return LapackRatio(FrobeniusEstimate(lux, x), static_cast<LD>(n), FrobeniusOf(a0),
                     EpsOf<T>(EpsKind::kUnitRoundoff));
}

template <typename T>
double ProjectedCholeskyRatio(const Matrix<T>& a0, const Matrix<T>& f, uint64_t seed) {
  const int64_t n = f.cols();
  const LMatrix x = RandomStream(n, seed, 0);
  LMatrix ltx(n, kVectors), d(n, kVectors);
  LD a2 = 0;
  for (int64_t j = 0; j < n; ++j)
    for (int64_t i = j; i < n; ++i) {
      const LD l = static_cast<LD>(f(i, j)), a = static_cast<LD>(a0(i, j));
      a2 += (i == j ? 1 : 2) * a * a;
      for (int64_t q = 0; q < kVectors; ++q) {
        ltx(j, q) += l * x(i, q);
        d(i, q) -= a * x(j, q);  // A X from A's lower triangle, as dpot01 reads it
        if (i != j) d(j, q) -= a * x(i, q);
      }
    }
  for (int64_t j = 0; j < n; ++j)
    for (int64_t i = j; i < n; ++i)
      for (int64_t q = 0; q < kVectors; ++q) d(i, q) += static_cast<LD>(f(i, j)) * ltx(j, q);
  return LapackRatio(FrobeniusEstimate(d, x), static_cast<LD>(n), std::sqrt(a2), EpsOf<T>(EpsKind::kUnitRoundoff));
}

template <typename T>
std::pair<double, double> ProjectedQrRatios(const Matrix<T>& a0, const Matrix<T>& f, const std::vector<T>& tau,
                                            uint64_t seed) {
  const int64_t m = f.rows(), n = f.cols(), k = std::min(m, n);
  const double eps = EpsOf<T>(EpsKind::kUnitRoundoff);
  const LD mm = static_cast<LD>(std::max<int64_t>(1, m));
  const LMatrix x = RandomStream(n, seed, 0);
  LMatrix qrx(m, kVectors);
  for (int64_t j = 0; j < n; ++j)  // R X, R the upper trapezoid (rows below k are zero)
    for (int64_t i = 0; i <= std::min(j, k - 1); ++i)
      for (int64_t q = 0; q < kVectors; ++q) qrx(i, q) += static_cast<LD>(f(i, j)) * x(j, q);
  ApplyQBlock(f, tau.data(), k, qrx, false);
  Subtract(qrx, TimesBlock(m, n, a0.data(), a0.ld(), false, x));
  const double residual = LapackRatio(FrobeniusEstimate(qrx, x), mm, FrobeniusOf(a0), eps);
  const LD orth = OrthogonalityEstimate(m, seed, [&](LMatrix v, bool transpose) {
    ApplyQBlock(f, tau.data(), k, v, transpose);
    return v;
  });
  return {residual, LapackRatio(orth, mm, 1, eps)};
}

template <typename T>
SvdRatios ProjectedSvdRatios(const Matrix<T>& a0, const Matrix<T>& u, const std::vector<T>& s,
                             const Matrix<T>& vt, uint64_t seed) {
  const int64_t m = a0.rows(), n = a0.cols(), k = std::min(m, n);
  const double ulp = EpsOf<T>(EpsKind::kUlp);
  const LMatrix x = RandomStream(n, seed, 0);
  LMatrix svx = TimesBlock(k, n, vt.data(), vt.ld(), false, x);
  ScaleRows(svx, ToLongVector(s, k));
  LMatrix d = TimesBlock(m, k, u.data(), u.ld(), false, svx);
  Subtract(d, TimesBlock(m, n, a0.data(), a0.ld(), false, x));
  SvdRatios r{};
  r.residual = LapackRatio(FrobeniusEstimate(d, x), static_cast<LD>(std::max<int64_t>({1, m, n})),
                           FrobeniusOf(a0), ulp);
  // U^T U - I and V^T V - I (V^T's rows), both k x k, as ddrvbd's dort01 calls.
  const LD ou = OrthogonalityEstimate(k, seed, [&](const LMatrix& v, bool transpose) {
    return TimesBlock(m, k, u.data(), u.ld(), transpose, v);
  });
  const LD ov = OrthogonalityEstimate(k, seed ^ 0x7654321ULL, [&](const LMatrix& v, bool transpose) {
    return TimesBlock(k, n, vt.data(), vt.ld(), !transpose, v);
  });
  r.orthogonality_u = LapackRatio(ou, static_cast<LD>(std::max<int64_t>(1, m)), 1, ulp);
  r.orthogonality_vt = LapackRatio(ov, static_cast<LD>(std::max<int64_t>(1, n)), 1, ulp);
  return r;
}

template <typename T>
std::pair<double, double> ProjectedEigRatios(const Matrix<T>& a0, const Matrix<T>& z, const std::vector<T>& w,
                                             uint64_t seed) {
  const int64_t n = a0.cols();
  const double ulp = EpsOf<T>(EpsKind::kUlp);
  const LD nn = static_cast<LD>(std::max<int64_t>(1, n));
  const LMatrix x = RandomStream(n, seed, 0);
  LMatrix ztx = TimesBlock(n, n, z.data(), z.ld(), true, x);
  ScaleRows(ztx, ToLongVector(w, n));
  LMatrix d = TimesBlock(n, n, z.data(), z.ld(), false, ztx);
  Subtract(d, TimesBlock(n, n, a0.data(), a0.ld(), false, x));
  const double residual = LapackRatio(FrobeniusEstimate(d, x), nn, FrobeniusOf(a0), ulp);
  // Z Z^T - I, as dsyt21 tests it: apply Z^T first, then Z.
  const LD orth = OrthogonalityEstimate(n, seed, [&](const LMatrix& v, bool transpose) {
    return TimesBlock(n, n, z.data(), z.ld(), !transpose, v);
  });
  return {residual, LapackRatio(orth, nn, 1, ulp)};
}

#define LAPACK_AI_PROJECTED(T)                                                                                \
  template double Norm1Of<T>(const Matrix<T>&);                                                               \
  template double SymNorm1LowerOf<T>(const Matrix<T>&);                                                       \
  template LMatrix TimesBlock<T>(int64_t, int64_t, const T*, int64_t, bool, const LMatrix&);                 \
  template void ApplyQBlock<T>(const Matrix<T>&, const T*, int64_t, LMatrix&, bool);                          \
  template double ProjectedLuRatio<T>(const Matrix<T>&, const Matrix<T>&, const std::vector<int32_t>&,        \
                                      uint64_t);                                                              \
  template double ProjectedCholeskyRatio<T>(const Matrix<T>&, const Matrix<T>&, uint64_t);                   \
  template std::pair<double, double> ProjectedQrRatios<T>(const Matrix<T>&, const Matrix<T>&,                 \
                                                          const std::vector<T>&, uint64_t);                   \
  template SvdRatios ProjectedSvdRatios<T>(const Matrix<T>&, const Matrix<T>&, const std::vector<T>&,         \
                                           const Matrix<T>&, uint64_t);                                       \
  template std::pair<double, double> ProjectedEigRatios<T>(const Matrix<T>&, const Matrix<T>&,                \
                                                           const std::vector<T>&, uint64_t);
LAPACK_AI_PROJECTED(float)
LAPACK_AI_PROJECTED(double)
#undef LAPACK_AI_PROJECTED

}  // namespace lapack_ai
