// The slurm provider against a one-node Slurm cluster started by the test: one job array over two
// legs runs and is collected; legs with their own partition and sbatch_args are submitted as an
// array of their own and sbatch got them; a teardown while a job runs (scancel) leaves the queue
// empty and no process of the run behind. Per-leg settings are checked with carets first.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "cloud/fixtures_bundle.h"
#include "cloud/fixtures_provider.h"
#include "cloud/fixtures_slurm.h"
#include "lapack_ai/cloud/config.h"
#include "lapack_ai/error.h"

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

std::string SlurmConfigError(const std::string& text) {
  try {
    cloud::MakeProvider("slurm")->Configure(cloud::ParseRunConfig(text, "run.jsonc"));
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

// Lines of `lines` that start with `prefix`.
std::vector<std::string> Starting(const std::vector<std::string>& lines, const std::string& prefix) {
  std::vector<std::string> out;
  for (const std::string& l : lines)
    if (l.rfind(prefix, 0) == 0) out.push_back(l);
  return out;
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

  TEST_CASE("cloud slurm: per-leg partition and sbatch_args are checked and split the array") {
    const std::string head =
        R"({"provider": "slurm", "slurm": {"partition": "debug", "sbatch_args": ["--exclusive"]}, "legs": [)";
    const std::string bad_partition = SlurmConfigError(head + "\n  {\"name\": \"a\", \"partition\": 5}]}");
    CHECK(bad_partition.find("run.jsonc:2:30:") != std::string::npos);
    CHECK(bad_partition.find("expected a string") != std::string::npos);
    CHECK(bad_partition.find("^") != std::string::npos);
    const std::string bad_args = SlurmConfigError(head + "{\"name\": \"a\", \"sbatch_args\": {\"x\": 1}}]}");
    CHECK(bad_args.find("run.jsonc:1:") != std::string::npos);
    CHECK(bad_args.find("sbatch_args") != std::string::npos);
    CHECK(bad_args.find("^") != std::string::npos);
    // Only slurm legs take them.
    CHECK(SlurmConfigError(R"({"legs": [{"name": "a", "provider": "local", "partition": "x"}]})")
              .find("unknown key \"partition\"") != std::string::npos);

    const cloud::RunConfig config = cloud::ParseRunConfig(
        head + R"({"name": "a"}, {"name": "b", "partition": "gpu", "sbatch_args": ["--nice=7"]},
                  {"name": "c", "sbatch_args": []}, {"name": "d"}]})",
        "run.jsonc");
    auto provider = cloud::MakeProvider("slurm");
    provider->Configure(config);
    cloud::RunContext ctx;
    ctx.config = &config;
    ctx.run_id = "t-plan";
    ctx.work_dir = "/tmp/lai-slurm-plan";
    std::vector<const cloud::Leg*> legs;
    for (const cloud::Leg& l : config.legs) legs.push_back(&l);
    const cloud::Plan plan = provider->MakePlan(ctx, legs);
    std::vector<std::string> submits;
    for (const cloud::PlannedCall& c : plan.calls)
      if (!c.argv.empty() && c.argv[0] == "sbatch") submits.push_back(c.purpose + ": " + cloud::FormatCommand(c.argv));
    // a and d agree (the section's); b and c each override something ([] clears the section's).
    REQUIRE(submits.size() == 3);
    CHECK(submits[0].find("legs a, d:") != std::string::npos);
    CHECK(submits[0].find("--partition debug --exclusive") != std::string::npos);
    CHECK(submits[0].find("--array 0-1") != std::string::npos);
    CHECK(submits[1].find("legs b:") != std::string::npos);
    CHECK(submits[1].find("--partition gpu --nice=7") != std::string::npos);
    CHECK(submits[1].find("lapack-ai-t-plan-set2") != std::string::npos);
    CHECK(submits[2].find("legs c:") != std::string::npos);
    CHECK(submits[2].find("--partition debug") != std::string::npos);
    CHECK(submits[2].find("--exclusive") == std::string::npos);
  }

  TEST_CASE("cloud slurm: a leg with its own partition and sbatch_args runs in its own array") {
    SlurmFixture slurm;
    if (Skipped(slurm.skip_reason())) return;
    const std::string bundle = RequireTestBundle();
    FixtureDir work("lai_slurmrun_");
    const std::string scenario = WriteTinyScenario(work.path());
    // --hold keeps both arrays in the queue until the test has looked at them.
    ProviderRun run(fmt::format(R"({{"run_id": "t-slurm-mixed", "provider": "slurm",
      "lifetime_minutes": 10, "slurm": {{"partition": "debug", "sbatch_args": ["--hold"]}},
      "legs": [{{"name": "a", "scenario": "{0}"}},
               {{"name": "b", "scenario": "{0}", "partition": "gpu", "sbatch_args": ["--hold", "--nice=7"]}},
               {{"name": "c", "scenario": "{0}"}}]}})",
                                scenario),
                    work.path(), bundle);
    run.LaunchAll();
    const std::string shared = run.legs[0].data.at("job"), own = run.legs[1].data.at("job");
    CHECK(run.legs[2].data.at("job") == shared);
    CHECK(own != shared);
    const std::vector<std::string> queue = slurm.QueueLines("%A|%P|%y|%j");
    const std::vector<std::string> shared_lines = Starting(queue, shared + "|");
    const std::vector<std::string> own_lines = Starting(queue, own + "|");
    REQUIRE_MESSAGE(!shared_lines.empty(), fmt::format("{}", fmt::join(queue, "\n")));
    REQUIRE_MESSAGE(!own_lines.empty(), fmt::format("{}", fmt::join(queue, "\n")));
    for (const std::string& l : shared_lines) CHECK(l == shared + "|debug|0|lapack-ai-t-slurm-mixed");
    for (const std::string& l : own_lines) CHECK(l == own + "|gpu|7|lapack-ai-t-slurm-mixed-set2");
    for (const std::string& job : {shared, own}) CHECK(Run({"scontrol", "release", job}).ok());
    REQUIRE(run.WaitAll(120));
    for (const auto& leg : run.legs) {
      CHECK_MESSAGE(leg.phase == cloud::LegPhase::kSucceeded, leg.leg->name, ": ", leg.message);
    }
    run.CollectAll();
    for (const auto& leg : run.legs) CHECK(fs::exists(leg.result_path));
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
