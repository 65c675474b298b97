// Scenario reading: golden error messages for each kind of mistake (tests/scenario/errors/*.json
// against the .err next to it; LAPACK_AI_UPDATE_GOLDEN=1 rewrites them), the meaning of a valid
// file, and every shipped scenario parsing and validating in this build.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "lapack_ai/error.h"
#include "lapack_ai/scenario.h"

namespace lapack_ai {
namespace {

namespace fs = std::filesystem;
const fs::path kErrors = fs::path(LAPACK_AI_SOURCE_DIR) / "tests/scenario/errors";

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string ErrorOf(std::string_view text, const std::string& path) {
  try {
    ParseScenario(text, path);
  } catch (const UsageError& e) {
    return std::string(e.what()) + "\n";
  }
  return "(no error)\n";
}

TEST_CASE("scenario: golden error messages, one file per kind of mistake") {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kErrors)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 30);
  const bool update = std::getenv("LAPACK_AI_UPDATE_GOLDEN") != nullptr;
  for (const fs::path& file : files) {
    const std::string got = ErrorOf(Slurp(file), "errors/" + file.filename().string());
    fs::path golden = file;
    golden.replace_extension(".err");
    if (update) std::ofstream(golden, std::ios::binary) << got;
    CAPTURE(file.filename().string());
    CHECK(got != "(no error)\n");
    CHECK(got == Slurp(golden));
  }
}

TEST_CASE("scenario: a typo is reported with line, column, the line and a suggestion") {
  const std::string got =
      ErrorOf("{\n  \"name\": \"t\",\n  \"dimz\": 8,\n  \"backend\": \"openblas\"\n}", "typo.json");
  CHECK(got == "typo.json:3:3: unknown key \"dimz\"; did you mean \"dim\"?\n  \"dimz\": 8,\n  ^\n");
}

TEST_CASE("scenario: top-level values are defaults for every sweep") {
  const Scenario sc = ParseScenario(R"({
    // comment
    "name": "two-blocks", "description": "d", "type": "d", "repeat": 3, "tol": 40,
    "output": {"dir": "out", "html": false},
    "sweeps": [
      {"dim": [16, "32:64:32"], "backend": ["openblas", "reference"]},
      {"description": "big", "dim": 128, "backend": "openblas", "repeat": 1, "type": ["s", "d"]},
    ],
  })",
                                    "x.json");
  CHECK(sc.name == "two-blocks");
  CHECK(sc.output_dir == "out");
  CHECK_FALSE(sc.html);
  CHECK(sc.hash.starts_with("fnv1a64:"));
  REQUIRE(sc.sweeps.size() == 2);
  CHECK(sc.sweeps[0].settings.dim == "16,32:64:32");
  CHECK(sc.sweeps[0].settings.backend == "openblas,reference");
  CHECK(sc.sweeps[0].settings.repeat == "3");
  CHECK(sc.sweeps[0].settings.tol == 40);
  CHECK(sc.sweeps[0].settings.type == "d");
  CHECK(sc.sweeps[1].description == "big");
  CHECK(sc.sweeps[1].settings.repeat == "1");
  CHECK(sc.sweeps[1].settings.type == "s,d");
  CHECK(ExpandSweep(ParseSweepSpec(sc.sweeps[0].settings)).size() == 3);
  CHECK(ExpandSweep(ParseSweepSpec(sc.sweeps[1].settings)).size() == 2);
}

TEST_CASE("scenario: without \"sweeps\" the top level is the one sweep") {
  const Scenario sc =
      ParseScenario(R"({"name": "one", "dim": 8, "backend": "cuda", "seed": 7})", "y.json");
  REQUIRE(sc.sweeps.size() == 1);
  CHECK(sc.sweeps[0].settings.backend == "cuda");
  CHECK(sc.sweeps[0].settings.seed == "7");
  CHECK(sc.output_dir == "results");
  CHECK(sc.html);
}

TEST_CASE("scenario: every shipped scenario parses and validates (known ops and backends)") {
  const auto shipped = ShippedScenarios();
  std::vector<std::string> names;
  for (const ShippedScenario& s : shipped) names.emplace_back(s.name);
  for (const char* want : {"default", "gemm-square", "alphatensor", "transformer-attention",
                           "solvers", "svd-embeddings", "batched-4x4"}) {
    CHECK_MESSAGE(std::find(names.begin(), names.end(), want) != names.end(), want);
  }
  for (const ShippedScenario& s : shipped) {
    CAPTURE(s.name);
    // The embedded copy is the file in scenarios/.
    CHECK(s.text ==
          Slurp(fs::path(LAPACK_AI_SOURCE_DIR) / "scenarios" / (std::string(s.name) + ".json")));
    const Scenario sc = ParseScenario(s.text, std::string(s.name) + ".json");
    CHECK(sc.name == s.name);
    CHECK(!sc.description.empty());
    for (const ScenarioSweep& sweep : sc.sweeps) {
      CHECK(!ExpandSweep(ParseSweepSpec(sweep.settings)).empty());
    }
  }
}

TEST_CASE("scenario: LoadScenario reads files and shipped names") {
  CHECK(LoadScenario("default").name == "default");
  CHECK(LoadScenario("default.json").source == "scenarios/default.json");
  const std::string path = (fs::path(LAPACK_AI_SOURCE_DIR) / "scenarios/default.json").string();
  CHECK(LoadScenario(path).source == path);
  CHECK_THROWS_WITH_AS(LoadScenario("defualt"), doctest::Contains("did you mean \"default\"?"),
                       UsageError);
}

}  // namespace
}  // namespace lapack_ai
