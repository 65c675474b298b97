// "What to use on this machine" from crafted records: significant wins, no difference, the
// baseline, joined size ranges and the warnings that weaken an answer.
#include <doctest/doctest.h>

#include "lapack_ai/what_to_use.h"

namespace lapack_ai {
namespace {

using nlohmann::json;

CaseResult Timed(int64_t n, const std::string& backend, double median, double lo = 0, double hi = 0,
                 const std::string& verdict = "") {
  CaseResult r;
  r.params.op = "gemm";
  r.params.type = Precision::kDouble;
  r.params.m = r.params.n = r.params.k = n;
  r.flops = 2.0 * n * n * n;
  r.backend = backend;
  r.baseline = "openblas";
  TimingStats t;
  t.median_s = median;
  t.stop_reason = "converged";
  r.timing = t;
  if (backend != "openblas") {
    r.speedup_ci = std::make_pair(lo, hi);
    r.speedup_verdict = verdict;
  }
  return r;
}

void SetSpeedups(std::vector<CaseResult>& rs) {
  for (CaseResult& r : rs)
    for (const CaseResult& b : rs)
      if (b.backend == "openblas" && b.params.n == r.params.n) r.speedup = b.timing->median_s / r.timing->median_s;
}

TEST_CASE("a significantly faster backend wins, sizes with the same answer join into a range") {
  std::vector<CaseResult> rs = {
      Timed(512, "openblas", 1.0), Timed(512, "fast", 1.1, 0.85, 0.95, "slower"),
      Timed(1024, "openblas", 1.0), Timed(1024, "fast", 1.2, 0.80, 0.86, "slower"),
      Timed(2048, "openblas", 1.0), Timed(2048, "fast", 0.8, 1.20, 1.30, "faster"),
      Timed(4096, "openblas", 1.0), Timed(4096, "fast", 0.9, 1.05, 1.15, "faster")};
  SetSpeedups(rs);
  const json rec = Recommend(rs, json::array());
  REQUIRE(rec.size() == 2);
  CHECK(rec[0]["backend"] == "openblas");
  CHECK(rec[0]["verdict"] == "baseline");
  CHECK(rec[0]["size_label"] == "n=512..1024");
  CHECK(rec[1]["backend"] == "fast");
  CHECK(rec[1]["verdict"] == "faster");
  CHECK(rec[1]["size_label"] == "n=2048..4096");
  CHECK(rec[1]["cases"] == 2);
  // The weakest size's interval is the one quoted: 1.05 at n=4096, not 1.20 at 2048.
  CHECK(rec[1]["speedup_ci"][0].get<double>() == doctest::Approx(1.05));
  CHECK(rec[1]["text"].get<std::string>().find("[1.05, 1.15]") != std::string::npos);
  CHECK(FormatRecommendations(rec).find("What to use on this machine:") != std::string::npos);
}

TEST_CASE("an interval holding 1 keeps the baseline and says there is no significant difference") {
  std::vector<CaseResult> rs = {Timed(1024, "openblas", 1.0),
                                Timed(1024, "twin", 0.99, 0.97, 1.04, "no_difference")};
  SetSpeedups(rs);
  const json rec = Recommend(rs, json::array());
  REQUIRE(rec.size() == 1);
  CHECK(rec[0]["backend"] == "openblas");
  CHECK(rec[0]["verdict"] == "no_difference");
  const std::string text = rec[0]["text"];
  CHECK(text.find("no significant difference from twin") != std::string::npos);
  CHECK(text.find("≈") != std::string::npos);
}

TEST_CASE("environment warnings and unstable timings weaken an answer, and failed backends never win") {
  std::vector<CaseResult> rs = {Timed(256, "openblas", 1.0), Timed(256, "wrong", 0.5, 1.9, 2.1, "faster")};
  rs[1].status = Status::kFailed;
  rs[0].timing->unstable = true;
  SetSpeedups(rs);
  const json warnings = json::array({{{"id", "busy_machine"}, {"severity", "warning"}},
                                     {{"id", "cpu_governor"}, {"severity", "info"}}});
  const json rec = Recommend(rs, warnings);
  REQUIRE(rec.size() == 1);
  CHECK(rec[0]["backend"] == "openblas");
  CHECK(rec[0]["verdict"] == "only_one");
  CHECK(rec[0]["warnings"] == json::array({"busy_machine", "unstable_timing"}));
  CHECK(rec[0]["text"].get<std::string>().find("weakened by: busy_machine, unstable_timing") !=
        std::string::npos);
}

TEST_CASE("untimed results give no recommendation") {
  CaseResult r;
  r.params.op = "gemm";
  r.backend = "openblas";
  CHECK(Recommend({r}, json::array()).empty());
  CHECK(FormatRecommendations(json::array()).empty());
}

}  // namespace
}  // namespace lapack_ai
