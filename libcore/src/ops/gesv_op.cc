// gesv described once: solve A X = B by LU for a generated n x n A and B = A X0, checked with
// LAPACK's dget02 ratio max_j ||b_j - A x_j||_1 / (||A||_1 ||x_j||_1 eps) and the expected INFO.
#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_case_util.h"
#include "lapack_flops.h"
#include "op_table.h"

namespace lapack_ai {
namespace {

template <typename T>
struct GesvWork {
  Matrix<T> a, b;
  std::vector<int32_t> ipiv;
  Call call;
};

template <typename T>
class GesvCase final : public LapackCase<T, GesvWork<T>> {
 public:
  explicit GesvCase(const CaseParams& p) : LapackCase<T, GesvWork<T>>("gesv"), p_(p) {
    spec_ = ParseMatrixSpec(p.matrix, MatrixKind::kGeneral, p.n, p.n, p.cond,
                            std::numeric_limits<T>::epsilon());
    const uint64_t seed = CaseSeed(p.seed, p.Key());
    a0_ = GenerateMatrix<T>(spec_, MatrixKind::kGeneral, p.n, p.n, seed);
    b0_ = ConsistentRhs(a0_, p.nrhs, seed);
    this->Screen("A", a0_);
    this->Screen("B", b0_);
  }

  double Flops() const override {
    const auto n = static_cast<double>(p_.n);
    return flops::Getrf(n, n) + flops::Getrs(n, static_cast<double>(p_.nrhs));
  }

 protected:
  std::unique_ptr<GesvWork<T>> MakeWork() const override {
    auto w = std::make_unique<GesvWork<T>>();
    w->a = a0_;
    w->b = b0_;
    w->ipiv.assign(static_cast<std::size_t>(std::max<int64_t>(1, p_.n)), 0);
    w->call = GesvCall<T>{p_.n, p_.nrhs, w->a.data(), w->a.ld(), w->ipiv.data(), w->b.data(), w->b.ld()};
    return w;
  }

  std::vector<CheckResult> Evaluate(GesvWork<T>& w, double tol) override {
    const int64_t expected = spec_.zero_first >= 0 ? spec_.zero_first + 1 : 0;
    std::vector<CheckResult> out;
    std::string warning;
    if (InfoOf(w.call) == 0) {
      const LMatrix a = ToLong(a0_);
      const LD anorm = Norm1(a);
      out.push_back(SquareSolveCheck("gesv", "dget02", a, anorm, w.b, b0_, tol));
      warning = LuConditionWarning(w.a, p_.n, static_cast<double>(anorm));
    }
    out.push_back(ExpectedInfoCheck("gesv", w.call, expected, spec_.type, warning));
    return out;
  }

 private:
  CaseParams p_;
  MatrixSpec spec_;
  Matrix<T> a0_, b0_;
};

// Checks the parameters (UsageError), then builds the case.
std::unique_ptr<OpCase> MakeGesv(const CaseParams& p) {
  if (p.n < 0 || p.nrhs < 0) {
    throw UsageError(fmt::format("gesv: n and nrhs must be >= 0, got n={} nrhs={}", p.n, p.nrhs));
  }
  return MakeTypedCase<GesvCase>(p);
}

}  // namespace

const OpDescription& GesvDescription() {
  static const TableOp op("gesv", {"n", "nrhs", "matrix", "cond"}, kLinThreshold, &MakeGesv,
                          [](const CaseParams& p) {
                            const double n2 = static_cast<double>(p.n) * static_cast<double>(p.n);
                            const double nb = static_cast<double>(p.n) * static_cast<double>(p.nrhs);
                            return LapackMemory(p, n2 + nb, n2 + nb + static_cast<double>(p.n), n2 + 3 * nb, n2);
                          });
  return op;
}

}  // namespace lapack_ai
