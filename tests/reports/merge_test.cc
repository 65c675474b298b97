// report merge: legs keep their contexts and tags, a merged file splits back into its legs,
// names stay unique, bad input names the file.
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

TEST_SUITE_END();

}  // namespace
}  // namespace lapack_ai
