// FakeBackend: a scriptable backend for runner and check tests (ninja's VirtualFileSystem role).
// It runs gemm through OpenBLAS's CBLAS and can then corrupt the result, throw, or claim no
// support, so the runner's and checks' reactions are tested without special hardware.
#pragma once
#include <cblas.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>

#include "lapack_ai/backend.h"
#include "lapack_ai/error.h"
#include "ops/norms.h"

namespace lapack_ai::testing {

class FakeBackend final : public Backend {
 public:
  enum class Mode { kCorrect, kCorruptOneElement, kNaN, kThrow, kUnsupported };

  FakeBackend(std::string name, Mode mode) : name_(std::move(name)), mode_(mode) {}
  const std::string& name() const override { return name_; }
  BackendInfo Info() const override {
    BackendInfo i;
    i.name = name_;
    i.library = "fake";
    if (transfers) i.extra["transfers_included"] = "true";
    return i;
  }
  bool Supports(std::string_view routine, Precision) const override {
    return mode_ != Mode::kUnsupported && routine == "gemm";
  }
  std::unique_ptr<BoundCall> Bind(Call& call) override {
    auto* g = std::get_if<GemmCall<double>>(&call);
    if (g == nullptr) throw Unsupported("fake: double gemm only");
    return MakeHostBoundCall(call, [this, g] { Run(*g); });
  }
  int runs = 0;
  bool transfers = false;  ///< claims host<->device copies inside Run (recorded in timings)

 private:
  void Run(GemmCall<double>& c) {
    ++runs;
    if (mode_ == Mode::kThrow) throw BackendError("fake: device lost (planted)");
    cblas_dgemm(CblasColMajor, c.transa == Trans::kNoTrans ? CblasNoTrans : CblasTrans,
                c.transb == Trans::kNoTrans ? CblasNoTrans : CblasTrans, static_cast<int>(c.m),
                static_cast<int>(c.n), static_cast<int>(c.k), c.alpha, c.a, static_cast<int>(c.lda),
                c.b, static_cast<int>(c.ldb), c.beta, c.c, static_cast<int>(c.ldc));
    if (c.m == 0 || c.n == 0) return;
    if (mode_ == Mode::kCorruptOneElement) {
      // 1000 eps relative to ||C||_F, in one element: far above a correct gemm's error.
      const double cnorm = FrobeniusNorm(c.m, c.n, c.c, c.ldc);
      c.c[(c.m / 2) + (c.n / 3) * c.ldc] += 1000 * std::numeric_limits<double>::epsilon() * cnorm;
    } else if (mode_ == Mode::kNaN) {
      c.c[0] = std::numeric_limits<double>::quiet_NaN();
    }
  }

  std::string name_;
  Mode mode_;
};

}  // namespace lapack_ai::testing
