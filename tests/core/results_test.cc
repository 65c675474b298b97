// Tests of the results JSON: strict output (no bare NaN), round trip, and atomic writes.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "lapack_ai/result.h"

namespace lapack_ai {
namespace {

CaseResult SampleResult() {
  CaseResult r;
  r.params.m = 3;
  r.params.n = 4;
  r.params.k = 5;
  r.params.transa = Trans::kTrans;
  r.params.alpha = 0.5;
  r.backend = "openblas";
  r.status = Status::kFailed;
  r.message = "gemm_normwise = nan";
  r.flops = 120;
  CheckResult c;
  c.name = "gemm_normwise";
  c.formula = "f";
  c.norm = "fro";
  c.eps_name = "epsilon";
  c.eps = 2.2e-16;
  c.value = std::nan("");
  c.threshold = 3;
  r.checks.push_back(c);
  TimingStats t;
  t.samples_s = {1e-3, 2e-3, 3e-3};
  t.min_s = 1e-3;
  t.median_s = 2e-3;
  t.mean_s = 2e-3;
  t.stddev_s = 1e-3;
  t.cv = 0.5;
  r.timing = t;
  r.gflops = 0.06;
  r.baseline = "openblas";
  r.speedup = 1.0;
  return r;
}

TEST_CASE("results JSON is strict: non-finite numbers become null") {
  ResultsDocument doc;
  doc.results.push_back(SampleResult());
  const std::string text = ToJson(doc).dump();
  CHECK(text.find("NaN") == std::string::npos);
  CHECK(text.find("nan") != std::string::npos);  // only inside the message string
  const auto j = nlohmann::json::parse(text);
  CHECK(j["results"][0]["checks"][0]["ratio"].is_null());
  CHECK(j["results"][0]["error_ratio"].is_null());
  CHECK(j["results"][0]["status"] == "FAILED");
  CHECK(j["summary"]["failed"] == 1);
  CHECK(j["schema_version"] == kResultsSchemaVersion);
}

TEST_CASE("results JSON round trip keeps every field") {
  ResultsDocument doc;
  doc.context = {{"host", "h"}};
  doc.results.push_back(SampleResult());
  const ResultsDocument back = ResultsFromJson(nlohmann::json::parse(ToJson(doc).dump()));
  REQUIRE(back.results.size() == 1);
  const CaseResult& r = back.results[0];
  CHECK(r.params.m == 3);
  CHECK(r.params.k == 5);
  CHECK(r.params.transa == Trans::kTrans);
  CHECK(r.params.alpha == 0.5);
  CHECK(r.status == Status::kFailed);
  CHECK(std::isnan(r.checks[0].value));
  REQUIRE(r.timing.has_value());
  CHECK(r.timing->samples_s.size() == 3);
  CHECK(r.timing->median_s == doctest::Approx(2e-3));
  CHECK(r.speedup.value_or(0) == 1.0);
  CHECK(back.context["host"] == "h");
  // Serialising again gives the same text.
  CHECK(ToJson(back).dump() == ToJson(doc).dump());
}

TEST_CASE("results JSON round trip keeps intervals, stop reasons, memory and recommendations") {
  ResultsDocument doc;
  CaseResult r = SampleResult();
  r.backend = "alphatensor:strassen@openblas";
  r.speedup = 1.24;
  r.speedup_ci = std::make_pair(1.18, 1.31);
  r.speedup_verdict = "faster";
  r.speedup_seed = 123456789012345ull;
  r.timing->stop_reason = "max_time";
  r.timing->unstable = true;
  r.timing->unstable_reason = "CV 50.0% > 5.0%";
  r.memory.host_bytes_needed = 3.5e9;
  r.memory.host_bytes_available = 2e9;
  r.memory.resource_error = true;
  doc.results.push_back(r);
  doc.recommendations = nlohmann::json::array({{{"op", "gemm"}, {"verdict", "faster"}}});
  const nlohmann::json j = ToJson(doc);
  CHECK(j["results"][0]["speedup_ci"] == nlohmann::json::array({1.18, 1.31}));
  CHECK(j["results"][0]["speedup"]["verdict"] == "faster");
  CHECK(j["results"][0]["memory"]["device_bytes_needed"].is_null());
  CHECK(j["recommendations"][0]["verdict"] == "faster");
  const ResultsDocument back = ResultsFromJson(nlohmann::json::parse(j.dump()));
  const CaseResult& b = back.results[0];
  REQUIRE(b.speedup_ci.has_value());
  CHECK(b.speedup_ci->first == 1.18);
  CHECK(b.speedup_seed == 123456789012345ull);
  CHECK(b.timing->stop_reason == "max_time");
  CHECK(b.timing->unstable);
  CHECK(b.memory.host_bytes_needed.value_or(0) == 3.5e9);
  CHECK_FALSE(b.memory.device_bytes_needed.has_value());
  CHECK(b.memory.resource_error);
  CHECK(Summarize(back.results).resource_errors == 1);
  CHECK(ToJson(back).dump() == j.dump());
}

TEST_CASE("ResultsFromJson rejects malformed documents with the JSON path") {
  CHECK_THROWS_WITH(ResultsFromJson(nlohmann::json::array()), doctest::Contains("not an object"));
  auto j = ToJson(ResultsDocument{});
  j["schema_version"] = 999;
  CHECK_THROWS_WITH(ResultsFromJson(j), doctest::Contains("newer"));
  j = ToJson(ResultsDocument{.results = {SampleResult()}});
  j["results"][0].erase("backend");
  CHECK_THROWS_WITH(ResultsFromJson(j), doctest::Contains("/results/0/backend"));
}

TEST_CASE("WriteFileAtomically replaces the file and leaves no temp file") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "lapack_ai_atomic_test";
  fs::remove_all(dir);
  const std::string path = (dir / "sub" / "out.json").string();
  WriteFileAtomically(path, "first");
  WriteFileAtomically(path, "second");
  std::stringstream ss;
  ss << std::ifstream(path).rdbuf();
  CHECK(ss.str() == "second");
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir / "sub")) ++files;
  CHECK(files == 1);
  // A target that cannot be created fails loudly and leaves the old file alone.
  CHECK_THROWS(WriteFileAtomically((dir / "sub" / "out.json" / "x").string(), "y"));
  std::stringstream again;
  again << std::ifstream(path).rdbuf();
  CHECK(again.str() == "second");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace lapack_ai
