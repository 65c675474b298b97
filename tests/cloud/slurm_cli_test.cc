// `lapack-ai cloud run` end to end against the one-node Slurm cluster: a two-leg job array gives
// merged JSON and HTML; a SIGTERM while a job runs leaves the queue empty and no process behind.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <signal.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cloud/fixtures_bundle.h"
#include "cloud/fixtures_cli.h"
#include "cloud/fixtures_provider.h"
#include "cloud/fixtures_slurm.h"

namespace lapack_ai::testing {
namespace {

namespace fs = std::filesystem;

std::string WriteConfig(const FixtureDir& work, const std::string& run_id,
                        const std::string& bundle, const std::string& legs) {
  return work.Write("run.json", fmt::format(R"({{
    "run_id": "{}", "provider": "slurm", "lifetime_minutes": 10,
    "output": "{}/out", "bundle": "{}",
    "slurm": {{"partition": "debug"}}, "legs": [{}]}})",
                                            run_id, work.path(), bundle, legs));
}

TEST_SUITE("cloud") {
  TEST_CASE(
      "cloud slurm: `lapack-ai cloud run` with a two-leg job array writes merged JSON and HTML") {
    SlurmFixture slurm;
    if (Skipped(slurm.skip_reason())) return;
    const std::string bundle = RequireTestBundle();
    FixtureDir work("lai_slurmcli_");
    const std::string tiny = WriteTinyScenario(work.path());
    const std::string config = WriteConfig(
        work, "t-slurmcli-ok", bundle,
        fmt::format(R"({{"name": "a", "scenario": "{0}"}}, {{"name": "b", "scenario": "{0}"}})",
                    tiny));
    const auto r = RunCloud(config, work.path() + "/state", 240);
    CHECK_MESSAGE(r.exit_code == 0, r.Describe(), "\n", r.out, r.err);
    const std::string merged = work.path() + "/out/t-slurmcli-ok/merged.json";
    REQUIRE_MESSAGE(fs::exists(merged), r.out, r.err);
    CHECK(nlohmann::json::parse(ReadText(merged)).at("results").size() >= 4);
    CHECK(fs::exists(work.path() + "/out/t-slurmcli-ok/merged.html"));
    CHECK(LiveResources(work.path() + "/state", "t-slurmcli-ok").empty());
    CHECK(slurm.Queue().empty());
  }

  TEST_CASE(
      "cloud slurm: SIGTERM to `lapack-ai cloud run` while the job runs leaves the queue empty") {
    SlurmFixture slurm;
    if (Skipped(slurm.skip_reason())) return;
    const std::string bundle = RequireTestBundle();
    FixtureDir work("lai_slurmcli_");
    const std::string config = WriteConfig(
        work, "t-slurmcli-term", bundle,
        fmt::format(R"({{"name": "slow", "scenario": "{}"}})", WriteSlowScenario(work.path())));
    auto cli = StartCloud(config, work.path() + "/state", work.path() + "/cli.log");
    const std::string marker =
        work.path() + "/out/t-slurmcli-term/slurm/slow-0/bundle/bin/lapack-ai";
    REQUIRE_MESSAGE(WaitForProcess(marker, 90), ReadText(work.path() + "/cli.log"));
    CHECK(!slurm.Queue().empty());
    REQUIRE(::kill(cli->pid(), SIGTERM) == 0);
    CHECK(cli->Wait(60) != 0);
    CHECK(slurm.Queue().empty());
    CHECK(ProcessesWith(marker) == 0);
    CHECK_MESSAGE(LiveResources(work.path() + "/state", "t-slurmcli-term").empty(),
                  ReadText(work.path() + "/cli.log"));
  }

}  // TEST_SUITE

}  // namespace
}  // namespace lapack_ai::testing
