// The slurm provider against a one-node Slurm cluster started by the test: one job array over two
// legs runs and is collected; a teardown while a job runs (scancel) leaves the queue empty and no
// process of the run behind.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "cloud/fixtures_bundle.h"
#include "cloud/fixtures_provider.h"
#include "cloud/fixtures_slurm.h"

namespace lapack_ai::testing {
namespace {

namespace fs = std::filesystem;

std::string SlurmConfig(const std::string& run_id,
                        const std::vector<std::pair<std::string, std::string>>& legs) {
  std::string leg_text;
  for (const auto& [name, scenario] : legs) {
    leg_text += fmt::format(R"({}{{"name": "{}", "scenario": "{}"}})", leg_text.empty() ? "" : ", ",
                            name, scenario);
  }
  return fmt::format(R"({{"run_id": "{}", "provider": "slurm", "lifetime_minutes": 10,
    "slurm": {{"partition": "debug"}}, "legs": [{}]}})",
                     run_id, leg_text);
}

// Processes whose command line names this run's Slurm folder.
int RunProcesses(const std::string& marker) {
  int n = 0;
  for (const auto& p : fs::directory_iterator("/proc")) {
    const std::string cmd = ReadText(p.path().string() + "/cmdline");
    if (cmd.find(marker) != std::string::npos) ++n;
  }
  return n;
}

TEST_SUITE("cloud") {
  TEST_CASE("cloud slurm: a job array over two legs runs and is collected and leaves the queue") {
    SlurmFixture slurm;
    if (Skipped(slurm.skip_reason())) return;
    const std::string bundle = RequireTestBundle();
    FixtureDir work("lai_slurmrun_");
    const std::string scenario = WriteTinyScenario(work.path());
    ProviderRun run(SlurmConfig("t-slurm-ok", {{"a", scenario}, {"b", scenario}}), work.path(),
                    bundle);
    run.LaunchAll();
    // One array: both legs share its job id.
    CHECK(run.legs[0].data.at("job") == run.legs[1].data.at("job"));
    const auto queued = slurm.Queue();
    CHECK(!queued.empty());
    REQUIRE(run.WaitAll(120));
    for (const auto& leg : run.legs) {
      CHECK_MESSAGE(leg.phase == cloud::LegPhase::kSucceeded, leg.leg->name, ": ", leg.message);
    }
    run.CollectAll();
    for (const auto& leg : run.legs) {
      REQUIRE(fs::exists(leg.result_path));
      CHECK(nlohmann::json::parse(ReadText(leg.result_path)).at("results").size() >= 2);
    }
    run.Teardown();
    CHECK(slurm.Queue().empty());
    CHECK(run.state->state().Live().empty());
  }

  TEST_CASE("cloud slurm: teardown of a running job (scancel) leaves the queue empty") {
    SlurmFixture slurm;
    if (Skipped(slurm.skip_reason())) return;
    const std::string bundle = RequireTestBundle();
    FixtureDir work("lai_slurmrun_");
    ProviderRun run(SlurmConfig("t-slurm-kill", {{"slow", WriteSlowScenario(work.path())}}),
                    work.path(), bundle);
    run.LaunchAll();
    const std::string marker = work.path() + "/local/slurm/slow-0/bundle/bin/lapack-ai";
    bool running = false;
    for (int i = 0; i < 150 && !running; ++i) {
      running = RunProcesses(marker) > 0;
      if (!running) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    REQUIRE_MESSAGE(running, "the leg never started: ",
                    ReadText(slurm.dir() + "/slurmctld.log").substr(0, 3000));
    cloud::OrphanQuery query{"t-slurm-kill", &run.config};
    const auto orphans = run.provider->Orphans(query);
    REQUIRE(orphans.size() == 1);
    CHECK(orphans[0].run_id == "t-slurm-kill");
    run.Teardown();
    CHECK(slurm.Queue().empty());
    CHECK(RunProcesses(marker) == 0);
    CHECK(run.state->state().Live().empty());
    CHECK(run.provider->Orphans(query).empty());
  }

}  // TEST_SUITE

}  // namespace
}  // namespace lapack_ai::testing
