// geqrf described once: Householder QR of a generated m x n matrix, checked with LAPACK's dqrt01
// ratios ||R - Q^T A||_1 / (m ||A||_1 eps) and ||I - Q^T Q||_1 / (m eps), Q formed from the
// backend's reflectors in long double (independent of the BLAS under test); large cases apply
// both residuals to random vectors instead (projected_checks.h).
#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_case_util.h"
#include "lapack_flops.h"
#include "op_table.h"
#include "projected_checks.h"

namespace lapack_ai {
namespace {

template <typename T>
struct GeqrfWork {
  Matrix<T> a;
  std::vector<T> tau;
  Call call;
};

template <typename T>
class GeqrfCase final : public LapackCase<T, GeqrfWork<T>> {
 public:
  explicit GeqrfCase(const CaseParams& p) : LapackCase<T, GeqrfWork<T>>("geqrf"), p_(p) {
    spec_ = ParseMatrixSpec(p.matrix, MatrixKind::kGeneral, p.m, p.n, p.cond, std::numeric_limits<T>::epsilon());
    a0_ = GenerateMatrix<T>(spec_, MatrixKind::kGeneral, p.m, p.n, CaseSeed(p.seed, p.Key()));
    this->Screen("A", a0_);
  }

  double Flops() const override { return flops::Geqrf(static_cast<double>(p_.m), static_cast<double>(p_.n)); }

 protected:
  std::unique_ptr<GeqrfWork<T>> MakeWork() const override {
    auto w = std::make_unique<GeqrfWork<T>>();
    w->a = a0_;
    w->tau.assign(static_cast<std::size_t>(std::max<int64_t>(1, std::min(p_.m, p_.n))), T(0));
    w->call = GeqrfCall<T>{p_.m, p_.n, w->a.data(), w->a.ld(), w->tau.data()};
    return w;
  }

  std::vector<CheckResult> Evaluate(GeqrfWork<T>& w, double tol) override {
    const int64_t info = std::get<GeqrfCall<T>>(w.call).info;
    std::vector<CheckResult> out;
    if (info == 0 && UseProjectedCheck(p_, p_.m, p_.n)) {
      const auto [resid, orth] = ProjectedQrRatios(a0_, w.a, w.tau, CaseSeed(p_.seed ^ 0x5eed, p_.Key()));
      const double eps = EpsOf<T>(EpsKind::kUnitRoundoff);
      out.push_back(Projected(MakeCheck("geqrf_residual",
                                        "sqrt(n) ||(Q R - A) X||_F / ||X||_F / (m ||A||_F eps), X: n x 4 random "
                                        "(dqrt01 projected)",
                                        EpsKind::kUnitRoundoff, eps, resid, kLinThreshold, tol)));
      out.push_back(Projected(MakeCheck("geqrf_orthogonality",
                                        "sqrt(m) ||(Q^T Q - I) X||_F / ||X||_F / (m eps), X: m x 4 random "
                                        "(dqrt01 projected)",
                                        EpsKind::kUnitRoundoff, eps, orth, kLinThreshold, tol)));
    } else if (info == 0) {
      const double eps = EpsOf<T>(EpsKind::kUnitRoundoff);
      const int64_t m = p_.m, n = p_.n, k = std::min(m, n);
      const LMatrix qr = ToLong(w.a);
      std::vector<LD> tau(static_cast<std::size_t>(k));
      for (int64_t j = 0; j < k; ++j) tau[static_cast<std::size_t>(j)] = w.tau[static_cast<std::size_t>(j)];
      LMatrix qta = ToLong(a0_);
      const LD anorm = Norm1(qta);
      ApplyQ(qr, tau, qta, /*transpose=*/true);
      LMatrix r(m, n);
      for (int64_t j = 0; j < n; ++j)
        for (int64_t i = 0; i <= std::min(j, m - 1); ++i) r(i, j) = qr(i, j);
      const LD mm = static_cast<LD>(std::max<int64_t>(1, m));
      out.push_back(MakeCheck("geqrf_residual", "||R - Q^T A||_1 / (m ||A||_1 eps) (dqrt01)",
                              EpsKind::kUnitRoundoff, eps,
                              LapackRatio(Norm1Diff(r, qta), mm, anorm, eps), kLinThreshold, tol));
      LMatrix q(m, m);
      for (int64_t i = 0; i < m; ++i) q(i, i) = 1;
      ApplyQ(qr, tau, q, /*transpose=*/false);
      out.push_back(MakeCheck("geqrf_orthogonality", "||I - Q^T Q||_1 / (m eps) (dqrt01)",
                              EpsKind::kUnitRoundoff, eps,
                              LapackRatio(OrthogonalityResidual(q, false), mm, 1, eps), kLinThreshold, tol));
    }
    out.push_back(MakeInfoCheck("geqrf", info, 0, DecodeInfo(w.call)));
    return out;
  }

 private:
  CaseParams p_;
  MatrixSpec spec_;
  Matrix<T> a0_;
};

// Checks the parameters (UsageError), then builds the case.
std::unique_ptr<OpCase> MakeGeqrf(const CaseParams& p) {
  if (p.m < 0 || p.n < 0) throw UsageError(fmt::format("geqrf: dimensions must be >= 0, got {}x{}", p.m, p.n));
  return MakeTypedCase<GeqrfCase>(p);
}

}  // namespace

const OpDescription& GeqrfDescription() {
  static const TableOp op("geqrf", {"m", "n", "matrix", "cond"}, kLinThreshold, &MakeGeqrf,
                          [](const CaseParams& p) {
                            const double m = static_cast<double>(p.m), n = static_cast<double>(p.n);
                            // dqrt01: QR, Q^T A, R and the m x m Q in long double
                            const double check = UseProjectedCheck(p, p.m, p.n) ? ProjectedCheckElements(p.m, p.n)
                                                                                : 3 * m * n + m * m;
                            return LapackMemory(p, m * n, m * n + std::min(m, n), check, m * n);
                          });
  return op;
}

}  // namespace lapack_ai
