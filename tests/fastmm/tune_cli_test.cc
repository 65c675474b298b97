// `lapack-ai tune` end to end at tiny sizes: it writes a format-2 table for (this CPU, openblas)
// into $XDG_CONFIG_HOME, `devices` then names that file as alphatensor's crossovers; --dry-run
// writes nothing; bad values and a malformed file exit 2.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "lapack_ai/alphatensor/crossovers.h"
#include "lapack_ai/context.h"
#include "tune_test_util.h"

namespace lapack_ai::alphatensor {
namespace {

namespace fs = std::filesystem;
using lapack_ai::testing::RunCli;
using lapack_ai::testing::ScopedEnv;
using lapack_ai::testing::TempDir;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_CASE("cli tune: writes this machine's table, and devices reports it as the source") {
  const TempDir dir;
  const ScopedEnv env("LAPACK_AI_ALPHATENSOR_CROSSOVERS", std::nullopt);
  const ScopedEnv xdg("XDG_CONFIG_HOME", dir.path().string());
  const auto r = RunCli("tune --base openblas --dim 64,96 --type d --repeat 3 --candidates strassen");
  CAPTURE(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(Has(r.output, "Choice per size"));
  const fs::path file = dir.path() / "lapack-ai" / "crossovers.json";
  REQUIRE(fs::exists(file));
  const CrossoversDocument doc = ParseCrossoversDocument(ReadAll(file), file.string());
  CHECK(doc.format == 2);
  REQUIRE(doc.tables.size() == 1);
  CHECK(doc.tables[0].base == "openblas");
  CHECK(doc.tables[0].cpu == CpuModel());
  CHECK(doc.json["tables"][0]["evidence"].size() == 2);

  const auto d = RunCli("devices --json");
  REQUIRE(d.exit_code == 0);
  const nlohmann::json devices = nlohmann::json::parse(d.output.substr(d.output.find('{')));
  bool found = false;
  for (const nlohmann::json& b : devices["backends"]) {
    if (b["name"] != "alphatensor") continue;
    found = true;
    CHECK(b["extra"]["crossovers"] == fmt::format("{} (cpu {}, base openblas)", file.string(), CpuModel()));
  }
  CHECK(found);
}

TEST_CASE("cli tune --dry-run: the plan and its estimate, nothing written") {
  const TempDir dir;
  const ScopedEnv xdg("XDG_CONFIG_HOME", dir.path().string());
  const std::string json = (dir.path() / "raw.json").string();
  const auto r = RunCli(fmt::format("tune --dry-run --dim 64,96 --type d --candidates strassen --json '{}'", json));
  CAPTURE(r.output);
  CHECK(r.exit_code == 0);
  CHECK(Has(r.output, "2 cases x 2 backends"));
  CHECK(Has(r.output, "GFLOP/s"));
  CHECK(Has(r.output, "at most"));
  CHECK(Has(r.output, "would write: " + (dir.path() / "lapack-ai" / "crossovers.json").string()));
  CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("cli tune: bad values and a malformed crossovers file exit 2") {
  const TempDir dir;
  const ScopedEnv env("LAPACK_AI_ALPHATENSOR_CROSSOVERS", std::nullopt);
  const ScopedEnv xdg("XDG_CONFIG_HOME", dir.path().string());
  for (const char* args : {"--error-budget -1", "--error-budget x", "--candidates strassen/9",
                           "--candidates auto", "--candidates nosuch", "--dim 64,64x128",
                           "--dim 0", "--type q", "--repeat 0", "--base alphatensor",
                           "--base nosuch", "--max-time 0"}) {
    const auto r = RunCli(fmt::format("tune --dry-run --type d --dim 64 {}", args));
    CAPTURE(args);
    CAPTURE(r.output);
    CHECK(r.exit_code == 2);
  }
  CHECK(fs::is_empty(dir.path()));

  dir.Write("lapack-ai/crossovers.json", "{\n  \"format\": \"lapack-ai crossovers 2\",\n  \"tables\": [}\n}\n");
  const auto t = RunCli("tune --dry-run --type d --dim 64 --candidates strassen");
  CAPTURE(t.output);
  CHECK(t.exit_code == 2);
  CHECK(Has(t.output, "crossovers.json:3:"));
  CHECK(Has(t.output, "^"));
  const auto v = RunCli("validate --op gemm --type d --dim 8 --backend alphatensor");
  CAPTURE(v.output);
  CHECK(v.exit_code == 2);
  CHECK(Has(v.output, "crossovers.json:3:"));
}

}  // namespace
}  // namespace lapack_ai::alphatensor
