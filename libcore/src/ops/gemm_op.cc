// gemm described once: shapes, flops, operands, reference and the normwise check
// ||C - Cref||_F / ((sqrt(k+2)|alpha| ||A||_F ||B||_F + 2|beta| ||C0||_F) eps) of BLAS++'s
// check_gemm.hh (Higham 2002, §3.5 with sqrt(k) as the statistical growth).
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "lapack_ai/matrix.h"
#include "lapack_ai/op.h"
#include "lapack_ai/random.h"
#include "gemm_check.h"
#include "norms.h"
#include "op_table.h"

namespace lapack_ai {
namespace {

template <typename T>
class GemmCase final : public OpCase {
 public:
  explicit GemmCase(const CaseParams& p) : p_(p) {
    const int64_t arows = p.transa == Trans::kNoTrans ? p.m : p.k;
    const int64_t acols = p.transa == Trans::kNoTrans ? p.k : p.m;
    const int64_t brows = p.transb == Trans::kNoTrans ? p.k : p.n;
    const int64_t bcols = p.transb == Trans::kNoTrans ? p.n : p.k;
    Rng rng(CaseSeed(p.seed, p.Key()));
    a_ = Matrix<T>(arows, acols);
    b_ = Matrix<T>(brows, bcols);
    c0_ = Matrix<T>(p.m, p.n);
    FillSymmetric(a_, rng);
    FillSymmetric(b_, rng);
    FillSymmetric(c0_, rng);
    c_ = c0_;
    full_ = p.full_check || static_cast<double>(p.m) * p.n * p.k <= kFullCheckMaxMnk;
  }

  double Flops() const override { return 2.0 * p_.m * p_.n * p_.k; }

  Call& PrepareCall() override {
    c_ = c0_;
    call_ = GemmCall<T>{p_.transa, p_.transb, p_.m, p_.n, p_.k, static_cast<T>(p_.alpha),
                        a_.data(), a_.ld(), b_.data(), b_.ld(), static_cast<T>(p_.beta),
                        c_.data(), c_.ld()};
    return call_;
  }

  void ComputeReference(Backend& reference) override {
    if (!full_) return;
    cref_ = c0_;
    Call call = GemmCall<T>{p_.transa, p_.transb, p_.m, p_.n, p_.k, static_cast<T>(p_.alpha),
                            a_.data(), a_.ld(), b_.data(), b_.ld(), static_cast<T>(p_.beta),
                            cref_.data(), cref_.ld()};
    auto bound = reference.Bind(call);
    bound->Run();
    bound->Fetch();
  }

  std::vector<CheckResult> Check(double tol) override {
    const double eps = std::numeric_limits<T>::epsilon();
    CheckResult r = GemmCheckHeader<T>("gemm_normwise", tol);
    const GemmOperands<T> g = Operands();
    const double denom = GemmDenominator(g);
    double resid = 0;
    if (full_) {
      r.formula = "||C - Cref||_F / ((sqrt(k+2)|alpha| ||A||_F ||B||_F + 2|beta| ||C0||_F) eps)";
      resid = FrobeniusDiff(p_.m, p_.n, c_.data(), c_.ld(), cref_.data(), cref_.ld());
    } else {
      r.formula =
          "sqrt(n) ||(C - Cref) X||_F / ||X||_F / ((sqrt(k+2)|alpha| ||A||_F ||B||_F + "
          "2|beta| ||C0||_F) eps), X: n x 4 random";
      r.note = fmt::format("projected check ({} random vectors, reference products in long double); "
                           "--full-check computes Cref with the reference backend",
                           kProjectionVectors);
      resid = ProjectedGemmResidual(g, CaseSeed(p_.seed ^ 0x5eed, p_.Key()));
    }
    r.value = SafeRatio(resid, denom, eps);
    r.passed = std::isfinite(r.value) && r.value < r.threshold;
    if (!std::isfinite(resid)) r.note = "result contains NaN or Inf";
    return {r};
  }

 private:
  GemmOperands<T> Operands() const {
    return {p_.transa, p_.transb, p_.m,       p_.n,       p_.k,       p_.alpha, p_.beta, a_.data(),
            a_.ld(),   b_.data(), b_.ld(),    c0_.data(), c_.data(),  c_.ld()};
  }

  CaseParams p_;
  Matrix<T> a_, b_, c0_, c_, cref_;
  bool full_ = true;
  Call call_;
};

// Checks the parameters (UsageError), then builds the case.
std::unique_ptr<OpCase> MakeGemm(const CaseParams& p) {
  if (p.m < 0 || p.n < 0 || p.k < 0) {
    throw UsageError(fmt::format("gemm: dimensions must be >= 0, got {}x{}x{}", p.m, p.n, p.k));
  }
  return MakeTypedCase<GemmCase>(p);
}

}  // namespace

const OpDescription& GemmDescription() {
  static const TableOp op("gemm", {"transA", "transB", "m", "n", "k", "alpha", "beta"}, kGemmThreshold,
                          &MakeGemm, [](const CaseParams& p) { return GemmMemory(p, 1); });
  return op;
}

}  // namespace lapack_ai
