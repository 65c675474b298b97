// The gemm check must pass a correct product and fail a planted error, with the reference
// computed by the isolated netlib backend.
#include <doctest/doctest.h>

#include <cmath>

#include "fake_backend.h"
#include "lapack_ai/backend.h"
#include "lapack_ai/runner.h"
#include "lapack_ai/sweep.h"

namespace lapack_ai {
namespace {

using testing::FakeBackend;

std::vector<CaseResult> RunGemm(FakeBackend::Mode mode, const std::string& dims,
                                std::vector<double> beta = {0.0}) {
  auto reference = CreateBackend("reference");
  FakeBackend fake("fake", mode);
  SweepSpec spec;
  spec.dims = ParseDims(dims);
  spec.transa = {Trans::kNoTrans, Trans::kTrans};
  spec.beta = std::move(beta);
  RunOptions opt;
  opt.timing = false;
  Runner runner(*reference, opt);
  return runner.Run(ExpandSweep(spec), {&fake});
}

TEST_CASE("a correct gemm passes the normwise check") {
  for (const CaseResult& r : RunGemm(FakeBackend::Mode::kCorrect, "16,64,7x5x3", {0.0, 1.5})) {
    CAPTURE(r.params.Key());
    CHECK(r.status == Status::kPass);
    REQUIRE(r.checks.size() == 1);
    CHECK(r.checks[0].value < 1.0);
    CHECK(r.checks[0].threshold == 3.0);
    CHECK(r.checks[0].eps == std::ldexp(1.0, -52));
  }
}

TEST_CASE("a gemm corrupted by 1000 eps in one element is FAILED") {
  for (const CaseResult& r : RunGemm(FakeBackend::Mode::kCorruptOneElement, "16,64", {0.0, 1.5})) {
    CAPTURE(r.params.Key());
    CHECK(r.status == Status::kFailed);
    CHECK(r.checks[0].value >= r.checks[0].threshold);
    CHECK(r.message.find("gemm_normwise") != std::string::npos);
  }
}

TEST_CASE("a NaN in the result is FAILED, not passed") {
  for (const CaseResult& r : RunGemm(FakeBackend::Mode::kNaN, "8")) {
    CHECK(r.status == Status::kFailed);
    CHECK(std::isnan(r.checks[0].value));
  }
}

TEST_CASE("the projected check of large gemm still catches a gross error") {
  // 1100^3 > 2^30 multiply-adds: the projected check is used.
  auto ok = RunGemm(FakeBackend::Mode::kCorrect, "1100x1100x1000");
  REQUIRE(ok.size() == 2);
  CHECK(ok[0].status == Status::kPass);
  CHECK(ok[0].checks[0].note.find("projected") != std::string::npos);
  auto bad = RunGemm(FakeBackend::Mode::kNaN, "1100x1100x1000");
  CHECK(bad[0].status == Status::kFailed);
}

TEST_CASE("zero sizes pass with a zero ratio") {
  for (const CaseResult& r : RunGemm(FakeBackend::Mode::kCorrect, "0,0x5x3,4x0x2,4x3x0")) {
    CAPTURE(r.params.Key());
    CHECK(r.status == Status::kPass);
    CHECK(r.checks[0].value == 0.0);
  }
}

}  // namespace
}  // namespace lapack_ai
