// Tests of alphatensor:<scheme>[/L]@openblas products against the reference backend within the
// normwise bound (random shapes including 1, 2, 3, odd, prime and rectangular sizes,
// transposes, alpha/beta), that a wrong coefficient fails, spec parsing and auto's crossovers.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <random>

#include "backends/alphatensor/crossovers.h"
#include "lapack_ai/backend.h"
#include "lapack_ai/error.h"
#include "lapack_ai/fastmm/catalogue.h"
#include "lapack_ai/fastmm/plan.h"
#include "lapack_ai/runner.h"

namespace lapack_ai {
namespace {

std::vector<CaseParams> RandomCases(Precision type, int count, uint64_t seed) {
  std::mt19937_64 gen(seed);
  const int64_t sizes[] = {1, 2, 3, 4, 5, 7, 8, 12, 13, 16, 17, 31, 40, 61, 64, 97};
  std::uniform_int_distribution<int> pick(0, static_cast<int>(std::size(sizes)) - 1);
  const std::pair<double, double> scalars[] = {{1, 0}, {-1.5, 0.5}, {0.5, 1}, {2, -1}};
  std::vector<CaseParams> cases;
  for (int i = 0; i < count; ++i) {
    CaseParams p;
    p.type = type;
    p.m = sizes[pick(gen)];
    p.n = sizes[pick(gen)];
    p.k = sizes[pick(gen)];
    p.transa = gen() % 2 ? Trans::kTrans : Trans::kNoTrans;
    p.transb = gen() % 2 ? Trans::kTrans : Trans::kNoTrans;
    std::tie(p.alpha, p.beta) = scalars[gen() % std::size(scalars)];
    cases.push_back(p);
  }
  // Shapes that are exact multiples of every grid used below, so the core path surely runs.
  for (const int64_t n : {60, 120}) {
    CaseParams p;
    p.type = type;
    p.m = p.n = p.k = n;
    p.alpha = 0.75;
    p.beta = -0.25;
    cases.push_back(p);
  }
  return cases;
}

void ExpectAllPass(const std::string& spec, Precision type) {
  auto reference = CreateBackend("reference");
  auto backend = CreateBackend(spec);
  RunOptions options;
  options.timing = false;
  options.warmup = 0;
  Runner runner(*reference, options);
  const auto results = runner.Run(RandomCases(type, 24, std::hash<std::string>{}(spec)),
                                  {backend.get()});
  for (const CaseResult& r : results) {
    CAPTURE(spec);
    CAPTURE(r.params.Key());
    CAPTURE(r.message);
    CHECK(r.status == Status::kPass);
    REQUIRE(!r.checks.empty());
    CHECK(r.checks[0].note.find("E=") != std::string::npos);
  }
}

TEST_CASE("alphatensor@openblas: products match the reference within the normwise bound") {
  for (const char* spec : {"alphatensor:strassen@openblas", "alphatensor:strassen/2@openblas",
                           "alphatensor:winograd@openblas", "alphatensor:strassen2@openblas",
                           "alphatensor:alphatensor-4x4x4@openblas",
                           "alphatensor:alphatensor-3x4x5@openblas",
                           "alphatensor:dps-4x4x4-48-rational@openblas"}) {
    ExpectAllPass(spec, Precision::kDouble);
  }
  ExpectAllPass("alphatensor:strassen2@openblas", Precision::kSingle);
  ExpectAllPass("alphatensor:alphatensor-4x4x4@openblas", Precision::kSingle);
}

// C = A*B through a plan with one corrupted coefficient must be far outside the bound.
TEST_CASE("alphatensor@openblas: a wrong coefficient fails the normwise check") {
  fastmm::Scheme bad = *fastmm::FindScheme("strassen");
  for (auto& x : bad.u) {
    if (!x.is_zero()) {
      x = fastmm::Rational(2) * x;
      break;
    }
  }
  fastmm::CompileOptions scatter;  // the per-product scatter path, checked beside the bad plan
  scatter.max_product_slots = 0;
  const fastmm::Plan plan = fastmm::CompilePlan(bad);
  const fastmm::Plan good = fastmm::CompilePlan(*fastmm::FindScheme("strassen2"), scatter);
  auto base = CreateBackend("openblas");
  const int64_t n = 64;
  std::vector<double> a(n * n), b(n * n), c(n * n, 0.0), want(n * n, 0.0);
  std::mt19937 gen(3);
  std::uniform_real_distribution<double> dist(-1, 1);
  for (auto& x : a) x = dist(gen);
  for (auto& x : b) x = dist(gen);
  for (int64_t j = 0; j < n; ++j)
    for (int64_t l = 0; l < n; ++l)
      for (int64_t i = 0; i < n; ++i) want[i + j * n] += a[i + l * n] * b[l + j * n];
  Call call = GemmCall<double>{Trans::kNoTrans, Trans::kNoTrans, n, n, n, 1.0, a.data(), n,
                               b.data(), n, 0.0, c.data(), n};
  auto ratio = [&](const fastmm::Plan& p) {
    base->BindFastGemm(p, call)->Run();
    double diff = 0, anorm = 0, bnorm = 0;
    for (std::size_t i = 0; i < c.size(); ++i) {
      diff += (c[i] - want[i]) * (c[i] - want[i]);
      anorm += a[i] * a[i];
      bnorm += b[i] * b[i];
    }
    return std::sqrt(diff) / (std::sqrt(n + 2.0) * std::sqrt(anorm * bnorm) * 2.2e-16);
  };
  CHECK(ratio(plan) > 1e6 * fastmm::ThresholdScale(plan));
  CHECK(ratio(good) < 3 * fastmm::ThresholdScale(good));
}

// Blocks of >= 8 MiB take the executor's streaming-store path; a thin n keeps this fast.
TEST_CASE("alphatensor@openblas: large blocks (streaming stores) match openblas") {
  const int64_t m = 2048, k = 2048, n = 48;
  std::vector<double> a(m * k), b(k * n), c(m * n, 0.0), want(m * n, 0.0);
  std::mt19937 gen(5);
  std::uniform_real_distribution<double> dist(-1, 1);
  for (auto& x : a) x = dist(gen);
  for (auto& x : b) x = dist(gen);
  Call ref = GemmCall<double>{Trans::kNoTrans, Trans::kNoTrans, m, n, k, 1.0, a.data(), m,
                              b.data(), k, 0.0, want.data(), m};
  CreateBackend("openblas")->Bind(ref)->Run();
  Call call = GemmCall<double>{Trans::kNoTrans, Trans::kNoTrans, m, n, k, 1.0, a.data(), m,
                               b.data(), k, 0.0, c.data(), m};
  auto fast = CreateBackend("alphatensor:strassen@openblas");
  fast->Bind(call)->Run();
  double diff = 0, norm = 0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    diff += (c[i] - want[i]) * (c[i] - want[i]);
    norm += want[i] * want[i];
  }
  CHECK(norm > 0);
  CHECK(std::sqrt(diff / norm) < 1e-13);
}

// Wide fusion's C combination reads 48 product slots; with 700-row blocks its rows go in
// chunks (host_fastmm.cc kChunkBytes). Both layouts, forced through the environment, agree
// with openblas; a bad LAPACK_AI_FASTMM_FUSION names itself.
TEST_CASE("alphatensor@openblas: wide (row chunks) and per-product layouts match openblas") {
  const int64_t m = 2800, k = 64, n = 48;
  std::vector<double> a(m * k), b(k * n), c0(m * n), want;
  std::mt19937 gen(9);
  std::uniform_real_distribution<double> dist(-1, 1);
  for (auto* v : {&a, &b, &c0})
    for (auto& x : *v) x = dist(gen);
  auto run = [&](const char* spec) {
    std::vector<double> c = c0;
    Call call = GemmCall<double>{Trans::kNoTrans, Trans::kNoTrans, m, n, k, 0.5, a.data(), m,
                                 b.data(), k, -1.0, c.data(), m};
    CreateBackend(spec)->Bind(call)->Run();
    return c;
  };
  want = run("openblas");
  for (const char* fusion : {"", "wide", "per-product"}) {
    CAPTURE(fusion);
    if (*fusion != '\0') setenv("LAPACK_AI_FASTMM_FUSION", fusion, 1);
    const std::vector<double> c = run("alphatensor:dps-4x4x4-48-accurate@openblas");
    unsetenv("LAPACK_AI_FASTMM_FUSION");
    double diff = 0, norm = 0;
    for (std::size_t i = 0; i < c.size(); ++i) {
      diff += (c[i] - want[i]) * (c[i] - want[i]);
      norm += want[i] * want[i];
    }
    CHECK(std::sqrt(diff / norm) < 1e-13);
  }
  setenv("LAPACK_AI_FASTMM_FUSION", "fastest", 1);
  CHECK_THROWS_WITH_AS(run("alphatensor:strassen@openblas"),
                       doctest::Contains("LAPACK_AI_FASTMM_FUSION: invalid value 'fastest'"),
                       UsageError);
  unsetenv("LAPACK_AI_FASTMM_FUSION");
}

TEST_CASE("alphatensor specs: parsing, GF(2) refusal, bare name means auto@openblas") {
  CHECK(CreateBackend("alphatensor")->Info().extra.at("scheme") == "auto");
  CHECK(CreateBackend("alphatensor:strassen/2@openblas")->Info().extra.at("E") == "144");
  CHECK(CreateBackend("alphatensor:strassen@openblas")->Info().extra.at("check_threshold_scale") == "3");
  CHECK_THROWS_AS(CreateBackend("alphatensor:nosuch@openblas"), UsageError);
  CHECK_THROWS_AS(CreateBackend("alphatensor:strassen/x@openblas"), UsageError);
  CHECK_THROWS_AS(CreateBackend("alphatensor:strassen/0@openblas"), UsageError);
  CHECK_THROWS_AS(CreateBackend("alphatensor:alphatensor-4x4x4-gf2@openblas"), UsageError);
  CHECK_THROWS_AS(CreateBackend("alphatensor:strassen@alphatensor"), UsageError);
  CHECK(!CreateBackend("alphatensor:strassen@openblas")->Supports("getrf", Precision::kDouble));
}

TEST_CASE("alphatensor:auto: crossover table picks by min(m, n, k), base GEMM below") {
  const auto table = alphatensor::ParseCrossovers(
      R"({"d": [{"min_size": 3000, "scheme": "strassen2", "levels": 1},
               {"min_size": 1000, "scheme": "strassen"},
               {"min_size": 9000, "scheme": "base"}], "s": []})",
      "test.json");
  CHECK(table.Pick(Precision::kDouble, 999, 5000, 5000) == nullptr);
  REQUIRE(table.Pick(Precision::kDouble, 1000, 5000, 5000) != nullptr);
  CHECK(table.Pick(Precision::kDouble, 1000, 5000, 5000)->scheme == "strassen");
  CHECK(table.Pick(Precision::kDouble, 4000, 5000, 3000)->scheme == "strassen2");
  CHECK(table.Pick(Precision::kSingle, 4000, 5000, 3000) == nullptr);
  CHECK(table.Pick(Precision::kDouble, 9000, 9000, 9000) == nullptr);
  try {
    alphatensor::ParseCrossovers("{\n  \"d\": [1,]\n}", "bad.json");
    FAIL("expected a UsageError");
  } catch (const UsageError& e) {
    CHECK(std::string(e.what()).find("bad.json:2:") == 0);
    CHECK(std::string(e.what()).find("^") != std::string::npos);
  }
  CHECK_THROWS_AS(alphatensor::ParseCrossovers(R"({"d": [{"min_size": 0, "scheme": "x"}]})", "t"),
                  UsageError);
  ExpectAllPass("alphatensor:auto@openblas", Precision::kDouble);
}

}  // namespace
}  // namespace lapack_ai
