// The ssh provider against a real sshd on loopback: the bundle and leg script travel by scp, the
// legs run detached on the "remote" side, results come back, and teardown (also mid-run) leaves
// no process and no directory there.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "cloud/fixtures_bundle.h"
#include "cloud/fixtures_provider.h"
#include "cloud/fixtures_sshd.h"

namespace lapack_ai::testing {
namespace {

namespace fs = std::filesystem;

std::string SshConfig(const SshdFixture& sshd, const std::string& run_id, const std::string& remote,
                      const std::vector<std::pair<std::string, std::string>>& legs) {
  std::string leg_text;
  for (const auto& [name, scenario] : legs) {
    leg_text += fmt::format(R"({}{{"name": "{}", "host": "lab", "scenario": "{}"}})",
                            leg_text.empty() ? "" : ", ", name, scenario);
  }
  return fmt::format(R"({{"run_id": "{}", "provider": "ssh", "lifetime_minutes": 10,
    "ssh": {}, "legs": [{}]}})",
                     run_id, sshd.ConfigSection("lab", remote), leg_text);
}

// Processes on the "remote" side still running a leg of `run_id` (their command line names the
// leg directory).
std::string RemoteProcesses(const SshdFixture& sshd, const std::string& run_id) {
  return sshd
      .Remote(
          "for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline 2>/dev/null; echo; done | "
          "grep -F 'lapack-ai+" +
          run_id + "+' | grep -v -e grep -e /proc || true")
      .out;
}

TEST_SUITE("cloud") {
  TEST_CASE(
      "cloud ssh: two legs run on a real sshd and come back and teardown leaves nothing there") {
    SshdFixture sshd;
    if (Skipped(sshd.skip_reason())) return;
    const std::string bundle = RequireTestBundle();
    FixtureDir work("lai_sshrun_");
    const std::string remote = work.path() + "/remote";
    const std::string scenario = WriteTinyScenario(work.path());
    ProviderRun run(SshConfig(sshd, "t-ssh-ok", remote, {{"a", scenario}, {"b", scenario}}),
                    work.path(), bundle);
    run.LaunchAll();
    REQUIRE(run.WaitAll(120));
    for (const auto& leg : run.legs) {
      CHECK_MESSAGE(leg.phase == cloud::LegPhase::kSucceeded, leg.leg->name, ": ", leg.message);
    }
    run.CollectAll();
    for (const auto& leg : run.legs) {
      REQUIRE(fs::exists(leg.result_path));
      const auto doc = nlohmann::json::parse(ReadText(leg.result_path));
      CHECK(doc.at("results").size() >= 2);
    }
    CHECK(!fs::is_empty(remote));
    run.Teardown();
    CHECK(fs::is_empty(remote));
    CHECK(run.state->state().Live().empty());
    // The provider's orphan sweep agrees: nothing of this run is left.
    cloud::OrphanQuery query{"t-ssh-ok", &run.config};
    CHECK(run.provider->Orphans(query).empty());
  }

  TEST_CASE("cloud ssh: teardown in the middle of a leg ends its remote process group") {
    SshdFixture sshd;
    if (Skipped(sshd.skip_reason())) return;
    const std::string bundle = RequireTestBundle();
    FixtureDir work("lai_sshrun_");
    const std::string remote = work.path() + "/remote";
    ProviderRun run(
        SshConfig(sshd, "t-ssh-kill", remote, {{"slow", WriteSlowScenario(work.path())}}),
        work.path(), bundle);
    run.LaunchAll();
    // Wait until lapack-ai itself runs there (the script first unpacks the bundle).
    bool running = false;
    for (int i = 0; i < 100 && !running; ++i) {
      running = RemoteProcesses(sshd, "t-ssh-kill").find("bin/lapack-ai run") != std::string::npos;
      if (!running) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    REQUIRE_MESSAGE(running, RemoteProcesses(sshd, "t-ssh-kill"));
    run.provider->Poll(run.ctx, run.legs[0]);
    CHECK(run.legs[0].phase == cloud::LegPhase::kRunning);
    cloud::OrphanQuery query{"t-ssh-kill", &run.config};
    const auto orphans = run.provider->Orphans(query);
    REQUIRE(orphans.size() == 1);
    CHECK(orphans[0].state == "running");
    run.Teardown();
    CHECK(RemoteProcesses(sshd, "t-ssh-kill").empty());
    CHECK(fs::is_empty(remote));
    CHECK(run.state->state().Live().empty());
  }

}  // TEST_SUITE

}  // namespace
}  // namespace lapack_ai::testing
