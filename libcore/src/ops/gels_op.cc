// gels described once: least squares (m >= n) or minimum norm (m < n) solution of A X = B with
// B = A X0 (LAPACK ddrvls' consistent right-hand side), checked with dqrt16 (residual), dqrt17
// (normal equations, m >= n) and dqrt14 (X in the row space of A, m < n).
#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_case_util.h"
#include "lapack_flops.h"
#include "op_table.h"

namespace lapack_ai {
namespace {

// LAPACK's DLS matrices are well conditioned; above this the row-space test also divides by
// cond(A), because the row space of a backward-stable factor moves by about eps * cond(A).
constexpr double kRowSpaceCondScale = 100;

template <typename T>
struct GelsWork {
  Matrix<T> a, b;
  Call call;
};

template <typename T>
class GelsCase final : public LapackCase<T, GelsWork<T>> {
 public:
  explicit GelsCase(const CaseParams& p) : LapackCase<T, GelsWork<T>>("gels"), p_(p) {
    spec_ = ParseMatrixSpec(p.matrix, MatrixKind::kGeneral, p.m, p.n, p.cond, std::numeric_limits<T>::epsilon());
    if (spec_.zero_cols && p.m < p.n) {
      throw UsageError(fmt::format("--matrix: invalid value '{}' for gels {}x{}: zero columns keep an "
                                   "underdetermined A at full row rank; use m >= n",
                                   p.matrix, p.m, p.n));
    }
    const uint64_t seed = CaseSeed(p.seed, p.Key());
    a0_ = GenerateMatrix<T>(spec_, MatrixKind::kGeneral, p.m, p.n, seed);
    b0_ = ConsistentRhs(a0_, p.nrhs, seed);
    this->Screen("A", a0_);
    this->Screen("B", b0_);
  }

  double Flops() const override {
    return flops::Gels(static_cast<double>(p_.m), static_cast<double>(p_.n), static_cast<double>(p_.nrhs));
  }

 protected:
  std::unique_ptr<GelsWork<T>> MakeWork() const override {
    auto w = std::make_unique<GelsWork<T>>();
    w->a = a0_;
    w->b = Matrix<T>(std::max(p_.m, p_.n), p_.nrhs);
    for (int64_t j = 0; j < p_.nrhs; ++j)
      for (int64_t i = 0; i < p_.m; ++i) w->b(i, j) = b0_(i, j);
    w->call = GelsCall<T>{Trans::kNoTrans, p_.m, p_.n, p_.nrhs, w->a.data(), w->a.ld(), w->b.data(), w->b.ld()};
    return w;
  }

  std::vector<CheckResult> Evaluate(GelsWork<T>& w, double tol) override {
    const int64_t info = std::get<GelsCall<T>>(w.call).info;
    // xGELS returns the zero solution with INFO = 0 for an all-zero A (its quick return).
    const bool all_zero = spec_.zero_count >= p_.n;
    const int64_t expected = (spec_.zero_first >= 0 && !all_zero) ? spec_.zero_first + 1 : 0;
    std::vector<CheckResult> out;
    std::string warning;
    if (info == 0) {
      const double eps = EpsOf<T>(EpsKind::kUnitRoundoff);
      const LMatrix a = ToLong(a0_), b = ToLong(b0_);
      const LMatrix x = ToLong(p_.n, p_.nrhs, w.b.data(), w.b.ld());
      const LD anorm = Norm1(a);
      const auto big = static_cast<double>(std::max<int64_t>({1, p_.m, p_.n}));
      out.push_back(MakeCheck("gels_residual",
                              "max_j ||b_j - A x_j||_1 / (max(m,n) ||A||_1 ||x_j||_1 eps) (dqrt16)",
                              EpsKind::kUnitRoundoff, eps, SolveRatio(a, x, b, anorm, eps) / big,
                              kLinThreshold, tol));
      out.push_back(p_.m >= p_.n ? NormalEquations(a, x, b, anorm, eps, tol) : RowSpace(a, x, eps, tol));
      // R (m >= n) or L (m < n) of the backend's factorization is min(m,n) square at A's top left.
      const int64_t k = std::min(p_.m, p_.n);
      const double cond = EstimateCondTri<T>(p_.m >= p_.n ? 'U' : 'L', k, w.a.data(), w.a.ld());
      warning = IllConditionedWarning(cond, std::numeric_limits<T>::epsilon(), "reference xTRCON");
    }
    out.push_back(ExpectedInfoCheck("gels", w.call, expected, spec_.type, warning));
    return out;
  }

 private:
  // dqrt17 with a zero-residual right-hand side: ||(B - A X)^T A||_1 / (max(m,n,nrhs) ||A|| ||B|| eps).
  CheckResult NormalEquations(const LMatrix& a, const LMatrix& x, const LMatrix& b, LD anorm,
                              double eps, double tol) const {
    LMatrix r = Multiply(a, false, x, false);
    for (int64_t j = 0; j < r.cols(); ++j)
      for (int64_t i = 0; i < r.rows(); ++i) r(i, j) = b(i, j) - r(i, j);
    const LD big = static_cast<LD>(std::max<int64_t>({1, p_.m, p_.n, p_.nrhs}));
    const LD value = Norm1(Multiply(r, true, a, false));
    return MakeCheck("gels_normal_equations",
                     "||(B - A X)^T A||_1 / (max(m,n,nrhs) ||A||_1 ||B||_1 eps) (dqrt17)",
                     EpsKind::kUnitRoundoff, eps, LapackRatio(value, big * anorm, Norm1(b), eps),
                     kLinThreshold, tol);
  }

  // dqrt14: QR of [A^T/max|A|, X/max|X|]; X lies in the row space of A iff the trailing block of
  // R vanishes.
  CheckResult RowSpace(const LMatrix& a, const LMatrix& x, double eps, double tol) const {
    const int64_t m = p_.m, n = p_.n, r = p_.nrhs;
    const LD amax = MaxAbs(a), xmax = MaxAbs(x);
    LMatrix c(n, m + r);
    for (int64_t i = 0; i < n; ++i) {
      for (int64_t j = 0; j < m; ++j) c(i, j) = amax > 0 ? a(j, i) / amax : 0;
      for (int64_t j = 0; j < r; ++j) c(i, m + j) = xmax > 0 ? x(i, j) / xmax : 0;
    }
    std::vector<LD> tau;
    HouseholderQr(c, tau);
    LD err = 0;
    for (int64_t j = m; j < m + r; ++j)
      for (int64_t i = m; i <= std::min(j, n - 1); ++i) err = std::max(err, std::fabs(c(i, j)));
    const double kappa = spec_.cond > kRowSpaceCondScale ? spec_.cond : 1;
    const LD big = static_cast<LD>(std::max<int64_t>({1, m, n, r}));
    return MakeCheck("gels_row_space",
                     kappa > 1 ? "max|R22| of QR([A^T, X]) / (max(m,n,nrhs) eps cond(A)) (dqrt14 / cond)"
                               : "max|R22| of QR([A^T, X]) / (max(m,n,nrhs) eps) (dqrt14)",
                     EpsKind::kUnitRoundoff, eps, LapackRatio(err, big, static_cast<LD>(kappa), eps),
                     kLinThreshold, tol);
  }

  CaseParams p_;
  MatrixSpec spec_;
  Matrix<T> a0_, b0_;
};

// Checks the parameters (UsageError), then builds the case.
std::unique_ptr<OpCase> MakeGels(const CaseParams& p) {
  if (p.m < 0 || p.n < 0 || p.nrhs < 0) {
    throw UsageError(fmt::format("gels: m, n, nrhs must be >= 0, got {}x{} nrhs={}", p.m, p.n, p.nrhs));
  }
  return MakeTypedCase<GelsCase>(p);
}

}  // namespace

const OpDescription& GelsDescription() {
  static const TableOp op("gels", {"m", "n", "nrhs", "matrix", "cond"}, kLinThreshold, &MakeGels,
                          [](const CaseParams& p) {
                            const double m = static_cast<double>(p.m), n = static_cast<double>(p.n);
                            const double b = std::max(m, n) * static_cast<double>(p.nrhs);
                            return LapackMemory(p, m * n + b, m * n + b, 2 * m * n + 3 * b + n * (m + static_cast<double>(p.nrhs)), m * n);
                          });
  return op;
}

}  // namespace lapack_ai
