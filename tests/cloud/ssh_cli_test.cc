// `lapack-ai cloud run` end to end against a real sshd: two ssh legs give merged JSON and HTML;
// a SIGTERM in the middle of a leg leaves no process and no directory on the host and no live
// resource in the state file.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cloud/fixtures_bundle.h"
#include "cloud/fixtures_cli.h"
#include "cloud/fixtures_provider.h"
#include "cloud/fixtures_sshd.h"

namespace lapack_ai::testing {
namespace {

namespace fs = std::filesystem;

std::string WriteConfig(const FixtureDir& work, const SshdFixture& sshd, const std::string& run_id,
                        const std::string& bundle, const std::string& legs) {
  return work.Write("run.json",
                    fmt::format(R"({{
    // two legs on one ssh host ("lab" is the test's sshd)
    "run_id": "{}", "provider": "ssh", "lifetime_minutes": 10,
    "output": "{}/out", "bundle": "{}",
    "ssh": {}, "legs": [{}]}})",
                                run_id, work.path(), bundle,
                                sshd.ConfigSection("lab", work.path() + "/remote"), legs));
}

TEST_SUITE("cloud") {
  TEST_CASE("cloud ssh: `lapack-ai cloud run` with two ssh legs writes merged JSON and HTML") {
    SshdFixture sshd;
    if (Skipped(sshd.skip_reason())) return;
    const std::string bundle = RequireTestBundle();
    FixtureDir work("lai_sshcli_");
    const std::string tiny = WriteTinyScenario(work.path());
    const std::string config = WriteConfig(
        work, sshd, "t-sshcli-ok", bundle,
        fmt::format(
            R"({{"name": "a", "host": "lab", "scenario": "{0}"}}, {{"name": "b", "scenario": "{0}"}})",
            tiny));
    const auto r = RunCloud(config, work.path() + "/state", 240);
    CHECK_MESSAGE(r.exit_code == 0, r.Describe(), "\n", r.out, r.err);
    const std::string merged = work.path() + "/out/t-sshcli-ok/merged.json";
    REQUIRE_MESSAGE(fs::exists(merged), r.out, r.err);
    CHECK(nlohmann::json::parse(ReadText(merged)).at("results").size() >= 4);
    CHECK(fs::exists(work.path() + "/out/t-sshcli-ok/merged.html"));
    CHECK(LiveResources(work.path() + "/state", "t-sshcli-ok").empty());
    CHECK(fs::is_empty(work.path() + "/remote"));
  }

  TEST_CASE(
      "cloud ssh: SIGTERM to `lapack-ai cloud run` mid-leg leaves nothing running on the host") {
    SshdFixture sshd;
    if (Skipped(sshd.skip_reason())) return;
    const std::string bundle = RequireTestBundle();
    FixtureDir work("lai_sshcli_");
    const std::string config = WriteConfig(
        work, sshd, "t-sshcli-term", bundle,
        fmt::format(R"({{"name": "slow", "scenario": "{}"}})", WriteSlowScenario(work.path())));
    auto cli = StartCloud(config, work.path() + "/state", work.path() + "/cli.log");
    // The host is this machine, so its processes show in /proc; the leg directory names the run.
    const std::string marker = "lapack-ai+t-sshcli-term+slow+0/bundle/bin/lapack-ai";
    REQUIRE_MESSAGE(WaitForProcess(marker, 90), ReadText(work.path() + "/cli.log"));
    const auto sent = std::chrono::steady_clock::now();
    REQUIRE(::kill(cli->pid(), SIGTERM) == 0);
    const int code = cli->Wait(60);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
    CHECK(code != 0);
    CHECK_MESSAGE(seconds < 30, "teardown took ", seconds, " s");
    CHECK(ProcessesWith(marker) == 0);
    CHECK(fs::is_empty(work.path() + "/remote"));
    CHECK_MESSAGE(LiveResources(work.path() + "/state", "t-sshcli-term").empty(),
                  ReadText(work.path() + "/cli.log"));
  }

}  // TEST_SUITE

}  // namespace
}  // namespace lapack_ai::testing
