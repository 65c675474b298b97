// Crossover files: format 2 read, merged and written atomically; the lookup order of
// alphatensor:auto (environment file, the user's table for this CPU and base, shipped default);
// malformed files named with line, column and caret; the source shown in the backend's info.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include <fmt/format.h>

#include "lapack_ai/alphatensor/crossovers_file.h"
#include "lapack_ai/backend.h"
#include "lapack_ai/context.h"
#include "lapack_ai/error.h"
#include "tune_test_util.h"

namespace lapack_ai::alphatensor {
namespace {

using testing::ScopedEnv;
using testing::TempDir;

constexpr const char* kShipped = "shipped default (data/alphatensor_crossovers.json)";

nlohmann::json Table(const std::string& cpu, const std::string& base, int64_t d_from) {
  return {{"cpu", cpu},
          {"base", base},
          {"measured", "test"},
          {"s", nlohmann::json::array()},
          {"d", {{{"min_size", d_from}, {"scheme", "strassen"}, {"levels", 1}}}},
          {"evidence", nlohmann::json::array()}};
}

std::string File2(std::initializer_list<nlohmann::json> tables) {
  return nlohmann::json{{"format", kCrossoversFormat2}, {"tables", tables}}.dump(2);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string UsageMessage(const std::function<void()>& f) {
  try {
    f();
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST_CASE("crossovers file: format 2 round trip, one table replaced, the others kept") {
  const TempDir dir;
  const std::string path = (dir.path() / "cfg" / "lapack-ai" / "crossovers.json").string();
  nlohmann::json doc = ReadCrossoversFile(path);  // no file yet: an empty document
  CHECK(doc["format"] == kCrossoversFormat2);
  CHECK(doc["tables"].empty());
  ReplaceCrossoverTable(doc, Table("CPU A", "openblas", 2048));
  ReplaceCrossoverTable(doc, Table("CPU A", "lib:blis", 4096));
  ReplaceCrossoverTable(doc, Table("CPU B", "openblas", 1024));
  WriteCrossoversFile(path, doc);  // creates the folders

  nlohmann::json again = ReadCrossoversFile(path);
  CHECK(again == doc);
  ReplaceCrossoverTable(again, Table("CPU A", "openblas", 8192));
  WriteCrossoversFile(path, again);
  const CrossoversDocument parsed = ParseCrossoversDocument(ReadAll(path), path);
  CHECK(parsed.format == 2);
  REQUIRE(parsed.tables.size() == 3);
  CHECK(parsed.tables[0].dbl.front().min_size == 8192);  // replaced in place
  CHECK(parsed.tables[1].base == "lib:blis");
  CHECK(parsed.tables[1].dbl.front().min_size == 4096);  // kept
  CHECK(parsed.tables[2].cpu == "CPU B");
  CHECK(parsed.tables[0].source == path + " (cpu CPU A, base openblas)");

  // Atomic replacement leaves nothing but the file: no temp file beside it.
  int entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(path).parent_path())) {
    CHECK(e.path().filename() == "crossovers.json");
    ++entries;
  }
  CHECK(entries == 1);
}

TEST_CASE("crossovers file: format errors name the file, line and column, or the pointer") {
  const std::string syntax = UsageMessage([] {
    ParseCrossoversDocument("{\n  \"format\": \"lapack-ai crossovers 2\",\n  \"tables\": [,]\n}", "c.json");
  });
  CHECK(syntax.find("c.json:3:") == 0);
  CHECK(syntax.find("\"tables\": [,]") != std::string::npos);
  CHECK(syntax.find("^") != std::string::npos);
  nlohmann::json zero = Table("x", "openblas", 1);
  zero["d"][0]["min_size"] = 0;
  CHECK(UsageMessage([&] { ParseCrossoversDocument(File2({zero}), "c.json"); })
            .find("c.json: /tables/0/d/0: min_size must be >= 1") == 0);
  CHECK(UsageMessage([] { ParseCrossoversDocument(File2({{{"base", "openblas"}}}), "c.json"); })
            .find("/tables/0: \"cpu\" is missing") != std::string::npos);
  CHECK(UsageMessage([] { ParseCrossoversDocument(R"({"format": "v9"})", "c.json"); })
            .find("unknown format") != std::string::npos);
  // tune refuses to merge into a format-1 file (it would drop it).
  const TempDir dir;
  const std::string v1 = dir.Write("v1.json", R"({"d": [{"min_size": 64, "scheme": "strassen"}]})");
  CHECK(UsageMessage([&] { ReadCrossoversFile(v1); }).find("format-1") != std::string::npos);
  // Format 1 still parses as it always did.
  CHECK(ParseCrossovers(R"({"format": "lapack-ai alphatensor crossovers 1", "d": []})", "t").dbl.empty());
}

TEST_CASE("crossovers lookup: env file, then the user's table for this cpu and base, then shipped") {
  const TempDir dir;
  const std::string env_v1 =
      dir.Write("env1.json", R"({"base": "openblas", "d": [{"min_size": 111, "scheme": "strassen"}]})");
  const std::string env_v2 = dir.Write("env2.json", File2({Table("CPU A", "openblas", 222)}));
  const std::string user = dir.Write("user.json", File2({Table("CPU B", "openblas", 444),
                                                         Table("CPU A", "openblas", 333),
                                                         Table("CPU A", "lib:blis", 555)}));
  auto first_d = [](const CrossoverTable& t) { return t.dbl.empty() ? 0 : t.dbl.front().min_size; };

  // 1. The environment's file: format 1 for any base, format 2 only for a matching table.
  CHECK(first_d(LoadCrossovers("openblas", "CPU A", {env_v1, user})) == 111);
  CHECK(LoadCrossovers("lib:blis", "CPU Z", {env_v1, user}).source == env_v1);
  CHECK(first_d(LoadCrossovers("openblas", "CPU A", {env_v2, user})) == 222);
  CHECK(LoadCrossovers("openblas", "CPU A", {env_v2, user}).source ==
        env_v2 + " (cpu CPU A, base openblas)");
  // 2. No matching table there: the user's table for (cpu, base).
  CHECK(first_d(LoadCrossovers("lib:blis", "CPU A", {env_v2, user})) == 555);
  CHECK(first_d(LoadCrossovers("openblas", "CPU A", {"", user})) == 333);
  CHECK(first_d(LoadCrossovers("openblas", "CPU B", {"", user})) == 444);
  // 3. A table of another cpu or base is ignored: the shipped default.
  CHECK(LoadCrossovers("openblas", "CPU C", {"", user}).source == kShipped);
  CHECK(LoadCrossovers("reference", "CPU A", {"", user}).source == kShipped);
  CHECK(LoadCrossovers("openblas", "CPU A", {"", (dir.path() / "none.json").string()}).source == kShipped);
  CHECK(LoadCrossovers("openblas", "CPU A", {"", ""}).source == kShipped);

  // A named file that is missing, and a malformed user file, are errors.
  CHECK_THROWS_AS(LoadCrossovers("openblas", "CPU A", {(dir.path() / "none.json").string(), ""}),
                  UsageError);
  const std::string bad = dir.Write("bad.json", "{\n  \"format\": \"lapack-ai crossovers 2\"\n  \"tables\": []\n}");
  const std::string msg = UsageMessage([&] { LoadCrossovers("openblas", "CPU A", {"", bad}); });
  CHECK(msg.find(bad + ":3:") == 0);
  CHECK(msg.find("^") != std::string::npos);
  CHECK_THROWS_AS(LoadCrossovers("openblas", "CPU A", {"", env_v1}), UsageError);  // format 1
}

TEST_CASE("crossovers lookup: the user file follows XDG_CONFIG_HOME, else HOME") {
  {
    const ScopedEnv xdg("XDG_CONFIG_HOME", "/x/cfg");
    CHECK(UserCrossoversPath() == "/x/cfg/lapack-ai/crossovers.json");
  }
  const ScopedEnv xdg("XDG_CONFIG_HOME", "relative/ignored");
  const ScopedEnv home("HOME", "/home/u");
  CHECK(UserCrossoversPath() == "/home/u/.config/lapack-ai/crossovers.json");
  const ScopedEnv no_home("HOME", std::nullopt);
  CHECK(UserCrossoversPath().empty());
}

TEST_CASE("alphatensor:auto names the table in force: the user's for this cpu and base") {
  const TempDir dir;
  const ScopedEnv env("LAPACK_AI_ALPHATENSOR_CROSSOVERS", std::nullopt);
  const ScopedEnv xdg("XDG_CONFIG_HOME", dir.path().string());
  CHECK(CreateBackend("alphatensor")->Info().extra.at("crossovers") == kShipped);
  const std::string path = dir.Write("lapack-ai/crossovers.json",
                                     File2({Table("another CPU", "openblas", 64),
                                            Table(CpuModel(), "openblas", 64)}));
  CHECK(CreateBackend("alphatensor:auto@openblas")->Info().extra.at("crossovers") ==
        fmt::format("{} (cpu {}, base openblas)", path, CpuModel()));
  dir.Write("lapack-ai/crossovers.json", "{\"format\": ");
  CHECK_THROWS_AS(CreateBackend("alphatensor"), UsageError);
}

}  // namespace
}  // namespace lapack_ai::alphatensor
