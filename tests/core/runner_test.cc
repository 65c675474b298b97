// Runner behaviour without real hardware: unsupported and failing backends, timing with a fake
// clock through Google Benchmark, speedups against the baseline.
#include <doctest/doctest.h>

#include <algorithm>

#include "fake_backend.h"
#include "lapack_ai/runner.h"
#include "lapack_ai/sweep.h"
#include "lapack_ai/timer.h"

namespace lapack_ai {
namespace {

using testing::FakeBackend;

// Each Now() advances by the next scripted step, so every timed call lasts exactly that.
class ScriptedClock final : public Clock {
 public:
  explicit ScriptedClock(double step) : step_(step) {}
  double Now() override {
    now_ += 0.5 * step_;  // two reads per call: start and end
    return now_;
  }

 private:
  double step_;
  double now_ = 0;
};

class CountingCall final : public BoundCall {
 public:
  void Reset() override { ++resets; }
  void Run() override { ++runs; }
  void Fetch() override {}
  int resets = 0, runs = 0;
};

TEST_CASE("TimeInterleaved reports Google Benchmark's statistics of manual times") {
  CountingCall a, b;
  ScriptedClock clock(0.004);
  std::vector<std::string> errors;
  const auto stats = TimeInterleaved({{"a", &a, 3}, {"b", &b, 1}}, 5, &errors, clock);
  REQUIRE(stats.size() == 2);
  CHECK(errors[0].empty());
  CHECK(a.runs == 15);
  CHECK(b.runs == 5);
  CHECK(a.resets == a.runs);  // every timed call starts from restored operands
  CHECK(stats[0].samples_s.size() == 5);
  CHECK(stats[0].iterations_per_sample == 3);
  for (double s : stats[0].samples_s) CHECK(s == doctest::Approx(0.002));
  CHECK(stats[0].median_s == doctest::Approx(0.002));
  CHECK(stats[0].min_s == doctest::Approx(0.002));
  CHECK(stats[0].mean_s == doctest::Approx(0.002));
  CHECK(stats[0].cv == doctest::Approx(0.0).epsilon(1e-6));
}

TEST_CASE("unsupported and throwing backends are recorded, the sweep continues") {
  auto reference = CreateBackend("reference");
  FakeBackend unsupported("nope", FakeBackend::Mode::kUnsupported);
  FakeBackend throwing("boom", FakeBackend::Mode::kThrow);
  FakeBackend good("good", FakeBackend::Mode::kCorrect);
  good.transfers = true;
  SweepSpec spec;
  spec.dims = ParseDims("4,8");
  RunOptions opt;
  opt.repeat = 2;
  opt.warmup = 1;
  opt.baseline = "good";
  opt.min_sample_s = 1e-4;
  Runner runner(*reference, opt);
  std::size_t last_done = 0;
  const auto results = runner.Run(ExpandSweep(spec), {&unsupported, &throwing, &good},
                                  [&](std::size_t done, std::size_t, const std::string&) { last_done = done; });
  REQUIRE(results.size() == 6);
  CHECK(last_done == 2);
  for (std::size_t i = 0; i < results.size(); i += 3) {
    CHECK(results[i].status == Status::kUnsupported);
    CHECK(results[i + 1].status == Status::kError);
    CHECK(results[i + 1].message.find("device lost") != std::string::npos);
    CHECK(results[i + 2].status == Status::kPass);
    REQUIRE(results[i + 2].timing.has_value());
    CHECK(results[i + 2].timing->samples_s.size() == 2);
    CHECK(results[i + 2].gflops.value_or(0) > 0);
    CHECK(results[i + 2].timing->transfers_included);
    CHECK(results[i + 2].speedup.value_or(0) == doctest::Approx(1.0));
    CHECK_FALSE(results[i + 1].timing.has_value());
  }
}

// A real A/A pair and a planted slowdown through --repeat auto: both sides are openblas, one
// wrapped by calib (a second instance; slow=1.5 stretches each call by half). The effect is 50 %,
// so neither check can flake on a noisy machine; the 10 % calibration lives in
// tests/stats/bootstrap_calibration_test.cc (synthetic) and bench/trust-aa.sh (real).
TEST_CASE("repeat auto samples in rounds, records why it stopped and gives every speedup an interval") {
  auto reference = CreateBackend("reference");
  auto base = CreateBackend("openblas");
  auto twin = CreateBackend("calib@openblas");
  auto slow = CreateBackend("calib:slow=1.5@openblas");
  CaseParams p;
  p.op = "gemm";
  p.m = p.n = p.k = 96;
  RunOptions opt;
  opt.repeat_auto = true;
  opt.max_time_s = 4;
  opt.min_sample_s = 5e-4;
  opt.baseline = "openblas";
  Runner runner(*reference, opt);
  const auto results = runner.Run({p}, {base.get(), twin.get(), slow.get()});
  REQUIRE(results.size() == 3);
  for (const CaseResult& r : results) {
    CAPTURE(r.backend);
    REQUIRE(r.timing.has_value());
    CHECK(r.timing->samples_s.size() >= 10);  // the first round alone is 10
    const std::string& stop = r.timing->stop_reason;
    // A noisy machine may reach the sample cap before the interval narrows: also a recorded reason.
    CHECK((stop == "converged" || stop == "max_time" || stop == "max_samples"));
  }
  CHECK_FALSE(results[0].speedup_ci.has_value());  // the baseline itself
  for (std::size_t i : {1u, 2u}) {
    REQUIRE(results[i].speedup_ci.has_value());
    CHECK(results[i].speedup_ci->first <= *results[i].speedup);
    CHECK(*results[i].speedup <= results[i].speedup_ci->second);
    CHECK(results[i].speedup_seed != 0);
  }
  CHECK(results[2].speedup_verdict == "slower");
  CHECK(results[2].speedup_ci->second < 1.0);
  // A converged run met the target: the widest interval is within +-2 %.
  if (results[0].timing->stop_reason == "converged") {
    for (std::size_t i : {1u, 2u}) {
      const auto [lo, hi] = *results[i].speedup_ci;
      CHECK((hi - lo) / 2 / *results[i].speedup <= 0.02 + 1e-12);
    }
  }
}

TEST_CASE("a fixed --repeat takes exactly that many samples and says so") {
  auto reference = CreateBackend("reference");
  FakeBackend good("good", FakeBackend::Mode::kCorrect);
  CaseParams p;
  p.op = "gemm";
  p.m = p.n = p.k = 8;
  RunOptions opt;
  opt.repeat = 7;
  opt.min_sample_s = 1e-4;
  opt.baseline = "good";
  Runner runner(*reference, opt);
  const auto results = runner.Run({p}, {&good});
  REQUIRE(results[0].timing.has_value());
  CHECK(results[0].timing->samples_s.size() == 7);
  CHECK(results[0].timing->stop_reason == "fixed");
}

}  // namespace
}  // namespace lapack_ai
