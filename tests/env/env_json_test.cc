// The check table, the findings' JSON and console forms, and the environment readings stored in
// results contexts (stable keys; "unknown"/null where a source is missing).
#include <doctest/doctest.h>

#include <set>

#include "env/fake_system.h"

namespace lapack_ai::env {
namespace {

using testing::FakeSystem;
using testing::OpenblasInfo;

TEST_CASE("env table: ten rows with unique ids - only window rows run at the end") {
  std::set<std::string_view> ids;
  for (const Check& c : Checks()) {
    CHECK(ids.insert(c.id).second);
    CHECK(c.severity == Severity::kWarning);
    CHECK_FALSE(c.reads.empty());
    CHECK_FALSE(c.summary.empty());
  }
  CHECK(ids.size() == 10);
  FakeSystem sys;
  const LoadWindow w = testing::Window(0);
  std::vector<std::string_view> end_ids;
  for (const CheckReport& r : RunChecks(sys, {}, Phase::kEnd, &w)) end_ids.push_back(r.check->id);
  CHECK(end_ids == std::vector<std::string_view>{"busy_machine", "vm_steal", "swap_in_use"});
}

TEST_CASE("env: a healthy fake machine has no findings - a sick one lists them in table order") {
  FakeSystem sys;
  const LoadWindow idle = testing::Window(0.01);
  CHECK(CheckEnvironment(sys, {OpenblasInfo("Zen")}, Phase::kStart, &idle).empty());

  sys.optimized = false;
  sys.env = {{"OPENBLAS_CORETYPE", "Prescott"}};
  const LoadWindow busy = testing::Window(3.0);
  const auto findings = CheckEnvironment(sys, {OpenblasInfo("Prescott")}, Phase::kStart, &busy);
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].id == "blas_kernel_below_cpu");
  CHECK(findings[1].id == "busy_machine");
  CHECK(findings[2].id == "debug_build");
}

TEST_CASE("env json: findings carry fix_env only when there is one - console form") {
  Finding f;
  f.id = "busy_machine";
  f.message = "other processes kept 1.50 cores busy";
  f.fix = "run on an idle machine";
  f.phase = Phase::kEnd;
  nlohmann::json j = ToJson(std::vector<Finding>{f});
  CHECK(j[0]["id"] == "busy_machine");
  CHECK(j[0]["severity"] == "warning");
  CHECK(j[0]["phase"] == "end");
  CHECK_FALSE(j[0].contains("fix_env"));
  f.fix_env = {{"OPENBLAS_CORETYPE", "Zen"}};
  j = ToJson(std::vector<Finding>{f});
  CHECK(j[0]["fix_env"]["OPENBLAS_CORETYPE"] == "Zen");
  CHECK(FormatFinding(f) ==
        "warning [busy_machine] other processes kept 1.50 cores busy\n"
        "          fix: run on an idle machine");
  CHECK(ToString(Severity::kInfo) == "info");
  CHECK(ToString(CheckState::kNotApplicable) == "not_applicable");
}

TEST_CASE("env json: the environment readings of a fake machine") {
  FakeSystem sys;
  sys.env = {{"OMP_NUM_THREADS", "4"}};
  sys.Write("/proc/meminfo", "SwapTotal: 2048 kB\nSwapFree: 1024 kB\n");
  const LoadWindow w = testing::Window(0.5, 0.01, 0);
  const nlohmann::json e = EnvironmentJson(sys, {OpenblasInfo("Prescott", 2)}, &w);
  CHECK(e["cpu"]["model"] == "AMD EPYC 7B13");
  CHECK(e["cpu"]["vendor"] == "AuthenticAMD");
  CHECK(e["cpu"]["family"] == 25);
  CHECK(e["cpu"]["best_isa"] == "AVX2");
  CHECK(e["blas"][0] == nlohmann::json{{"backend", "openblas"},
                                       {"library", "OpenBLAS 0.3.21"},
                                       {"kernel", "Prescott"},
                                       {"kernel_isa", "SSE3"},
                                       {"threads", 2}});
  CHECK(e["governor"] == "performance");
  CHECK(e["online_cpus"] == 4);
  CHECK(e["thread_env"]["OMP_NUM_THREADS"] == "4");
  CHECK(e["thread_env"]["OPENBLAS_CORETYPE"].is_null());
  CHECK(e["swap_used_bytes"] == 1024 * 1024);
  CHECK(e["build_optimized"] == true);
  CHECK(e["load"]["other_cpu_cores"] == 0.5);

  sys.Write("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "powersave\n");
  CHECK(EnvironmentJson(sys, {})["governor"] == "mixed: performance cpu 0,2-3; powersave cpu 1");
  for (int c = 0; c < 4; ++c) {
    sys.Remove("/sys/devices/system/cpu/cpu" + std::to_string(c) + "/cpufreq/scaling_governor");
  }
  sys.Remove("/proc/meminfo");
  sys.Remove("/sys/devices/system/cpu/online");
  const nlohmann::json bare = EnvironmentJson(sys, {});
  CHECK(bare["governor"] == "unknown");
  CHECK(bare["swap_used_bytes"].is_null());
  CHECK(bare["online_cpus"].is_null());
  CHECK(bare["load"].is_null());
}

}  // namespace
}  // namespace lapack_ai::env
