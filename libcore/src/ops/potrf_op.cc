// potrf described once: Cholesky A = L L^T (uplo 'L') of a generated SPD matrix, checked with
// LAPACK's dpot01 ratio ||L L^T - A||_1 / (n ||A||_1 eps) (projected for large cases) and the INFO
// the matrix type implies (zero rows/columns and the indefinite "sym" type must be reported as
// not SPD).
#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_case_util.h"
#include "lapack_flops.h"
#include "op_table.h"
#include "projected_checks.h"

namespace lapack_ai {
namespace {

template <typename T>
struct PotrfWork {
  Matrix<T> a;
  Call call;
};

/// L L^T - A on the lower triangle (dpot01), 1-norm of that symmetric difference.
template <typename T>
LD CholeskyResidual(const Matrix<T>& f, const LMatrix& a) {
  const int64_t n = a.rows();
  LMatrix l(n, n);
  for (int64_t j = 0; j < n; ++j)
    for (int64_t i = j; i < n; ++i) l(i, j) = f(i, j);
  LMatrix d = Multiply(l, false, l, true);
  for (int64_t j = 0; j < n; ++j)
    for (int64_t i = j; i < n; ++i) d(i, j) -= a(i, j);
  return SymNorm1Lower(d);
}

template <typename T>
class PotrfCase final : public LapackCase<T, PotrfWork<T>> {
 public:
  explicit PotrfCase(const CaseParams& p) : LapackCase<T, PotrfWork<T>>("potrf"), p_(p) {
    spec_ = ParseMatrixSpec(p.matrix, MatrixKind::kSpd, p.n, p.n, p.cond, std::numeric_limits<T>::epsilon());
    a0_ = GenerateMatrix<T>(spec_, MatrixKind::kSpd, p.n, p.n, CaseSeed(p.seed, p.Key()));
    this->Screen("A", a0_);
  }

  double Flops() const override { return flops::Potrf(static_cast<double>(p_.n)); }

 protected:
  std::unique_ptr<PotrfWork<T>> MakeWork() const override {
    auto w = std::make_unique<PotrfWork<T>>();
    w->a = a0_;
    w->call = PotrfCall<T>{'L', p_.n, w->a.data(), w->a.ld()};
    return w;
  }

  std::vector<CheckResult> Evaluate(PotrfWork<T>& w, double tol) override {
    const int64_t info = std::get<PotrfCall<T>>(w.call).info;
    const int64_t expected = ExpectedSpdInfo(spec_, p_.n);
    std::vector<CheckResult> out;
    std::string warning;
    if (info == 0) {
      out.push_back(Residual(w, tol));
      warning = CholConditionWarning(w.a, p_.n, SymNorm1LowerOf(a0_));
    }
    out.push_back(ExpectedInfoCheck("potrf", w.call, expected, spec_.type, warning));
    return out;
  }

 private:
  CheckResult Residual(const PotrfWork<T>& w, double tol) const {
    const double eps = EpsOf<T>(EpsKind::kUnitRoundoff);
    if (UseProjectedCheck(p_, p_.n, p_.n)) {
      return Projected(MakeCheck("potrf_residual",
                                 "sqrt(n) ||(L L^T - A) X||_F / ||X||_F / (n ||A||_F eps), X: n x 4 random "
                                 "(dpot01 projected)",
                                 EpsKind::kUnitRoundoff, eps,
                                 ProjectedCholeskyRatio(a0_, w.a, CaseSeed(p_.seed ^ 0x5eed, p_.Key())),
                                 kLinThreshold, tol));
    }
    const LMatrix a = ToLong(a0_);
    return MakeCheck("potrf_residual", "||L L^T - A||_1 / (n ||A||_1 eps) (dpot01)", EpsKind::kUnitRoundoff, eps,
                     LapackRatio(CholeskyResidual(w.a, a), static_cast<LD>(p_.n), SymNorm1Lower(a), eps),
                     kLinThreshold, tol);
  }

  CaseParams p_;
  MatrixSpec spec_;
  Matrix<T> a0_;
};

// Checks the parameters (UsageError), then builds the case.
std::unique_ptr<OpCase> MakePotrf(const CaseParams& p) {
  if (p.n < 0) throw UsageError(fmt::format("potrf: n must be >= 0, got {}", p.n));
  return MakeTypedCase<PotrfCase>(p);
}

}  // namespace

const OpDescription& PotrfDescription() {
  static const TableOp op("potrf", {"n", "matrix", "cond"}, kLinThreshold, &MakePotrf,
                          [](const CaseParams& p) {
                            const double n2 = static_cast<double>(p.n) * static_cast<double>(p.n);
                            // L, L L^T, A (dpot01)
                            const double check =
                                UseProjectedCheck(p, p.n, p.n) ? ProjectedCheckElements(p.n, p.n) : 3 * n2;
                            return LapackMemory(p, n2, n2, check, n2);
                          });
  return op;
}

}  // namespace lapack_ai
