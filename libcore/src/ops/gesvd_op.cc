// gesvd described once, in three variants: "gesvd" (economy U, V^T: jobu = jobvt = 'S'),
// "gesvd_values" ('N', 'N') and "gesdd" (the divide and conquer driver, jobz = 'S': what CPU
// libraries compute vectors fastest with, so the CPU side of a CPU-vs-GPU SVD comparison).
// Checks follow LAPACK's ddrvbd with ulp = epsilon: reconstruction,
// orthogonality of U and V^T, S >= 0 and non-increasing, and S against the reference backend's
// S computed with the other job (ddrvbd's "partial vs full" test across implementations). Large
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
struct GesvdWork {
  Matrix<T> a, u, vt;
  std::vector<T> s;
  Call call;
};

// The driver: xGESVD (QR iteration on the bidiagonal) or xGESDD (divide and conquer).
enum class Driver { kGesvd, kGesdd };

const char* DriverRoutine(Driver d) { return d == Driver::kGesdd ? "gesdd" : "gesvd"; }

template <typename T>
std::unique_ptr<GesvdWork<T>> MakeGesvdWork(const Matrix<T>& a0, bool vectors, Driver driver = Driver::kGesvd) {
  const int64_t m = a0.rows(), n = a0.cols(), k = std::min(m, n);
  auto w = std::make_unique<GesvdWork<T>>();
  w->a = a0;
  w->s.assign(static_cast<std::size_t>(std::max<int64_t>(1, k)), T(0));
  w->u = vectors ? Matrix<T>(m, k) : Matrix<T>(1, 1);
  w->vt = vectors ? Matrix<T>(k, n) : Matrix<T>(1, 1);
  const char job = vectors ? 'S' : 'N';
  if (driver == Driver::kGesdd) {
    w->call = GesddCall<T>{job, m, n, w->a.data(), w->a.ld(), w->s.data(), w->u.data(),
                           w->u.ld(), w->vt.data(), w->vt.ld()};
  } else {
    w->call = GesvdCall<T>{job, job, m, n, w->a.data(), w->a.ld(), w->s.data(), w->u.data(),
                           w->u.ld(), w->vt.data(), w->vt.ld()};
  }
  return w;
}

template <typename T>
class GesvdCase final : public LapackCase<T, GesvdWork<T>> {
 public:
  GesvdCase(const CaseParams& p, bool vectors, Driver driver)
      : LapackCase<T, GesvdWork<T>>(DriverRoutine(driver)), p_(p), vectors_(vectors), driver_(driver) {
    spec_ = ParseMatrixSpec(p.matrix, MatrixKind::kGeneral, p.m, p.n, p.cond, std::numeric_limits<T>::epsilon());
    a0_ = GenerateMatrix<T>(spec_, MatrixKind::kGeneral, p.m, p.n, CaseSeed(p.seed, p.Key()));
    this->Screen("A", a0_);
  }

  double Flops() const override {
    return flops::Gesvd(static_cast<double>(p_.m), static_cast<double>(p_.n), vectors_);
  }

  void ComputeReference(Backend& reference) override {
    LapackCase<T, GesvdWork<T>>::ComputeReference(reference);
    // A large case's reference S costs as much as the call on the slow reference; with vectors
    // the projected residual and orthogonality already pin S down.
    if (vectors_ && UseProjectedCheck(p_, p_.m, p_.n)) return;
    if (!std::all_of(a0_.data(), a0_.data() + a0_.storage_size(), [](T v) { return std::isfinite(v); })) return;
    auto w = MakeGesvdWork(a0_, !vectors_);
    auto bound = reference.Bind(w->call);
    bound->Run();
    bound->Fetch();
    if (InfoOf(w->call) == 0) ref_s_ = w->s;
  }

 protected:
  std::unique_ptr<GesvdWork<T>> MakeWork() const override { return MakeGesvdWork(a0_, vectors_, driver_); }

  std::vector<CheckResult> Evaluate(GesvdWork<T>& w, double tol) override {
    const int64_t info = InfoOf(w.call);
    std::vector<CheckResult> out;
    if (info == 0) {
      const double ulp = EpsOf<T>(EpsKind::kUlp);
      const int64_t m = p_.m, n = p_.n, k = std::min(m, n);
      if (vectors_) VectorChecks(w, ulp, tol, out);
      bool ordered = true;
      for (int64_t i = 0; i < k; ++i) {
        const T si = w.s[static_cast<std::size_t>(i)];
        if (!(si >= 0) || (i > 0 && si > w.s[static_cast<std::size_t>(i - 1)])) ordered = false;
      }
      const CheckResult order = MakeCheck(this->routine_ + "_order", "0 if S >= 0 and non-increasing, else 1/ulp (ddrvbd)",
                              EpsKind::kUlp, ulp, ordered ? 0.0 : 1.0 / ulp, kSvdThreshold, tol);
      if (ref_s_.size() >= static_cast<std::size_t>(k)) {
        LD diff = 0, top = 0;
        for (int64_t i = 0; i < k; ++i) {
          const LD a = w.s[static_cast<std::size_t>(i)], b = ref_s_[static_cast<std::size_t>(i)];
          diff = std::max(diff, std::fabs(a - b));
          top = std::max({top, std::fabs(a), std::fabs(b)});
        }
        out.push_back(MakeCheck(
            this->routine_ + "_vs_reference",
            fmt::format("max_i |S_i - Sref_i| / (min(m,n) ulp S_1), Sref: reference backend's gesvd with "
                        "jobu = jobvt = '{}' (ddrvbd partial vs full)", vectors_ ? 'N' : 'S'),
            EpsKind::kUlp, ulp, LapackRatio(diff, static_cast<LD>(std::max<int64_t>(1, k)), top, ulp),
            kSvdThreshold, tol));
      }
      out.push_back(order);
    }
    out.push_back(MakeInfoCheck(this->routine_, info, 0, DecodeInfo(w.call)));
    return out;
  }

 private:
  void VectorChecks(const GesvdWork<T>& w, double ulp, double tol, std::vector<CheckResult>& out) const {
    const int64_t m = p_.m, n = p_.n, k = std::min(m, n);
    if (UseProjectedCheck(p_, m, n)) {
      const SvdRatios r = ProjectedSvdRatios(a0_, w.u, w.s, w.vt, CaseSeed(p_.seed ^ 0x5eed, p_.Key()));
      CheckResult res = Projected(MakeCheck(
          this->routine_ + "_residual",
          "sqrt(n) ||(U diag(S) V^T - A) X||_F / ||X||_F / (||A||_F max(m,n) ulp), X: n x 4 random (ddrvbd projected)",
          EpsKind::kUlp, ulp, r.residual, kSvdThreshold, tol));
      res.note += "; S is not compared with the reference backend's (--full-check does)";
      out.push_back(res);
      out.push_back(Projected(MakeCheck(this->routine_ + "_orthogonality_u",
                                        "sqrt(k) ||(U^T U - I) X||_F / ||X||_F / (m ulp), X: k x 4 random "
                                        "(ddrvbd projected)",
                                        EpsKind::kUlp, ulp, r.orthogonality_u, kSvdThreshold, tol)));
      out.push_back(Projected(MakeCheck(this->routine_ + "_orthogonality_vt",
                                        "sqrt(k) ||(V^T V - I) X||_F / ||X||_F / (n ulp), X: k x 4 random "
                                        "(ddrvbd projected)",
                                        EpsKind::kUlp, ulp, r.orthogonality_vt, kSvdThreshold, tol)));
      return;
    }
    const LMatrix a = ToLong(a0_);
    LMatrix us = ToLong(w.u);
    for (int64_t j = 0; j < k; ++j)
      for (int64_t i = 0; i < m; ++i) us(i, j) *= static_cast<LD>(w.s[static_cast<std::size_t>(j)]);
    const LMatrix vt = ToLong(w.vt);
    const LD big = static_cast<LD>(std::max<int64_t>({1, m, n}));
    out.push_back(MakeCheck(this->routine_ + "_residual", "||A - U diag(S) V^T||_1 / (||A||_1 max(m,n) ulp) (ddrvbd)",
                            EpsKind::kUlp, ulp,
                            LapackRatio(Norm1Diff(a, Multiply(us, false, vt, false)), big, Norm1(a), ulp),
                            kSvdThreshold, tol));
    out.push_back(MakeCheck(this->routine_ + "_orthogonality_u", "||I - U^T U||_1 / (m ulp) (ddrvbd)", EpsKind::kUlp, ulp,
                            LapackRatio(OrthogonalityResidual(ToLong(w.u), false),
                                        static_cast<LD>(std::max<int64_t>(1, m)), 1, ulp),
                            kSvdThreshold, tol));
    out.push_back(MakeCheck(this->routine_ + "_orthogonality_vt", "||I - V^T V||_1 / (n ulp) (ddrvbd)", EpsKind::kUlp, ulp,
                            LapackRatio(OrthogonalityResidual(vt, true),
                                        static_cast<LD>(std::max<int64_t>(1, n)), 1, ulp),
                            kSvdThreshold, tol));
  }

  CaseParams p_;
  bool vectors_;
  Driver driver_;
  MatrixSpec spec_;
  Matrix<T> a0_;
  std::vector<T> ref_s_;
};

class GesvdOp final : public OpDescription {
 public:
  GesvdOp(bool vectors, Driver driver) : vectors_(vectors), driver_(driver) {}
  std::string_view name() const override {
    return driver_ == Driver::kGesdd ? "gesdd" : vectors_ ? "gesvd" : "gesvd_values";
  }
  std::string_view routine() const override { return DriverRoutine(driver_); }
  std::vector<std::string> Columns() const override { return {"m", "n", "matrix", "cond"}; }
  double DefaultThreshold() const override { return kSvdThreshold; }
  std::unique_ptr<OpCase> MakeCase(const CaseParams& p) const override {
    if (p.m < 0 || p.n < 0) throw UsageError(fmt::format("{}: dimensions must be >= 0, got {}x{}", name(), p.m, p.n));
    return MakeTypedCase<GesvdCase>(p, vectors_, driver_);
  }
  MemoryNeed Memory(const CaseParams& p) const override {
    const double m = static_cast<double>(p.m), n = static_cast<double>(p.n);
    const double k = std::min(m, n);
    // gesdd's workspace: about 4 k^2 more (xGESDD's LWORK for JOBZ = 'S'), and 8k integers.
    const double work = m * n + k + (vectors_ ? (m + n) * k : 2) + (driver_ == Driver::kGesdd ? 4 * k * k + 8 * k : 0);
    // ddrvbd: A, U S and V^T in long double, their product
    double check = vectors_ ? 2 * m * n + (m + n) * k : m * n;
    if (vectors_ && UseProjectedCheck(p, p.m, p.n)) check = ProjectedCheckElements(p.m, p.n);
    return LapackMemory(p, m * n, work, check, m * n);
  }

 private:
  bool vectors_;
  Driver driver_;
};

}  // namespace

const OpDescription& GesvdDescription() {
  static const GesvdOp op(true, Driver::kGesvd);
  return op;
}

const OpDescription& GesvdValuesDescription() {
  static const GesvdOp op(false, Driver::kGesvd);
  return op;
}

const OpDescription& GesddDescription() {
  static const GesvdOp op(true, Driver::kGesdd);
  return op;
}

}  // namespace lapack_ai
