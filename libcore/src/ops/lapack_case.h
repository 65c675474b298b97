// The skeleton every LAPACK routine description shares: pristine inputs screened for NaN/Inf
// before any call, working operands rebuilt for each backend, and — when a check fails — the
// same checks on the reference backend's result, so the report shows both numbers.
#pragma once
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lapack_ai/generators.h"
#include "lapack_ai/matrix.h"
#include "lapack_ai/op.h"
#include "lapack_checks.h"

namespace lapack_ai {

/// Counts non-finite entries of `a`; describes the first in `where` ("A(3,5) is NaN").
template <typename T>
int64_t CountNonFinite(const Matrix<T>& a, std::string& where) {
  int64_t count = 0;
  for (int64_t j = 0; j < a.cols(); ++j)
    for (int64_t i = 0; i < a.rows(); ++i) {
      if (std::isfinite(a(i, j))) continue;
      if (count++ == 0) where = fmt::format("({},{}) is {}", i + 1, j + 1, std::isnan(a(i, j)) ? "NaN" : "Inf");
    }
  return count;
}

/// Sets every dimension of a call to 0, so a backend given it does no work.
inline void EmptyDims(Call& call) {
  std::visit(
      [](auto& c) {
        if constexpr (requires { c.m; }) c.m = 0;
        if constexpr (requires { c.n; }) c.n = 0;
        if constexpr (requires { c.nrhs; }) c.nrhs = 0;
      },
      call);
}

/// `Work` holds the operands a backend writes and a `Call call` pointing into them; it lives on
/// the heap so those pointers stay valid.
template <typename T, typename Work>
class LapackCase : public OpCase {
 public:
  Call& PrepareCall() final {
    // Each backend gets its own operands, kept until the case ends: bench times the bound calls
    // of all backends after every one of them was prepared and checked.
    works_.push_back(MakeWork());
    // Inputs with NaN/Inf are never passed to a backend: the check reports them instead.
    if (!input_problem_.empty()) EmptyDims(works_.back()->call);
    return works_.back()->call;
  }

  void ComputeReference(Backend& reference) override { reference_ = &reference; }

  std::vector<CheckResult> Check(double tol) final {
    if (!input_problem_.empty()) {
      CheckResult r = MakeCheck(routine_ + "_input", "number of NaN/Inf entries in the inputs",
                                EpsKind::kUnitRoundoff, 0, static_cast<double>(bad_count_), 1, 0);
      r.norm = "none";
      r.eps_name = "none";
      r.passed = false;
      r.note = input_problem_;
      return {r};
    }
    std::vector<CheckResult> checks = Evaluate(*works_.back(), tol);
    AddReferenceValues(checks, tol);
    return checks;
  }

 protected:
  explicit LapackCase(std::string routine) : routine_(std::move(routine)) {}
  virtual std::unique_ptr<Work> MakeWork() const = 0;
  virtual std::vector<CheckResult> Evaluate(Work& w, double tol) = 0;

  /// Records NaN/Inf in input `name` (call from the constructor, once per input).
  void Screen(const char* name, const Matrix<T>& a) {
    std::string where;
    const int64_t n = CountNonFinite(a, where);
    if (n == 0 || !input_problem_.empty()) return;
    bad_count_ = n;
    input_problem_ = fmt::format(
        "input {}{}; {} non-finite entr{} in {}: lapack-ai did not call {}{} (LAPACK would "
        "propagate it silently); fix or filter the input first",
        name, where, n, n == 1 ? "y" : "ies", name, sizeof(T) == 4 ? "s" : "d", routine_);
  }

  Backend* reference_ = nullptr;
  std::string routine_;

 private:
  void AddReferenceValues(std::vector<CheckResult>& checks, double tol) {
    const bool failed = std::any_of(checks.begin(), checks.end(), [](const CheckResult& c) { return !c.passed; });
    if (!failed || reference_ == nullptr) return;
    std::string error;
    std::vector<CheckResult> ref;
    try {
      auto w = MakeWork();
      auto bound = reference_->Bind(w->call);
      bound->Run();
      bound->Fetch();
      ref = Evaluate(*w, tol);
    } catch (const std::exception& e) {
      error = e.what();
    }
    for (CheckResult& c : checks) {
      if (c.passed) continue;
      std::string add = error.empty() ? "" : "reference run failed: " + error;
      for (const CheckResult& rc : ref)
        if (rc.name == c.name) add = fmt::format("reference backend gives {:.3g}", rc.value);
      if (!add.empty()) c.note += (c.note.empty() ? "" : "; ") + add;
    }
  }

  std::vector<std::unique_ptr<Work>> works_;
  std::string input_problem_;
  int64_t bad_count_ = 0;
};

/// Condition estimates from the reference library (xGECON on LU factors, xPOCON on a Cholesky
/// factor 'L'), given the 1-norm of the original matrix. Returns 1/rcond (inf if rcond is 0).
template <typename T>
double EstimateCondLu(int64_t n, const T* lu, int64_t lda, double anorm);
template <typename T>
double EstimateCondChol(int64_t n, const T* l, int64_t lda, double anorm);

/// cond_1 estimate of the triangular factor (uplo 'U' or 'L', xTRCON): the least squares
/// factor's condition number, which is A's in the 2-norm.
template <typename T>
double EstimateCondTri(char uplo, int64_t n, const T* a, int64_t lda);

/// "warning: A is ill-conditioned, estimated cond_1(A) = 4.5e14 (xGECON)..." when
/// cond > 1/sqrt(eps), else "".
std::string IllConditionedWarning(double cond, double epsilon, const char* how);

/// INFO potrf/posv must return for an SPD-kind matrix type: the index of the first zero row
/// and column (the leading minor of that order is singular), any positive value (-1) for the
/// indefinite type, else 0 (always 0 for n = 0).
inline int64_t ExpectedSpdInfo(const MatrixSpec& s, int64_t n) {
  if (n == 0) return 0;
  if (s.zero_first >= 0) return s.zero_first + 1;
  return IsSingularType(s.type, MatrixKind::kSpd) ? -1 : 0;
}

/// Joins non-empty parts with "; ".
std::string JoinNotes(const std::vector<std::string>& parts);

}  // namespace lapack_ai
