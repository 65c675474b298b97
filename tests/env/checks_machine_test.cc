// busy_machine, vm_steal, cpu_governor, swap_in_use and debug_build on fake machines: each
// message firing, quiet on a healthy machine, "unknown" when its source is missing.
#include <doctest/doctest.h>

#include "env/fake_system.h"

namespace lapack_ai::env {
namespace {

using testing::FakeSystem;
using testing::RunOne;
using testing::Window;

TEST_CASE("env busy_machine: other processes above 0.25 cores, with the numbers") {
  FakeSystem sys;
  const LoadWindow busy = Window(1.5);
  auto r = RunOne(sys, {}, "busy_machine", Phase::kStart, &busy);
  REQUIRE(r.outcome.findings.size() == 1);
  CHECK(r.outcome.findings[0].message ==
        "other processes kept 1.50 of 4 cores busy in a sample of 1.0 s, load average 2.25");
  CHECK(r.outcome.findings[0].fix == "run on an idle machine; stop other jobs (top shows them)");
  r = RunOne(sys, {}, "busy_machine", Phase::kEnd, &busy);
  REQUIRE(r.outcome.findings.size() == 1);
  CHECK(r.outcome.findings[0].phase == Phase::kEnd);
  CHECK(
      r.outcome.findings[0].message ==
      "other processes kept 1.50 of 4 cores busy over the run's 1.0 s, load average 0.50 -> 2.25");

  const LoadWindow idle = Window(0.1);
  CHECK(RunOne(sys, {}, "busy_machine", Phase::kStart, &idle).outcome.state == CheckState::kOk);
  CHECK(RunOne(sys, {}, "busy_machine").outcome.state == CheckState::kUnknown);
  LoadWindow invalid;
  invalid.note = "/proc/stat unreadable";
  r = RunOne(sys, {}, "busy_machine", Phase::kStart, &invalid);
  CHECK(r.outcome.state == CheckState::kUnknown);
  CHECK(r.outcome.why == "/proc/stat unreadable");
}

TEST_CASE("env vm_steal: more than 2 % of CPU time stolen") {
  FakeSystem sys;
  const LoadWindow stolen = Window(0, 0.05);
  const auto r = RunOne(sys, {}, "vm_steal", Phase::kStart, &stolen);
  REQUIRE(r.outcome.findings.size() == 1);
  CHECK(r.outcome.findings[0].message ==
        "the hypervisor took 5.0 % of CPU time (steal) in a sample of 1.0 s");
  const LoadWindow little = Window(0, 0.01);
  CHECK(RunOne(sys, {}, "vm_steal", Phase::kStart, &little).outcome.state == CheckState::kOk);
  CHECK(RunOne(sys, {}, "vm_steal").outcome.state == CheckState::kUnknown);
}

TEST_CASE("env cpu_governor: a CPU not on 'performance' - no cpufreq is unknown, not ok") {
  FakeSystem sys;
  CHECK(RunOne(sys, {}, "cpu_governor").outcome.state == CheckState::kOk);
  sys.Write("/sys/devices/system/cpu/cpu2/cpufreq/scaling_governor", "powersave\n");
  sys.Write("/sys/devices/system/cpu/cpu3/cpufreq/scaling_governor", "powersave\n");
  auto r = RunOne(sys, {}, "cpu_governor");
  REQUIRE(r.outcome.findings.size() == 1);
  CHECK(r.outcome.findings[0].message ==
        "cpu 2-3 use the 'powersave' frequency governor: clocks ramp up during a run");
  CHECK(r.outcome.findings[0].fix == "sudo cpupower frequency-set -g performance");
  for (int c = 0; c < 4; ++c) {
    sys.Remove("/sys/devices/system/cpu/cpu" + std::to_string(c) + "/cpufreq/scaling_governor");
  }
  r = RunOne(sys, {}, "cpu_governor");
  CHECK(r.outcome.state == CheckState::kUnknown);
  CHECK(r.outcome.findings.empty());
}

TEST_CASE("env swap_in_use: swap used at the start, pages swapped during the run") {
  FakeSystem sys;
  CHECK(RunOne(sys, {}, "swap_in_use").outcome.state == CheckState::kOk);
  sys.Write("/proc/meminfo", "SwapTotal: 2097152 kB\nSwapFree: 1048576 kB\n");
  auto r = RunOne(sys, {}, "swap_in_use");
  REQUIRE(r.outcome.findings.size() == 1);
  CHECK(r.outcome.findings[0].message == "1024.0 MiB of swap in use (of 2048.0 MiB)");

  const LoadWindow swapping = Window(0, 0, 12);
  r = RunOne(sys, {}, "swap_in_use", Phase::kEnd, &swapping);
  REQUIRE(r.outcome.findings.size() == 1);  // at the end only the run's swapping counts
  CHECK(r.outcome.findings[0].message == "12 pages were swapped in or out over the run's 1.0 s");
  const LoadWindow quiet = Window(0, 0, 0);
  CHECK(RunOne(sys, {}, "swap_in_use", Phase::kEnd, &quiet).outcome.state == CheckState::kOk);
  const LoadWindow no_vmstat = Window(0, 0, -1);
  CHECK(RunOne(sys, {}, "swap_in_use", Phase::kEnd, &no_vmstat).outcome.state ==
        CheckState::kUnknown);
  sys.Remove("/proc/meminfo");
  CHECK(RunOne(sys, {}, "swap_in_use").outcome.state == CheckState::kUnknown);
}

TEST_CASE("env debug_build: an unoptimised lapack-ai is flagged") {
  FakeSystem sys;
  CHECK(RunOne(sys, {}, "debug_build").outcome.state == CheckState::kOk);
  sys.optimized = false;
  const auto r = RunOne(sys, {}, "debug_build");
  REQUIRE(r.outcome.findings.size() == 1);
  CHECK(r.outcome.findings[0].fix == "rebuild with -DCMAKE_BUILD_TYPE=Release");
}

}  // namespace
}  // namespace lapack_ai::env
