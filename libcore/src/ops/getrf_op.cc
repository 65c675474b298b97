// getrf described once: LU with partial pivoting of a generated m x n matrix, checked with
// LAPACK's dget01 ratio ||P L U - A||_1 / (n ||A||_1 eps) (projected on random vectors for large
// cases, projected_checks.h) and the INFO the matrix type implies.
#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_case_util.h"
#include "lapack_flops.h"
#include "op_table.h"
#include "projected_checks.h"

namespace lapack_ai {
namespace {

template <typename T>
struct GetrfWork {
  Matrix<T> a;
  std::vector<int32_t> ipiv;
  Call call;
};

/// P L U of a getrf result (ipiv 1-based), in long double.
template <typename T>
LMatrix ReconstructLu(const Matrix<T>& f, const std::vector<int32_t>& ipiv) {
  const int64_t m = f.rows(), n = f.cols(), k = std::min(m, n);
  LMatrix l(m, k), u(k, n);
  for (int64_t j = 0; j < k; ++j) {
    l(j, j) = 1;
    for (int64_t i = j + 1; i < m; ++i) l(i, j) = f(i, j);
  }
  for (int64_t j = 0; j < n; ++j)
    for (int64_t i = 0; i <= std::min(j, k - 1); ++i) u(i, j) = f(i, j);
  LMatrix lu = Multiply(l, false, u, false);
  for (int64_t i = k - 1; i >= 0; --i) {  // undo the interchanges, last first (DLASWP, incx -1)
    const int64_t p = ipiv[static_cast<std::size_t>(i)] - 1;
    if (p == i || p < 0 || p >= m) continue;
    for (int64_t j = 0; j < n; ++j) std::swap(lu(i, j), lu(p, j));
  }
  return lu;
}

template <typename T>
class GetrfCase final : public LapackCase<T, GetrfWork<T>> {
 public:
  explicit GetrfCase(const CaseParams& p) : LapackCase<T, GetrfWork<T>>("getrf"), p_(p) {
    spec_ = ParseMatrixSpec(p.matrix, MatrixKind::kGeneral, p.m, p.n, p.cond,
                            std::numeric_limits<T>::epsilon());
    a0_ = GenerateMatrix<T>(spec_, MatrixKind::kGeneral, p.m, p.n, CaseSeed(p.seed, p.Key()));
    this->Screen("A", a0_);
  }

  double Flops() const override { return flops::Getrf(static_cast<double>(p_.m), static_cast<double>(p_.n)); }

 protected:
  std::unique_ptr<GetrfWork<T>> MakeWork() const override {
    auto w = std::make_unique<GetrfWork<T>>();
    w->a = a0_;
    w->ipiv.assign(static_cast<std::size_t>(std::max<int64_t>(1, std::min(p_.m, p_.n))), 0);
    w->call = GetrfCall<T>{p_.m, p_.n, w->a.data(), w->a.ld(), w->ipiv.data()};
    return w;
  }

  std::vector<CheckResult> Evaluate(GetrfWork<T>& w, double tol) override {
    const int64_t info = std::get<GetrfCall<T>>(w.call).info;
    // An exactly zero column j <= min(m, n) stays zero under elimination: U(j,j) = 0 exactly.
    const int64_t k = std::min(p_.m, p_.n);
    const int64_t expected = (spec_.zero_first >= 0 && spec_.zero_first < k) ? spec_.zero_first + 1 : 0;
    std::vector<CheckResult> out;
    std::string warning;
    if (info >= 0) {
      out.push_back(Residual(w, tol));
      if (info == 0 && p_.m == p_.n) warning = LuConditionWarning(w.a, p_.n, Norm1Of(a0_));
    }
    out.push_back(ExpectedInfoCheck("getrf", w.call, expected, spec_.type, warning));
    return out;
  }

 private:
  CheckResult Residual(const GetrfWork<T>& w, double tol) const {
    const double eps = EpsOf<T>(EpsKind::kUnitRoundoff);
    if (UseProjectedCheck(p_, p_.m, p_.n)) {
      return Projected(MakeCheck("getrf_residual",
                                 "sqrt(n) ||(P L U - A) X||_F / ||X||_F / (n ||A||_F eps), X: n x 4 random "
                                 "(dget01 projected)",
                                 EpsKind::kUnitRoundoff, eps,
                                 ProjectedLuRatio(a0_, w.a, w.ipiv, CaseSeed(p_.seed ^ 0x5eed, p_.Key())),
                                 kLinThreshold, tol));
    }
    const LMatrix a = ToLong(a0_);
    const LD resid = Norm1Diff(ReconstructLu(w.a, w.ipiv), a);
    return MakeCheck("getrf_residual", "||P L U - A||_1 / (n ||A||_1 eps) (dget01)", EpsKind::kUnitRoundoff, eps,
                     LapackRatio(resid, static_cast<LD>(p_.n), Norm1(a), eps), kLinThreshold, tol);
  }

  CaseParams p_;
  MatrixSpec spec_;
  Matrix<T> a0_;
};

// Checks the parameters (UsageError), then builds the case.
std::unique_ptr<OpCase> MakeGetrf(const CaseParams& p) {
  if (p.m < 0 || p.n < 0) throw UsageError(fmt::format("getrf: dimensions must be >= 0, got {}x{}", p.m, p.n));
  return MakeTypedCase<GetrfCase>(p);
}

}  // namespace

const OpDescription& GetrfDescription() {
  static const TableOp op("getrf", {"m", "n", "matrix", "cond"}, kLinThreshold, &MakeGetrf,
                          [](const CaseParams& p) {
                            const double mn = static_cast<double>(p.m) * static_cast<double>(p.n);
                            // L, U and their product in long double for dget01
                            const double check =
                                UseProjectedCheck(p, p.m, p.n) ? ProjectedCheckElements(p.m, p.n) : 3 * mn;
                            return LapackMemory(p, mn, mn + static_cast<double>(std::min(p.m, p.n)), check, mn);
                          });
  return op;
}

}  // namespace lapack_ai
