// gemm_batched described once: `batch` independent gemms in one strided call (attention heads,
// many tiny matrices). The check is gemm's normwise ratio per matrix; the worst one is reported.
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "gemm_check.h"
#include "lapack_ai/matrix.h"
#include "lapack_ai/op.h"
#include "lapack_ai/random.h"
#include "op_table.h"

namespace lapack_ai {
namespace {

template <typename T>
class GemmBatchedCase final : public OpCase {
 public:
  explicit GemmBatchedCase(const CaseParams& p) : p_(p) {
    arows_ = p.transa == Trans::kNoTrans ? p.m : p.k;
    brows_ = p.transb == Trans::kNoTrans ? p.k : p.n;
    const int64_t acols = p.transa == Trans::kNoTrans ? p.k : p.m;
    const int64_t bcols = p.transb == Trans::kNoTrans ? p.n : p.k;
    lda_ = std::max<int64_t>(1, arows_);
    ldb_ = std::max<int64_t>(1, brows_);
    ldc_ = std::max<int64_t>(1, p.m);
    stride_a_ = lda_ * acols;
    stride_b_ = ldb_ * bcols;
    stride_c_ = ldc_ * p.n;
    Rng rng(CaseSeed(p.seed, p.Key()));
    a_.resize(static_cast<std::size_t>(stride_a_ * p.batch));
    b_.resize(static_cast<std::size_t>(stride_b_ * p.batch));
    c0_.resize(static_cast<std::size_t>(stride_c_ * p.batch));
    for (auto* v : {&a_, &b_, &c0_})
      for (T& x : *v) x = static_cast<T>(rng.Symmetric());
    c_ = c0_;
    full_ = p.full_check || static_cast<double>(p.m) * p.n * p.k * p.batch <= kFullCheckMaxMnk;
  }

  double Flops() const override { return 2.0 * p_.m * p_.n * p_.k * p_.batch; }

  Call& PrepareCall() override {
    c_ = c0_;
    call_ = GemmBatchedCall<T>{p_.transa,  p_.transb,     p_.m,       p_.n,
                               p_.k,       static_cast<T>(p_.alpha), a_.data(), lda_,
                               stride_a_,  b_.data(),     ldb_,       stride_b_,
                               static_cast<T>(p_.beta), c_.data(), ldc_, stride_c_, p_.batch};
    return call_;
  }

  void ComputeReference(Backend& reference) override {
    if (!full_) return;
    cref_ = c0_;
    Call call = GemmBatchedCall<T>{p_.transa, p_.transb, p_.m, p_.n, p_.k, static_cast<T>(p_.alpha),
                                   a_.data(), lda_, stride_a_, b_.data(), ldb_, stride_b_,
                                   static_cast<T>(p_.beta), cref_.data(), ldc_, stride_c_, p_.batch};
    auto bound = reference.Bind(call);
    bound->Run();
    bound->Fetch();
  }

  std::vector<CheckResult> Check(double tol) override {
    const double eps = std::numeric_limits<T>::epsilon();
    CheckResult r = GemmCheckHeader<T>("gemm_batched_normwise", tol);
    r.formula = full_ ? "max_i ||C_i - Cref_i||_F / ((sqrt(k+2)|alpha| ||A_i||_F ||B_i||_F + "
                        "2|beta| ||C0_i||_F) eps)"
                      : "max_i of gemm's projected ratio (4 random vectors per matrix)";
    double worst = 0;
    int64_t worst_i = -1;
    for (int64_t i = 0; i < p_.batch; ++i) {
      const double ratio = Ratio(i, eps);
      if (!(ratio <= worst)) {  // NaN sticks
        worst = ratio;
        worst_i = i;
        if (std::isnan(ratio)) break;
      }
    }
    r.value = worst;
    r.passed = std::isfinite(r.value) && r.value < r.threshold;
    if (worst_i >= 0) r.note = fmt::format("worst matrix: index {} of {}", worst_i, p_.batch);
    return {r};
  }

 private:
  double Ratio(int64_t i, double eps) const {
    const GemmOperands<T> g{p_.transa, p_.transb, p_.m, p_.n, p_.k, p_.alpha, p_.beta,
                            a_.data() + i * stride_a_, lda_, b_.data() + i * stride_b_, ldb_,
                            c0_.data() + i * stride_c_, c_.data() + i * stride_c_, ldc_};
    const double resid =
        full_ ? FrobeniusDiff(p_.m, p_.n, g.c, ldc_, cref_.data() + i * stride_c_, ldc_)
              : ProjectedGemmResidual(g, CaseSeed(p_.seed ^ static_cast<uint64_t>(i), p_.Key()));
    return SafeRatio(resid, GemmDenominator(g), eps);
  }

  CaseParams p_;
  int64_t arows_ = 0, brows_ = 0, lda_ = 1, ldb_ = 1, ldc_ = 1;
  int64_t stride_a_ = 0, stride_b_ = 0, stride_c_ = 0;
  std::vector<T> a_, b_, c0_, c_, cref_;
  bool full_ = true;
  Call call_;
};

// Checks the parameters (UsageError), then builds the case.
std::unique_ptr<OpCase> MakeGemmBatched(const CaseParams& p) {
  if (p.m < 0 || p.n < 0 || p.k < 0 || p.batch < 0) {
    throw UsageError(fmt::format("gemm_batched: dimensions and batch must be >= 0, got {}x{}x{} batch {}",
                                 p.m, p.n, p.k, p.batch));
  }
  return MakeTypedCase<GemmBatchedCase>(p);
}

}  // namespace

const OpDescription& GemmBatchedDescription() {
  static const TableOp op("gemm_batched", {"transA", "transB", "m", "n", "k", "batch", "alpha", "beta"},
                          kGemmThreshold, &MakeGemmBatched,
                          [](const CaseParams& p) { return GemmMemory(p, static_cast<double>(p.batch)); });
  return op;
}

}  // namespace lapack_ai
