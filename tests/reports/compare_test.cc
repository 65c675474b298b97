// report compare on crafted pairs: a clear slowdown, noise only, a change below the threshold,
// too few repeats, precision regressions, new and missing cases, and the output forms.
#include <doctest/doctest.h>

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

TEST_SUITE_END();

}  // namespace
}  // namespace lapack_ai
