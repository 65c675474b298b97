// report merge: legs keep their contexts and tags, a merged file splits back into its legs,
// names stay unique, bad input names the file; warnings and recommendations keep their leg, and
// legs whose environments differ from the first leg's say how.
#include <doctest/doctest.h>

#include "lapack_ai/error.h"
#include "lapack_ai/reports/merge.h"
#include "reports/report_fixtures.h"

namespace lapack_ai {
namespace {

TEST_SUITE_BEGIN("reports");

using reports::Leg;

std::vector<Leg> TwoLegs() {
  Leg a{"h100", "h100.json", test::FakeDoc({64, 128}, 1.0, 5, 0.01, 1)};
  Leg b{"l4", "l4.json", test::FakeDoc({64}, 2.0, 5, 0.01, 2)};
  a.doc.context["host"] = "gpu-a";
  b.doc.context["host"] = "gpu-b";
  b.doc.results[1].status = Status::kFailed;
  return {a, b};
}

TEST_CASE("merge: one document with context.legs and tagged results") {
  const nlohmann::json merged = reports::MergeLegs(TwoLegs(), {{"tool", "lapack-ai"}});
  CHECK(merged["schema_version"] == kResultsSchemaVersion);
  CHECK(merged["context"]["merged"].get<bool>());
  REQUIRE(merged["context"]["legs"].size() == 2);
  CHECK(merged["context"]["legs"][1]["context"]["host"] == "gpu-b");
  REQUIRE(merged["results"].size() == 6);
  CHECK(merged["results"][0]["leg"] == "h100");
  CHECK(merged["results"][5]["leg"] == "l4");
  CHECK(merged["summary"]["total"] == 6);
  CHECK(merged["summary"]["failed"] == 1);
}

TEST_CASE("merge: a merged file reads back as its legs") {
  const std::vector<Leg> legs = TwoLegs();
  const auto back = reports::LegsFromJson(reports::MergeLegs(legs, {}).dump(), "merged.json");
  REQUIRE(back.size() == 2);
  for (std::size_t i = 0; i < legs.size(); ++i) {
    CHECK(back[i].name == legs[i].name);
    CHECK(back[i].doc.context["host"] == legs[i].doc.context["host"]);
    REQUIRE(back[i].doc.results.size() == legs[i].doc.results.size());
    CHECK(back[i].doc.results.back().status == legs[i].doc.results.back().status);
  }
  // Merging a merged file again flattens it rather than nesting.
  const auto again = reports::LegsFromJson(reports::MergeLegs(back, {}).dump(), "m2.json");
  CHECK(again.size() == 2);
}

TEST_CASE("merge: plain files are legs named after their stem and duplicates get a suffix") {
  const std::string text = ToJson(test::FakeDoc({64}, 1.0, 3, 0.01, 3)).dump();
  auto legs = reports::LegsFromJson(text, "out/ci/run.json");
  REQUIRE(legs.size() == 1);
  CHECK(legs[0].name == "run");
  legs.push_back(legs[0]);
  legs.push_back(legs[0]);
  reports::DeduplicateLegNames(legs);
  CHECK(legs[0].name == "run");
  CHECK(legs[1].name == "run-2");
  CHECK(legs[2].name == "run-3");
}

TEST_CASE("merge: bad input names the file and what is wrong") {
  auto message = [](const std::string& text) {
    try {
      reports::LegsFromJson(text, "bad.json");
    } catch (const UsageError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("{\"schema_version\": 1,").find("bad.json: not valid JSON") == 0);
  CHECK(message("[1, 2]").find("bad.json") == 0);
  nlohmann::json merged = reports::MergeLegs(TwoLegs(), {});
  merged["results"][2]["leg"] = "nosuch";
  const std::string m = message(merged.dump());
  CHECK(m.find("/results/2/leg") != std::string::npos);
  CHECK(m.find("nosuch") != std::string::npos);
}

// Two checked legs: h100 as TrustContext, l4 on another CPU with a busy-machine warning.
std::vector<Leg> TrustLegs() {
  std::vector<Leg> legs = TwoLegs();
  legs[0].doc.context = test::TrustContext();
  legs[1].doc.context = test::TrustContext();
  legs[1].doc.context["cpu_model"] = "AMD EPYC";
  legs[1].doc.context["warnings"] = {{{"id", "busy_machine"}, {"severity", "warning"},
                                      {"message", "load 3"}, {"fix", "wait"}}};
  return legs;
}

TEST_CASE("merge: warnings are tagged with their leg and differing environments are listed") {
  const nlohmann::json merged = reports::MergeLegs(
      TrustLegs(), {{"tool", "lapack-ai"}, {"warnings", {{{"id", "merging_machine"}}}}});
  const nlohmann::json& warnings = merged["context"]["warnings"];
  REQUIRE(warnings.size() == 3);  // the merging machine's own entry is gone
  CHECK(warnings[0]["id"] == "blas_kernel_below_cpu");
  CHECK(warnings[0]["leg"] == "h100");
  CHECK(warnings[2]["id"] == "busy_machine");
  CHECK(warnings[2]["leg"] == "l4");
  // The legs' own contexts are kept as they were, untagged.
  CHECK_FALSE(merged["context"]["legs"][1]["context"]["warnings"][0].contains("leg"));
  const nlohmann::json& diffs = merged["context"]["environment_differences"];
  REQUIRE(diffs.size() == 1);
  CHECK(diffs[0]["leg"] == "l4");
  CHECK(diffs[0]["differences"] ==
        nlohmann::json({"cpu model: Intel Xeon -> AMD EPYC", "warnings only in new: busy_machine",
                        "warnings only in base: blas_kernel_below_cpu, cpu_governor"}));
}

TEST_CASE("merge: same environments and unchecked legs add neither key") {
  std::vector<Leg> legs = TrustLegs();
  legs[1].doc.context = legs[0].doc.context;
  const nlohmann::json same = reports::MergeLegs(legs, {{"tool", "lapack-ai"}});
  CHECK_FALSE(same["context"].contains("environment_differences"));
  CHECK(same["context"]["warnings"].size() == 4);
  const nlohmann::json old = reports::MergeLegs(TwoLegs(), {{"warnings", nlohmann::json::array()}});
  CHECK_FALSE(old["context"].contains("warnings"));
  CHECK_FALSE(old["context"].contains("environment_differences"));
  CHECK_FALSE(old.contains("recommendations"));
}

TEST_CASE("merge: recommendations are tagged with their leg and split back with it") {
  std::vector<Leg> legs = TrustLegs();
  legs[0].doc.recommendations = {test::Recommendation("openblas", "baseline", 1.0, nullptr)};
  legs[1].doc.recommendations = {test::Recommendation("opencl", "faster", 2.0, {1.9, 2.1}),
                                 test::Recommendation("openblas", "baseline", 1.0, nullptr)};
  const nlohmann::json merged = reports::MergeLegs(legs, {});
  REQUIRE(merged["recommendations"].size() == 3);
  CHECK(merged["recommendations"][0]["leg"] == "h100");
  CHECK(merged["recommendations"][1]["leg"] == "l4");
  const auto back = reports::LegsFromJson(merged.dump(), "merged.json");
  REQUIRE(back.size() == 2);
  CHECK(back[0].doc.recommendations == legs[0].doc.recommendations);  // the tag is removed
  CHECK(back[1].doc.recommendations == legs[1].doc.recommendations);
  nlohmann::json bad = merged;
  bad["recommendations"][1]["leg"] = "nosuch";
  CHECK_THROWS_WITH_AS(reports::LegsFromJson(bad.dump(), "m.json"),
                       doctest::Contains("/recommendations/1/leg 'nosuch'"), UsageError);
}

TEST_SUITE_END();

}  // namespace
}  // namespace lapack_ai
