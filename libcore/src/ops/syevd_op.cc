// syevd described once, in two variants: "syevd" (jobz 'V') and "syevd_values" (jobz 'N'),
// uplo 'L'. Checks follow LAPACK's ddrvst/dsyt21 with ulp = epsilon: ||A - Z D Z^T||, ||I - Z Z^T||,
// ascending order, and D against the reference backend's D computed with the other jobz. Large
// cases with vectors project the residual and orthogonality checks (projected_checks.h).
#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_case_util.h"
#include "lapack_flops.h"
#include "op_table.h"
#include "projected_checks.h"

namespace lapack_ai {
namespace {

template <typename T>
struct SyevdWork {
  Matrix<T> a;
  std::vector<T> w;
  Call call;
};

template <typename T>
std::unique_ptr<SyevdWork<T>> MakeSyevdWork(const Matrix<T>& a0, bool vectors) {
  auto w = std::make_unique<SyevdWork<T>>();
  w->a = a0;
  w->w.assign(static_cast<std::size_t>(std::max<int64_t>(1, a0.cols())), T(0));
  w->call = SyevdCall<T>{vectors ? 'V' : 'N', 'L', a0.cols(), w->a.data(), w->a.ld(), w->w.data()};
  return w;
}

template <typename T>
class SyevdCase final : public LapackCase<T, SyevdWork<T>> {
 public:
  SyevdCase(const CaseParams& p, bool vectors)
      : LapackCase<T, SyevdWork<T>>("syevd"), p_(p), vectors_(vectors) {
    spec_ = ParseMatrixSpec(p.matrix, MatrixKind::kSymmetric, p.n, p.n, p.cond, std::numeric_limits<T>::epsilon());
    a0_ = GenerateMatrix<T>(spec_, MatrixKind::kSymmetric, p.n, p.n, CaseSeed(p.seed, p.Key()));
    this->Screen("A", a0_);
  }

  double Flops() const override { return flops::Syevd(static_cast<double>(p_.n), vectors_); }

  void ComputeReference(Backend& reference) override {
    LapackCase<T, SyevdWork<T>>::ComputeReference(reference);
    // A large case's reference D costs as much as the call on the slow reference; with vectors
    // the projected residual and orthogonality already pin D down.
    if (vectors_ && UseProjectedCheck(p_, p_.n, p_.n)) return;
    if (!std::all_of(a0_.data(), a0_.data() + a0_.storage_size(), [](T v) { return std::isfinite(v); })) return;
    auto w = MakeSyevdWork(a0_, !vectors_);
    auto bound = reference.Bind(w->call);
    bound->Run();
    bound->Fetch();
    if (std::get<SyevdCall<T>>(w->call).info == 0) ref_w_ = w->w;
  }

 protected:
  std::unique_ptr<SyevdWork<T>> MakeWork() const override { return MakeSyevdWork(a0_, vectors_); }

  std::vector<CheckResult> Evaluate(SyevdWork<T>& w, double tol) override {
    const int64_t info = std::get<SyevdCall<T>>(w.call).info;
    const int64_t n = p_.n;
    std::vector<CheckResult> out;
    if (info == 0) {
      const double ulp = EpsOf<T>(EpsKind::kUlp);
      const LD nn = static_cast<LD>(std::max<int64_t>(1, n));
      if (vectors_ && UseProjectedCheck(p_, n, n)) {
        ProjectedVectorChecks(w, ulp, tol, out);
      } else if (vectors_) {
        const LMatrix a = ToLong(a0_), z = ToLong(w.a);
        LMatrix zd = z;
        for (int64_t j = 0; j < n; ++j)
          for (int64_t i = 0; i < n; ++i) zd(i, j) *= static_cast<LD>(w.w[static_cast<std::size_t>(j)]);
        out.push_back(MakeCheck("syevd_residual", "||A - Z D Z^T||_1 / (||A||_1 n ulp) (dsyt21)", EpsKind::kUlp,
                                ulp, LapackRatio(Norm1Diff(a, Multiply(zd, false, z, true)), nn, Norm1(a), ulp),
                                kSepThreshold, tol));
        out.push_back(MakeCheck("syevd_orthogonality", "||I - Z Z^T||_1 / (n ulp) (dsyt21)", EpsKind::kUlp, ulp,
                                LapackRatio(OrthogonalityResidual(z, true), nn, 1, ulp), kSepThreshold, tol));
      }
      bool ordered = true;
      for (int64_t i = 1; i < n; ++i)
        if (!(w.w[static_cast<std::size_t>(i)] >= w.w[static_cast<std::size_t>(i - 1)])) ordered = false;
      const CheckResult order = MakeCheck("syevd_order", "0 if the eigenvalues ascend, else 1/ulp", EpsKind::kUlp, ulp,
                              ordered ? 0.0 : 1.0 / ulp, kSepThreshold, tol);
      if (ref_w_.size() >= static_cast<std::size_t>(n)) {
        LD diff = 0, top = 0;
        for (int64_t i = 0; i < n; ++i) {
          const LD a = w.w[static_cast<std::size_t>(i)], b = ref_w_[static_cast<std::size_t>(i)];
          diff = std::max(diff, std::fabs(a - b));
          top = std::max({top, std::fabs(a), std::fabs(b)});
        }
        // ddrvst compares D with and without vectors from one library without an n; across two
        // implementations the backward error bound grows with n, so n joins the denominator.
        out.push_back(MakeCheck(
            "syevd_vs_reference",
            fmt::format("max_i |D_i - Dref_i| / (n ulp max|D|), Dref: reference backend with jobz = "
                        "'{}' (ddrvst values with vs without vectors)", vectors_ ? 'N' : 'V'),
            EpsKind::kUlp, ulp, LapackRatio(diff, nn, top, ulp), kSepThreshold, tol));
      }
      out.push_back(order);
    }
    out.push_back(MakeInfoCheck("syevd", info, 0, DecodeInfo(w.call)));
    return out;
  }

 private:
  void ProjectedVectorChecks(const SyevdWork<T>& w, double ulp, double tol, std::vector<CheckResult>& out) const {
    const auto [resid, orth] = ProjectedEigRatios(a0_, w.a, w.w, CaseSeed(p_.seed ^ 0x5eed, p_.Key()));
    CheckResult r = Projected(MakeCheck("syevd_residual",
                                        "sqrt(n) ||(A - Z D Z^T) X||_F / ||X||_F / (||A||_F n ulp), X: n x 4 random "
                                        "(dsyt21 projected)",
                                        EpsKind::kUlp, ulp, resid, kSepThreshold, tol));
    r.note += "; D is not compared with the reference backend's (--full-check does)";
    out.push_back(r);
    out.push_back(Projected(MakeCheck("syevd_orthogonality",
                                      "sqrt(n) ||(Z Z^T - I) X||_F / ||X||_F / (n ulp), X: n x 4 random "
                                      "(dsyt21 projected)",
                                      EpsKind::kUlp, ulp, orth, kSepThreshold, tol)));
  }

  CaseParams p_;
  bool vectors_;
  MatrixSpec spec_;
  Matrix<T> a0_;
  std::vector<T> ref_w_;
};

class SyevdOp final : public OpDescription {
 public:
  explicit SyevdOp(bool vectors) : vectors_(vectors) {}
  std::string_view name() const override { return vectors_ ? "syevd" : "syevd_values"; }
  std::string_view routine() const override { return "syevd"; }
  std::vector<std::string> Columns() const override { return {"n", "matrix", "cond"}; }
  double DefaultThreshold() const override { return kSepThreshold; }
  std::unique_ptr<OpCase> MakeCase(const CaseParams& p) const override {
    if (p.n < 0) throw UsageError(fmt::format("{}: n must be >= 0, got {}", name(), p.n));
    return MakeTypedCase<SyevdCase>(p, vectors_);
  }
  MemoryNeed Memory(const CaseParams& p) const override {
    const double n2 = static_cast<double>(p.n) * static_cast<double>(p.n);
    // dsyt21: A, Z, Z W Z^T and Z^T Z in long double
    double check = vectors_ ? 4 * n2 : n2;
    if (vectors_ && UseProjectedCheck(p, p.n, p.n)) check = ProjectedCheckElements(p.n, p.n);
    return LapackMemory(p, n2, n2 + static_cast<double>(p.n), check, n2);
  }

 private:
  bool vectors_;
};

}  // namespace

const OpDescription& SyevdDescription() {
  static const SyevdOp op(true);
  return op;
}

const OpDescription& SyevdValuesDescription() {
  static const SyevdOp op(false);
  return op;
}

}  // namespace lapack_ai
