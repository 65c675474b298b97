// posv described once: solve A X = B by Cholesky for a generated SPD A and B = A X0, checked
// with LAPACK's dpot02 ratio max_j ||b_j - A x_j||_1 / (||A||_1 ||x_j||_1 eps) and the INFO
// the matrix type implies.
#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_case_util.h"
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
    b0_ = ConsistentRhs(a0_, p.nrhs, seed);
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
    std::vector<CheckResult> out;
    std::string warning;
    if (InfoOf(w.call) == 0) {
      const LMatrix a = ToLong(a0_);
      const LD anorm = Norm1(a);
      out.push_back(SquareSolveCheck("posv", "dpot02", a, anorm, w.b, b0_, tol));
      warning = CholConditionWarning(w.a, p_.n, static_cast<double>(anorm));
    }
    out.push_back(ExpectedInfoCheck("posv", w.call, ExpectedSpdInfo(spec_, p_.n), spec_.type, warning));
    return out;
  }

 private:
  CaseParams p_;
  MatrixSpec spec_;
  Matrix<T> a0_, b0_;
};

// Checks the parameters (UsageError), then builds the case.
std::unique_ptr<OpCase> MakePosv(const CaseParams& p) {
  if (p.n < 0 || p.nrhs < 0) {
    throw UsageError(fmt::format("posv: n and nrhs must be >= 0, got n={} nrhs={}", p.n, p.nrhs));
  }
  return MakeTypedCase<PosvCase>(p);
}

}  // namespace

const OpDescription& PosvDescription() {
  static const TableOp op("posv", {"n", "nrhs", "matrix", "cond"}, kLinThreshold, &MakePosv,
                          [](const CaseParams& p) {
                            const double n2 = static_cast<double>(p.n) * static_cast<double>(p.n);
                            const double nb = static_cast<double>(p.n) * static_cast<double>(p.nrhs);
                            return LapackMemory(p, n2 + nb, n2 + nb, n2 + 3 * nb, n2);
                          });
  return op;
}

}  // namespace lapack_ai
