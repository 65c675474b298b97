// `lapack-ai run` end to end: a tiny run of the shipped default scenario writes the JSON (with
// the scenario in its context) and the HTML; a misspelt key exits 2 naming line and column.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_runner.h"

namespace lapack_ai {
namespace {

namespace fs = std::filesystem;

using Outcome = testing::CliResult;
using testing::RunCli;

fs::path TempDir(const char* name) {
  const fs::path dir = fs::temp_directory_path() / fmt::format("lapack_ai_{}_{}", name, getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST_CASE("run: the default scenario writes <name>-<UTC>.json and .html") {
  const fs::path dir = TempDir("run");
  const Outcome r = RunCli(fmt::format(
      "run default --dim 8,24 --repeat 1 --warmup 0 --min-sample-time 0 --quiet --out '{}'",
      dir.string()));
  CAPTURE(r.output);
  CHECK(r.exit_code == 0);
  fs::path json, html;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".json") json = e.path();
    if (e.path().extension() == ".html") html = e.path();
  }
  REQUIRE(!json.empty());
  REQUIRE(!html.empty());
  CHECK(json.filename().string().starts_with("default-"));
  CHECK(html.stem() == json.stem());
  std::ifstream in(json);
  const nlohmann::json doc = nlohmann::json::parse(in);
  CHECK(doc["context"]["scenario"]["name"] == "default");
  CHECK(doc["context"]["scenario"]["sweeps"].size() == 2);
  // --dim overrides both sweeps: s,d x 2 sizes x (openblas, reference) + s,d x 2 sizes x openblas.
  CHECK(doc["results"].size() == 12);
  fs::remove_all(dir);
}

TEST_CASE("run: ends with 'What to use on this machine', intervals and the environment checks") {
  const fs::path dir = TempDir("answer");
  const Outcome r = RunCli(fmt::format(
      "run default --dim 16,32 --repeat 4 --warmup 0 --min-sample-time 0 --no-html --out '{}'",
      dir.string()));
  CAPTURE(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("What to use on this machine:") != std::string::npos);
  CHECK(r.output.find("gemm d n=16..32: ") != std::string::npos);
  CHECK(std::regex_search(r.output, std::regex(R"(reference +[0-9.e+-]+ +3 .*[0-9.]+x \[[0-9.]+, [0-9.]+\])")));
  fs::path json;
  for (const auto& e : fs::directory_iterator(dir)) json = e.path();
  std::ifstream in(json);
  const nlohmann::json doc = nlohmann::json::parse(in);
  CHECK(doc["context"]["warnings"].is_array());
  CHECK(doc["context"]["environment"]["blas"].is_array());
  CHECK(doc["context"]["statistics"]["seed"] == 1988);
  REQUIRE(doc["recommendations"].size() == 2);  // s and d, each one range n=16..32
  for (const auto& rec : doc["recommendations"]) CHECK(rec["text"].get<std::string>().size() > 10);
  int intervals = 0;
  for (const auto& res : doc["results"]) {
    if (res["backend"] == "reference") {
      CHECK(res["speedup_ci"].is_array());
      ++intervals;
    }
    CHECK(res["timing"]["samples_s"].size() == 4);
    CHECK(res["timing"]["stop_reason"] == "fixed");
  }
  CHECK(intervals == 4);
  fs::remove_all(dir);
}

TEST_CASE("run: a typo in a scenario exits 2 with line, column, caret and suggestion") {
  const fs::path dir = TempDir("typo");
  const fs::path file = dir / "typo.json";
  std::ofstream(file) << "{\n  \"name\": \"t\",\n  \"backend\": \"openblas\",\n  \"dimz\": 8\n}\n";
  const Outcome r = RunCli("run '" + file.string() + "'");
  CHECK(r.exit_code == 2);
  CHECK(r.output.find(file.string() + ":4:3: unknown key \"dimz\"; did you mean \"dim\"?\n"
                                      "  \"dimz\": 8\n  ^") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("run: --list shows the shipped scenarios, --dry-run counts cases") {
  const Outcome list = RunCli("run --list");
  CHECK(list.exit_code == 0);
  CHECK(list.output.find("transformer-attention") != std::string::npos);
  const Outcome dry = RunCli("run default --dry-run");
  CHECK(dry.exit_code == 0);
  CHECK(dry.output.find("sweep 1: 6 cases x 2 backends (openblas, reference)") !=
        std::string::npos);
}

}  // namespace
}  // namespace lapack_ai
