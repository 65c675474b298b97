// Machine checks: load from other processes, VM steal, CPU frequency governor, swap, and how
// lapack-ai itself was compiled.
#include <fmt/format.h>

#include "env/checks.h"
#include "env/proc_parse.h"

namespace lapack_ai::env::internal {
namespace {

constexpr double kBusyCores = 0.25;      // other processes' average cores before we warn
constexpr double kStealFraction = 0.02;  // share of CPU time taken by the hypervisor

std::string WindowWords(const CheckInput& in) {
  return fmt::format("{} {:.1f} s", in.phase == Phase::kStart ? "in a sample of" : "over the run's",
                     in.window->seconds);
}

std::string LoadAverageWords(const LoadWindow& w, Phase phase) {
  if (w.loadavg1_end < 0) return "";
  if (phase == Phase::kEnd && w.loadavg1_start >= 0) {
    return fmt::format(", load average {:.2f} -> {:.2f}", w.loadavg1_start, w.loadavg1_end);
  }
  return fmt::format(", load average {:.2f}", w.loadavg1_end);
}

// A window to judge, or the reason there is none.
std::optional<CheckOutcome> NoWindow(const CheckInput& in) {
  if (in.window == nullptr) return Unknown("no load window sampled");
  if (!in.window->valid)
    return Unknown(in.window->note.empty() ? "load window invalid" : in.window->note);
  return std::nullopt;
}

}  // namespace

CheckOutcome CheckBusyMachine(const CheckInput& in) {
  if (auto none = NoWindow(in)) return *none;
  const LoadWindow& w = *in.window;
  if (w.other_cpu_cores <= kBusyCores) return {};
  const auto online = OnlineCpus(in.sys);
  const std::string of = online ? fmt::format(" of {}", online->size()) : "";
  return Found(Warn(fmt::format("other processes kept {:.2f}{} cores busy {}{}", w.other_cpu_cores,
                                of, WindowWords(in), LoadAverageWords(w, in.phase)),
                    "run on an idle machine; stop other jobs (top shows them)"));
}

CheckOutcome CheckVmSteal(const CheckInput& in) {
  if (auto none = NoWindow(in)) return *none;
  const LoadWindow& w = *in.window;
  if (w.steal_fraction <= kStealFraction) return {};
  return Found(Warn(fmt::format("the hypervisor took {:.1f} % of CPU time (steal) {}",
                                100 * w.steal_fraction, WindowWords(in)),
                    "use a dedicated or less crowded VM; stolen time lands in the timings"));
}

CheckOutcome CheckCpuGovernor(const CheckInput& in) {
  const auto governors = ReadGovernors(in.sys);
  if (governors.empty()) {
    return Unknown("no cpufreq scaling_governor under /sys/devices/system/cpu (VM or container?)");
  }
  CheckOutcome out;
  for (const auto& [governor, cpus] : governors) {
    if (governor == "performance") continue;
    out.findings.push_back(
        Warn(fmt::format("cpu {} use{} the '{}' frequency governor: clocks ramp up during a run",
                         FormatCpuList(cpus), cpus.size() == 1 ? "s" : "", governor),
             "sudo cpupower frequency-set -g performance"));
  }
  return out;
}

CheckOutcome CheckSwapInUse(const CheckInput& in) {
  CheckOutcome out;
  if (in.window != nullptr && in.window->swapped_pages > 0) {
    out.findings.push_back(
        Warn(fmt::format("{} pages were swapped in or out {}", in.window->swapped_pages,
                         WindowWords(in)),
             "free memory (stop other jobs) or run smaller sizes; swapping lands in the timings"));
  }
  if (in.phase == Phase::kEnd) {
    if (in.window == nullptr || in.window->swapped_pages < 0)
      return Unknown("/proc/vmstat unreadable");
    return out;
  }
  const auto meminfo = in.sys.ReadFile("/proc/meminfo");
  const auto total = meminfo ? MeminfoKb(*meminfo, "SwapTotal") : std::nullopt;
  const auto free = meminfo ? MeminfoKb(*meminfo, "SwapFree") : std::nullopt;
  if (!total || !free) return Unknown("/proc/meminfo unreadable or without SwapTotal/SwapFree");
  if (*total > *free) {
    out.findings.push_back(Warn(
        fmt::format("{:.1f} MiB of swap in use (of {:.1f} MiB)",
                    static_cast<double>(*total - *free) / 1024, static_cast<double>(*total) / 1024),
        "free memory before measuring; `sudo swapoff -a && sudo swapon -a` pulls pages back"));
  }
  return out;
}

CheckOutcome CheckDebugBuild(const CheckInput& in) {
  if (in.sys.BuiltOptimized()) return {};
  return Found(
      Warn("this lapack-ai was built without optimisation or without NDEBUG: its own code "
           "(fast-matmul plans, checks, timing loop) runs slower than it should",
           "rebuild with -DCMAKE_BUILD_TYPE=Release"));
}

}  // namespace lapack_ai::env::internal
