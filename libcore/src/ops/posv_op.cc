// posv described once: solve A X = B by Cholesky for a generated SPD A and B = A X0, checked
// with LAPACK's dpot02 ratio max_j ||b_j - A x_j||_1 / (||A||_1 ||x_j||_1 eps) and the INFO
// the matrix type implies.
#include <fmt/format.h>

#include "info_decode.h"
#include "lapack_ai/error.h"
#include "lapack_ai/generators.h"
#include "lapack_ai/random.h"
#include "lapack_case.h"
#include "lapack_flops.h"
#include "op_table.h"

namespace lapack_ai {
namespace {

template <typename T>
struct PosvWork {
  Matrix<T> a, b;
  Call call;
};

template <typename T>
class PosvCase final : public LapackCase<T, PosvWork<T>> {
 public:
  explicit PosvCase(const CaseParams& p) : LapackCase<T, PosvWork<T>>("posv"), p_(p) {
    spec_ = ParseMatrixSpec(p.matrix, MatrixKind::kSpd, p.n, p.n, p.cond, std::numeric_limits<T>::epsilon());
    const uint64_t seed = CaseSeed(p.seed, p.Key());
    a0_ = GenerateMatrix<T>(spec_, MatrixKind::kSpd, p.n, p.n, seed);
    Rng rng(seed ^ 0xb0b);
    Matrix<T> x(p.n, p.nrhs);
    FillSymmetric(x, rng);
    b0_ = FromLong<T>(Multiply(ToLong(a0_), false, ToLong(x), false));
    this->Screen("A", a0_);
    this->Screen("B", b0_);
  }

  double Flops() const override {
    const auto n = static_cast<double>(p_.n);
    return flops::Potrf(n) + flops::Potrs(n, static_cast<double>(p_.nrhs));
  }

 protected:
  std::unique_ptr<PosvWork<T>> MakeWork() const override {
    auto w = std::make_unique<PosvWork<T>>();
    w->a = a0_;
    w->b = b0_;
    w->call = PosvCall<T>{'L', p_.n, p_.nrhs, w->a.data(), w->a.ld(), w->b.data(), w->b.ld()};
    return w;
  }

  std::vector<CheckResult> Evaluate(PosvWork<T>& w, double tol) override {
    const int64_t info = std::get<PosvCall<T>>(w.call).info;
    const int64_t expected = ExpectedSpdInfo(spec_, p_.n);
    std::vector<CheckResult> out;
    std::string warning;
    if (info == 0) {
      const double eps = EpsOf<T>(EpsKind::kUnitRoundoff);
      const LMatrix a = ToLong(a0_);
      const LD anorm = Norm1(a);
      out.push_back(MakeCheck("posv_residual",
                              "max_j ||b_j - A x_j||_1 / (||A||_1 ||x_j||_1 eps) (dpot02)",
                              EpsKind::kUnitRoundoff, eps,
                              SolveRatio(a, ToLong(w.b), ToLong(b0_), anorm, eps), kLinThreshold, tol));
      if (p_.n > 0) {
        const double cond = EstimateCondChol<T>(p_.n, w.a.data(), w.a.ld(), static_cast<double>(anorm));
        warning = IllConditionedWarning(cond, std::numeric_limits<T>::epsilon(), "reference xPOCON");
      }
    }
    std::string decoded = DecodeInfo(w.call);
    if (info > 0 && (info == expected || expected < 0))
      decoded = "as expected for --matrix " + spec_.type + ": " + decoded;
    out.push_back(MakeInfoCheck("posv", info, expected, JoinNotes({decoded, warning})));
    return out;
  }

 private:
  CaseParams p_;
  MatrixSpec spec_;
  Matrix<T> a0_, b0_;
};

class PosvOp final : public OpDescription {
 public:
  std::string_view name() const override { return "posv"; }
  std::vector<std::string> Columns() const override { return {"n", "nrhs", "matrix", "cond"}; }
  double DefaultThreshold() const override { return kLinThreshold; }
  std::unique_ptr<OpCase> MakeCase(const CaseParams& p) const override {
    if (p.n < 0 || p.nrhs < 0) {
      throw UsageError(fmt::format("posv: n and nrhs must be >= 0, got n={} nrhs={}", p.n, p.nrhs));
    }
    if (p.type == Precision::kSingle) return std::make_unique<PosvCase<float>>(p);
    return std::make_unique<PosvCase<double>>(p);
  }
};

}  // namespace

const OpDescription& PosvDescription() {
  static const PosvOp op;
  return op;
}

}  // namespace lapack_ai
