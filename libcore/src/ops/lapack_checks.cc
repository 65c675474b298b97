// Long double kernels behind the LAPACK checks. Plain loops: they run once per case and must
// not depend on the BLAS under test.
#include "lapack_checks.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "backends/lib/fortran.h"
#include "backends/lib/lib_backend.h"
#include "lapack_case.h"

namespace lapack_ai {

LD Norm1(const LMatrix& a) {
  LD best = 0;
  for (int64_t j = 0; j < a.cols(); ++j) {
    LD s = 0;
    for (int64_t i = 0; i < a.rows(); ++i) s += std::fabs(a(i, j));
    if (std::isnan(s)) return s;
    best = std::max(best, s);
  }
  return best;
}

LD Norm1Diff(const LMatrix& a, const LMatrix& b) {
  LD best = 0;
  for (int64_t j = 0; j < a.cols(); ++j) {
    LD s = 0;
    for (int64_t i = 0; i < a.rows(); ++i) s += std::fabs(a(i, j) - b(i, j));
    if (std::isnan(s)) return s;
    best = std::max(best, s);
  }
  return best;
}

LD SymNorm1Lower(const LMatrix& a) {
  const int64_t n = a.cols();
  std::vector<LD> col(static_cast<std::size_t>(n), 0.0L);
  for (int64_t j = 0; j < n; ++j)
    for (int64_t i = j; i < n; ++i) {
      const LD v = std::fabs(a(i, j));
      col[static_cast<std::size_t>(j)] += v;
      if (i != j) col[static_cast<std::size_t>(i)] += v;
    }
  LD best = 0;
  for (LD s : col) {
    if (std::isnan(s)) return s;
    best = std::max(best, s);
  }
  return best;
}

LD MaxAbs(const LMatrix& a) {
  LD best = 0;
  for (int64_t j = 0; j < a.cols(); ++j)
    for (int64_t i = 0; i < a.rows(); ++i) {
      if (std::isnan(a(i, j))) return a(i, j);
      best = std::max(best, std::fabs(a(i, j)));
    }
  return best;
}

LMatrix Multiply(const LMatrix& a, bool ta, const LMatrix& b, bool tb) {
  const int64_t m = ta ? a.cols() : a.rows();
  const int64_t k = ta ? a.rows() : a.cols();
  const int64_t n = tb ? b.rows() : b.cols();
  LMatrix c(m, n);
  for (int64_t j = 0; j < n; ++j)
    for (int64_t l = 0; l < k; ++l) {
      const LD blj = tb ? b(j, l) : b(l, j);
      if (blj == 0) continue;
      if (ta) {
        for (int64_t i = 0; i < m; ++i) c(i, j) += a(l, i) * blj;
      } else {
        for (int64_t i = 0; i < m; ++i) c(i, j) += a(i, l) * blj;
      }
    }
  return c;
}

LD OrthogonalityResidual(const LMatrix& q, bool rows) {
  LMatrix g = rows ? Multiply(q, false, q, true) : Multiply(q, true, q, false);
  for (int64_t i = 0; i < g.rows(); ++i) g(i, i) -= 1;
  return Norm1(g);
}

void HouseholderQr(LMatrix& a, std::vector<LD>& tau) {
  const int64_t m = a.rows(), n = a.cols(), k = std::min(m, n);
  tau.assign(static_cast<std::size_t>(k), 0.0L);
  for (int64_t j = 0; j < k; ++j) {
    LD xnorm2 = 0;
    for (int64_t i = j + 1; i < m; ++i) xnorm2 += a(i, j) * a(i, j);
    const LD alpha = a(j, j);
    if (xnorm2 == 0) continue;  // H = I, as DLARFG does
    const LD beta = -std::copysign(std::sqrt(alpha * alpha + xnorm2), alpha);
    tau[static_cast<std::size_t>(j)] = (beta - alpha) / beta;
    for (int64_t i = j + 1; i < m; ++i) a(i, j) /= (alpha - beta);
    a(j, j) = beta;
    for (int64_t c = j + 1; c < n; ++c) {
      LD s = a(j, c);
      for (int64_t i = j + 1; i < m; ++i) s += a(i, j) * a(i, c);
      s *= tau[static_cast<std::size_t>(j)];
      a(j, c) -= s;
      for (int64_t i = j + 1; i < m; ++i) a(i, c) -= s * a(i, j);
    }
  }
}

void ApplyQ(const LMatrix& qr, const std::vector<LD>& tau, LMatrix& c, bool transpose) {
  const int64_t m = qr.rows(), k = static_cast<int64_t>(tau.size());
  for (int64_t step = 0; step < k; ++step) {
    // Q^T = H_k ... H_1 applies H_1 first; Q = H_1 ... H_k applies H_k first.
    const int64_t j = transpose ? step : k - 1 - step;
    const LD t = tau[static_cast<std::size_t>(j)];
    if (t == 0) continue;
    for (int64_t col = 0; col < c.cols(); ++col) {
      LD s = c(j, col);
      for (int64_t i = j + 1; i < m; ++i) s += qr(i, j) * c(i, col);
      s *= t;
      c(j, col) -= s;
      for (int64_t i = j + 1; i < m; ++i) c(i, col) -= s * qr(i, j);
    }
  }
}

double LapackRatio(LD resid, LD scale, LD norm, double eps) {
  if (std::isnan(resid) || std::isnan(norm)) return std::numeric_limits<double>::quiet_NaN();
  if (norm <= 0 || scale <= 0) return resid == 0 ? 0.0 : 1.0 / eps;
  // Divided in steps, as LAPACK's checkers do, so no intermediate overflows.
  return static_cast<double>(((resid / scale) / norm) / static_cast<LD>(eps));
}

double SolveRatio(const LMatrix& a, const LMatrix& x, const LMatrix& b, LD anorm, double eps) {
  const LMatrix ax = Multiply(a, false, x, false);
  double worst = 0;
  for (int64_t j = 0; j < b.cols(); ++j) {
    LD r = 0, xn = 0;
    for (int64_t i = 0; i < b.rows(); ++i) r += std::fabs(b(i, j) - ax(i, j));
    for (int64_t i = 0; i < x.rows(); ++i) xn += std::fabs(x(i, j));
    const double v = LapackRatio(r, xn, anorm, eps);
    if (std::isnan(v)) return v;
    worst = std::max(worst, v);
  }
  return worst;
}

CheckResult MakeCheck(std::string name, std::string formula, EpsKind eps_kind, double eps,
                      double value, double threshold, double tol) {
  CheckResult r;
  r.name = std::move(name);
  r.formula = std::move(formula);
  r.norm = "one";
  r.eps_name = eps_kind == EpsKind::kUlp ? "epsilon" : "unit_roundoff";
  r.eps = eps;
  r.value = value;
  r.threshold = tol > 0 ? tol : threshold;
  r.passed = std::isfinite(value) && value < r.threshold;
  return r;
}

CheckResult MakeInfoCheck(std::string routine, int64_t info, int64_t expected, std::string note) {
  CheckResult r;
  r.name = routine + "_info";
  r.norm = "none";
  r.eps_name = "none";
  r.value = static_cast<double>(info);
  if (expected < 0) {
    r.formula = "INFO > 0 (the matrix type is singular / not SPD: LAPACK must report it)";
    r.passed = info > 0;
  } else {
    r.formula = fmt::format("INFO == {} (expected for this matrix type)", expected);
    r.passed = info == expected;
  }
  r.threshold = static_cast<double>(expected);
  r.note = std::move(note);
  return r;
}

}  // namespace lapack_ai

// ---- Condition estimates (reference library) and notes; declared in lapack_case.h.

namespace lapack_ai {
namespace {

template <typename T>
using ConFn = void (*)(const char*, const int*, const T*, const int*, const T*, T*, T*, int*, int*,
                       fortran::StrLen);

template <typename T>
double Estimate(const char* routine, char norm_or_uplo, int64_t n, const T* a, int64_t lda,
                double anorm) {
  if (n == 0) return 1;
  const std::string name = std::string(sizeof(T) == 4 ? "s" : "d") + routine;
  auto fn = lib::ReferenceLibrary()->Fn<ConFn<T>>(name);
  const int nn = fortran::ToInt(n, "n"), ld = fortran::ToInt(lda, "lda");
  const T an = static_cast<T>(anorm);
  T rcond = 0;
  std::vector<T> work(static_cast<std::size_t>(4 * n));
  std::vector<int> iwork(static_cast<std::size_t>(n));
  int info = 0;
  fn(&norm_or_uplo, &nn, a, &ld, &an, &rcond, work.data(), iwork.data(), &info, 1);
  if (info != 0 || !(rcond > 0)) return std::numeric_limits<double>::infinity();
  return 1.0 / static_cast<double>(rcond);
}

}  // namespace

template <typename T>
double EstimateCondLu(int64_t n, const T* lu, int64_t lda, double anorm) {
  return Estimate<T>("gecon", '1', n, lu, lda, anorm);
}
template <typename T>
double EstimateCondChol(int64_t n, const T* l, int64_t lda, double anorm) {
  return Estimate<T>("pocon", 'L', n, l, lda, anorm);
}
template <typename T>
double EstimateCondTri(char uplo, int64_t n, const T* a, int64_t lda) {
  using Fn = void (*)(const char*, const char*, const char*, const int*, const T*, const int*, T*, T*, int*,
                      int*, fortran::StrLen, fortran::StrLen, fortran::StrLen);
  if (n == 0) return 1;
  auto fn = lib::ReferenceLibrary()->Fn<Fn>(sizeof(T) == 4 ? "strcon" : "dtrcon");
  const int nn = fortran::ToInt(n, "n"), ld = fortran::ToInt(lda, "lda");
  T rcond = 0;
  std::vector<T> work(static_cast<std::size_t>(3 * n));
  std::vector<int> iwork(static_cast<std::size_t>(n));
  int info = 0;
  fn("1", &uplo, "N", &nn, a, &ld, &rcond, work.data(), iwork.data(), &info, 1, 1, 1);
  if (info != 0 || !(rcond > 0)) return std::numeric_limits<double>::infinity();
  return 1.0 / static_cast<double>(rcond);
}
template double EstimateCondTri<float>(char, int64_t, const float*, int64_t);
template double EstimateCondTri<double>(char, int64_t, const double*, int64_t);
template double EstimateCondLu<float>(int64_t, const float*, int64_t, double);
template double EstimateCondLu<double>(int64_t, const double*, int64_t, double);
template double EstimateCondChol<float>(int64_t, const float*, int64_t, double);
template double EstimateCondChol<double>(int64_t, const double*, int64_t, double);

std::string IllConditionedWarning(double cond, double epsilon, const char* how) {
  if (!(cond > 1.0 / std::sqrt(epsilon))) return "";
  return fmt::format("warning: A is ill-conditioned, estimated cond_1(A) = {:.2g} ({} on the "
                     "computed factor); expect about {:.0f} of {:.0f} significant digits lost in "
                     "a solve",
                     cond, how, std::min(std::log10(cond), -std::log10(epsilon)),
                     -std::log10(epsilon));
}

std::string JoinNotes(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts)
    if (!p.empty()) out += (out.empty() ? "" : "; ") + p;
  return out;
}

}  // namespace lapack_ai
