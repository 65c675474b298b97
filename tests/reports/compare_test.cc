// report compare on crafted pairs: a clear slowdown, noise only, a change below the threshold,
// too few repeats, precision regressions, new and missing cases, the output forms, and what
// differs between the two runs' environments.
#include <doctest/doctest.h>

#include <functional>

#include "lapack_ai/reports/compare.h"
#include "reports/report_fixtures.h"

namespace lapack_ai {
namespace {

TEST_SUITE_BEGIN("reports");

using reports::Compare;
using reports::CompareOptions;
using reports::SpeedVerdict;
using test::FakeDoc;

TEST_CASE("compare: a 20% slowdown beyond noise is a regression") {
  const ResultsDocument base = FakeDoc({64, 128}, 1.0, 10, 0.02, 1);
  const ResultsDocument next = FakeDoc({64, 128}, 1.2, 10, 0.02, 100);
  const auto report = Compare(base, next);
  REQUIRE(report.matched.size() == base.results.size());
  for (const auto& c : report.matched) {
    CHECK(c.speed == SpeedVerdict::kSlower);
    REQUIRE(c.change_percent);
    CHECK(*c.change_percent > 10.0);
    REQUIRE(c.p_value);
    CHECK(*c.p_value < 0.05);
  }
  CHECK(report.speed_regressions() == static_cast<int>(base.results.size()));
  CHECK(report.regression());
}

TEST_CASE("compare: noise only (same distribution and other draws) is not a regression") {
  const ResultsDocument base = FakeDoc({64, 128, 256}, 1.0, 10, 0.03, 7);
  const ResultsDocument next = FakeDoc({64, 128, 256}, 1.0, 10, 0.03, 700);
  const auto report = Compare(base, next);
  CHECK(report.matched.size() == base.results.size());
  CHECK(report.speed_regressions() == 0);
  CHECK_FALSE(report.regression());
}

TEST_CASE("compare: a significant change smaller than --threshold is noise") {
  const ResultsDocument base = FakeDoc({128}, 1.0, 10, 0.001, 3);
  const ResultsDocument next = FakeDoc({128}, 1.03, 10, 0.001, 30);
  CompareOptions options;
  options.threshold_percent = 5.0;
  auto report = Compare(base, next, options);
  for (const auto& c : report.matched) {
    CHECK(*c.p_value < 0.05);
    CHECK(c.speed == SpeedVerdict::kUnchanged);
  }
  CHECK_FALSE(report.regression());
  options.threshold_percent = 1.0;
  CHECK(Compare(base, next, options).regression());
}

TEST_CASE("compare: faster is reported but is not a regression") {
  const auto report = Compare(FakeDoc({128}, 1.0, 8, 0.01, 5), FakeDoc({128}, 0.7, 8, 0.01, 50));
  CHECK(report.improvements() == 2);
  CHECK_FALSE(report.regression());
}

TEST_CASE("compare: with three repeats a side the speed is not judged") {
  const auto report = Compare(FakeDoc({128}, 1.0, 3, 0.01, 5), FakeDoc({128}, 2.0, 3, 0.01, 50));
  for (const auto& c : report.matched) CHECK(c.speed == SpeedVerdict::kTooFewSamples);
  CHECK_FALSE(report.regression());
}

TEST_CASE("compare: a status that got worse or a ratio past its threshold is a regression") {
  const ResultsDocument base = FakeDoc({64, 128}, 1.0, 6, 0.01, 11);
  ResultsDocument next = FakeDoc({64, 128}, 1.0, 6, 0.01, 12);
  next.results[0].status = Status::kError;
  next.results[0].message = "dgemm_ failed";
  next.results[1].checks[0].value = 5.0;  // threshold is 3
  const auto report = Compare(base, next);
  CHECK(report.matched[0].status_worse);
  CHECK(report.matched[1].ratio_crossed);
  CHECK(report.precision_regressions() == 2);
  CHECK(report.regression());
  // A ratio that grew but stays below the threshold is not.
  ResultsDocument grew = FakeDoc({64, 128}, 1.0, 6, 0.01, 12);
  grew.results[1].checks[0].value = 2.5;
  CHECK_FALSE(Compare(base, grew).regression());
}

TEST_CASE("compare: new and missing cases are listed and missing fails only when asked") {
  const ResultsDocument base = FakeDoc({64, 128}, 1.0, 6, 0.01, 21);
  const ResultsDocument next = FakeDoc({128, 256}, 1.0, 6, 0.01, 22);
  CompareOptions options;
  auto report = Compare(base, next, options);
  CHECK(report.matched.size() == 2);
  CHECK(report.added.size() == 2);
  CHECK(report.missing.size() == 2);
  CHECK(report.missing[0].params.find("64x64x64") != std::string::npos);
  CHECK_FALSE(report.regression());
  options.fail_on_missing = true;
  CHECK(Compare(base, next, options).regression());
}

TEST_CASE("compare: JSON and Markdown and text say the same verdict") {
  ResultsDocument base = FakeDoc({64}, 1.0, 10, 0.01, 31);
  ResultsDocument next = FakeDoc({64}, 1.5, 10, 0.01, 32);
  next.results[0].backend = base.results[0].backend = "weird|name";
  const auto report = Compare(base, next);
  const nlohmann::json j = reports::ToJson(report);
  CHECK(j["regression"].get<bool>());
  CHECK(j["counts"]["speed_regressions"].get<int>() == 2);
  CHECK(j["cases"][0]["speed"] == "SLOWER");
  const std::string md = reports::ToMarkdown(report);
  CHECK(md.find("REGRESSION") != std::string::npos);
  CHECK(md.find("weird\\|name") != std::string::npos);  // a pipe would split the cell
  CHECK(reports::ToText(report).find("SLOWER") != std::string::npos);
}

TEST_CASE("compare: merged legs pair up by name whatever their order") {
  using reports::Leg;
  const std::vector<Leg> base = {{"a100", "a.json", FakeDoc({64}, 1.0, 8, 0.01, 41)},
                                 {"l4", "b.json", FakeDoc({64}, 3.0, 8, 0.01, 42)},
                                 {"t4", "c.json", FakeDoc({64}, 5.0, 8, 0.01, 43)}};
  // Same machines in another order; l4 got 20 % slower; t4 is gone.
  const std::vector<Leg> next = {{"l4", "b.json", FakeDoc({64}, 3.6, 8, 0.01, 52)},
                                 {"a100", "a.json", FakeDoc({64}, 1.0, 8, 0.01, 51)}};
  const auto report = reports::CompareLegs(base, next);
  REQUIRE(report.matched.size() == 4);
  for (const auto& c : report.matched) {
    CHECK(c.speed == (c.leg == "l4" ? SpeedVerdict::kSlower : SpeedVerdict::kUnchanged));
  }
  REQUIRE(report.missing.size() == 2);
  CHECK(report.missing[0].leg == "t4");
  CHECK(report.regression());
}

using nlohmann::json;

TEST_CASE("compare: EnvironmentDifferences names each kind of difference, one line each") {
  struct Change {
    std::function<void(json&)> apply;
    std::string line;
  };
  const std::vector<Change> changes = {
      {[](json& c) { c["cpu_model"] = "AMD EPYC"; }, "cpu model: Intel Xeon -> AMD EPYC"},
      {[](json& c) { c["cpu_cores"] = 16; }, "cpu cores: 2 -> 16"},
      {[](json& c) { c["environment"]["cpu"]["isa"] = "AVX2"; }, "cpu isa: AVX-512 -> AVX2"},
      {[](json& c) { c["environment"]["blas"][0]["kernel"] = "SkylakeX"; },
       "openblas kernel: Prescott -> SkylakeX"},
      {[](json& c) { c["environment"]["governor"] = "performance"; },
       "governor: unknown -> performance"},
      {[](json& c) { c["environment"]["build_optimized"] = false; },
       "build optimized: true -> false"},
      {[](json& c) { c["environment"]["thread_env"]["OMP_NUM_THREADS"] = "4"; },
       "OMP_NUM_THREADS: '' -> '4'"},
      {[](json& c) {  // the older context.env and thread_env agree: one line, not two
         c["env"]["OPENBLAS_CORETYPE"] = "SkylakeX";
         c["environment"]["thread_env"]["OPENBLAS_CORETYPE"] = "SkylakeX";
       }, "OPENBLAS_CORETYPE: '' -> 'SkylakeX'"},
      {[](json& c) { c["backends"][0]["threads"] = 16; }, "threads openblas: 2 -> 16"},
      {[](json& c) { c["backends"][0]["library"] = "OpenBLAS 0.3.26"; },
       "library openblas: OpenBLAS 0.3.21 -> OpenBLAS 0.3.26"},
      {[](json& c) { c["backends"].push_back({{"name", "opencl"}, {"available", true}}); },
       "backends only in new: opencl"},
      {[](json& c) { c["statistics"]["confidence"] = 0.99; },
       "statistics confidence: 0.95 -> 0.99"},
      {[](json& c) { c["warnings"].push_back({{"id", "busy_machine"}, {"severity", "warning"}}); },
       "warnings only in new: busy_machine"},
      {[](json& c) { c["warnings"].erase(0); }, "warnings only in base: blas_kernel_below_cpu"},
      {[](json& c) { c["git_sha"] = "bbbb222"; }, "git sha: aaaa111 -> bbbb222"},
      {[](json& c) { c.erase("environment"); },
       "environment readings only in base (the other file predates them)"},
  };
  const json base = test::TrustContext();
  for (const Change& change : changes) {
    json next = base;
    change.apply(next);
    CAPTURE(change.line);
    CHECK(reports::EnvironmentDifferences(base, next) == std::vector<std::string>{change.line});
  }
  // The checks' own spellings: best_isa for the ISA, null for an unset variable (same as "").
  json checks = base;
  checks["environment"]["cpu"].erase("isa");
  checks["environment"]["cpu"]["best_isa"] = "AVX2";
  checks["environment"]["thread_env"]["OPENBLAS_CORETYPE"] = nullptr;
  checks["environment"]["thread_env"]["OMP_NUM_THREADS"] = nullptr;
  json with_omp = checks;
  with_omp["environment"]["thread_env"]["OMP_NUM_THREADS"] = "8";
  CHECK(reports::EnvironmentDifferences(base, checks) ==
        std::vector<std::string>{"cpu isa: AVX-512 -> AVX2"});
  CHECK(reports::EnvironmentDifferences(checks, with_omp) ==
        std::vector<std::string>{"OMP_NUM_THREADS: '' -> '8'"});
  // The seed and the order of readings do not matter; the same context gives nothing.
  json reseeded = base;
  reseeded["statistics"]["seed"] = 7;
  CHECK(reports::EnvironmentDifferences(base, reseeded).empty());
  CHECK(reports::EnvironmentDifferences(base, base).empty());
}

TEST_CASE("compare: EnvironmentDifferences treats missing or odd readings as unknown") {
  const json full = test::TrustContext();
  CHECK(reports::EnvironmentDifferences(json::object(), json::object()).empty());
  CHECK(reports::EnvironmentDifferences(nullptr, json::array()).empty());
  // Old files (no environment, no warnings) against new ones: one line, no false alarms.
  const auto lines = reports::EnvironmentDifferences(test::FakeDoc({8}, 1, 1, 0, 1).context, full);
  CHECK(lines == std::vector<std::string>{
                     "environment readings only in new (the other file predates them)"});
  json odd = full;
  odd["environment"]["blas"] = "not a list";
  odd["environment"]["cpu"] = 5;
  odd["environment"]["thread_env"] = json::array({1, 2});
  odd["backends"] = {{{"threads", 3}}, 7, {{"name", 5}}};
  odd["warnings"] = {{{"severity", "info"}}, "busy_machine", 3};
  odd["statistics"] = "none";
  odd["cpu_cores"] = nullptr;
  std::vector<std::string> out;
  CHECK_NOTHROW(out = reports::EnvironmentDifferences(full, odd));
  CHECK_NOTHROW(reports::EnvironmentDifferences(odd, full));
  CHECK(std::find(out.begin(), out.end(), "backends only in base: openblas") != out.end());
}

TEST_CASE("compare: environment differences are printed in every form and never gate") {
  ResultsDocument base = FakeDoc({64}, 1.0, 10, 0.02, 61), next = FakeDoc({64}, 1.0, 10, 0.02, 62);
  base.context = test::TrustContext();
  next.context = test::TrustContext();
  next.context["cpu_model"] = "AMD EPYC <b>";
  next.context["environment"]["blas"][0]["kernel"] = "SkylakeX";
  const auto report = Compare(base, next);
  CHECK_FALSE(report.regression());
  REQUIRE(report.environment_differences.size() == 2);
  const std::string text = reports::ToText(report);
  const auto list = text.find("Environments differ:\n  - cpu model: Intel Xeon -> AMD EPYC <b>\n"
                              "  - openblas kernel: Prescott -> SkylakeX\n");
  REQUIRE(list != std::string::npos);
  CHECK(list < text.find("error ratio"));  // before the table
  CHECK(text.rfind("OK", 0) == 0);         // the headline stays the first line
  const std::string md = reports::ToMarkdown(report);
  CHECK(md.find("**Environments differ:**\n\n- cpu model: Intel Xeon -> AMD EPYC &lt;b>\n"
                "- openblas kernel: Prescott -> SkylakeX\n") != std::string::npos);
  CHECK(md.find("**Environments differ:**") < md.find("| case |"));
  const json j = reports::ToJson(report);
  CHECK(j["environment_differences"] == json(report.environment_differences));
  // Same environments: no list at all.
  const auto same = Compare(base, base);
  CHECK(reports::ToText(same).find("Environments differ") == std::string::npos);
  CHECK(reports::ToJson(same)["environment_differences"] == json::array());
}

TEST_CASE("compare: legs report their environment differences under their name") {
  using reports::Leg;
  Leg a{"h100", "a.json", FakeDoc({64}, 1.0, 8, 0.01, 71)}, l4{"l4", "b.json", FakeDoc({64}, 1, 8, 0.01, 72)};
  a.doc.context = l4.doc.context = test::TrustContext();
  Leg a2 = a, l4b = l4, gone{"t4", "c.json", FakeDoc({64}, 1, 8, 0.01, 73)};
  l4b.doc.context["backends"][0]["threads"] = 8;
  const auto report = reports::CompareLegs({a, l4, gone}, {l4b, a2});
  CHECK(report.environment_differences == std::vector<std::string>{"l4: threads openblas: 2 -> 8"});
  CHECK_FALSE(report.regression());
}

TEST_SUITE_END();

}  // namespace
}  // namespace lapack_ai
