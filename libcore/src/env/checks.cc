// The check table (pyperf's ordered list of check objects) and the driver that runs it. Each
// row's function lives in checks_blas.cc, checks_machine.cc or checks_gpu.cc.
#include "env/checks.h"

#include <fmt/format.h>

#include "env/proc_parse.h"

namespace lapack_ai::env {
namespace {

using internal::CheckBlasKernel, internal::CheckBusyMachine, internal::CheckVmSteal,
    internal::CheckThreadsExceedCores, internal::CheckThreadEnvConflict, internal::CheckCpuGovernor,
    internal::CheckSwapInUse, internal::CheckDebugBuild, internal::CheckGpuShared,
    internal::CheckReducedPrecision;

constexpr Severity kW = Severity::kWarning;

// Order: what makes every number wrong (kernel, load) before what adds noise.
constexpr Check kChecks[] = {
    {"blas_kernel_below_cpu", "BackendInfo.extra[core], cpuid, OPENBLAS_CORETYPE", kW,
     "the BLAS kernel in use exploits the CPU's best vector ISA", false, &CheckBlasKernel},
    {"busy_machine", "/proc/stat, /proc/loadavg, getrusage", kW,
     "other processes use under 0.25 cores over the window", true, &CheckBusyMachine},
    {"vm_steal", "/proc/stat (steal)", kW, "the hypervisor steals under 2 % of CPU time", true,
     &CheckVmSteal},
    {"threads_exceed_cores", "BackendInfo.threads, *_NUM_THREADS, /sys/devices/system/cpu/online",
     kW, "no backend or *_NUM_THREADS asks for more threads than online CPUs", false,
     &CheckThreadsExceedCores},
    {"thread_env_conflict", "OMP_NUM_THREADS, OPENBLAS_NUM_THREADS, MKL_NUM_THREADS", kW,
     "the thread variables that are set agree", false, &CheckThreadEnvConflict},
    {"cpu_governor", "/sys/devices/system/cpu/cpu*/cpufreq/scaling_governor", kW,
     "every online CPU uses the 'performance' governor", false, &CheckCpuGovernor},
    {"swap_in_use", "/proc/meminfo (SwapTotal, SwapFree), /proc/vmstat (pswpin, pswpout)", kW,
     "no swap in use at the start, no swapping during the run", true, &CheckSwapInUse},
    {"debug_build", "__OPTIMIZE__, NDEBUG at lapack-ai's build", kW,
     "lapack-ai itself was built optimised, without assertions", false, &CheckDebugBuild},
    {"gpu_shared", "nvidia-smi --query-compute-apps, BackendInfo.extra[other_processes]", kW,
     "no other process uses the GPU of a GPU backend", false, &CheckGpuShared},
    {"reduced_precision_math", "BackendInfo.extra[math_mode]", kW,
     "no backend computes with reduced-precision math (tf32, bf16, fp16)", false,
     &CheckReducedPrecision},
};

CheckState StateOf(const CheckOutcome& o) {
  if (o.findings.empty()) return o.state;
  for (const Finding& f : o.findings) {
    if (f.severity == Severity::kWarning) return CheckState::kWarning;
  }
  return CheckState::kInfo;
}

}  // namespace

std::span<const Check> Checks() { return kChecks; }

std::vector<CheckReport> RunChecks(const SystemView& sys, const std::vector<BackendInfo>& backends,
                                   Phase phase, const LoadWindow* window) {
  const CheckInput in{sys, backends, phase, window};
  std::vector<CheckReport> reports;
  for (const Check& c : kChecks) {
    if (phase == Phase::kEnd && !c.at_end) continue;
    CheckOutcome o = c.run(in);
    for (Finding& f : o.findings) {
      f.id = std::string(c.id);
      f.phase = phase;
    }
    o.state = StateOf(o);
    reports.push_back({&c, std::move(o)});
  }
  return reports;
}

std::vector<Finding> CheckEnvironment(const SystemView& sys,
                                      const std::vector<BackendInfo>& backends, Phase phase,
                                      const LoadWindow* window) {
  std::vector<Finding> all;
  for (CheckReport& r : RunChecks(sys, backends, phase, window)) {
    for (Finding& f : r.outcome.findings) all.push_back(std::move(f));
  }
  return all;
}

namespace internal {

Finding Warn(std::string message, std::string fix, std::map<std::string, std::string> fix_env) {
  Finding f;
  f.severity = Severity::kWarning;
  f.message = std::move(message);
  f.fix = std::move(fix);
  f.fix_env = std::move(fix_env);
  return f;
}

Finding Info(std::string message, std::string fix) {
  Finding f = Warn(std::move(message), std::move(fix));
  f.severity = Severity::kInfo;
  return f;
}

CheckOutcome Found(Finding finding) {
  CheckOutcome o;
  o.findings.push_back(std::move(finding));
  return o;
}

CheckOutcome Unknown(std::string why) { return {CheckState::kUnknown, std::move(why), {}}; }

CheckOutcome NotApplicable(std::string why) {
  return {CheckState::kNotApplicable, std::move(why), {}};
}

std::optional<std::vector<int>> OnlineCpus(const SystemView& sys) {
  const auto text = sys.ReadFile("/sys/devices/system/cpu/online");
  return text ? ParseCpuList(*text) : std::nullopt;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::string FormatCpuList(const std::vector<int>& cpus) {
  std::vector<std::string> ranges;
  for (std::size_t i = 0; i < cpus.size();) {
    std::size_t j = i;
    while (j + 1 < cpus.size() && cpus[j + 1] == cpus[j] + 1) ++j;
    ranges.push_back(j == i ? fmt::format("{}", cpus[i]) : fmt::format("{}-{}", cpus[i], cpus[j]));
    i = j + 1;
  }
  return Join(ranges, ",");
}

std::map<std::string, std::vector<int>> ReadGovernors(const SystemView& sys) {
  const std::vector<int> cpus = OnlineCpus(sys).value_or(std::vector<int>{0});
  std::map<std::string, std::vector<int>> by_governor;
  for (int cpu : cpus) {
    const auto g =
        sys.ReadFile(fmt::format("/sys/devices/system/cpu/cpu{}/cpufreq/scaling_governor", cpu));
    if (g && !Trim(*g).empty()) by_governor[std::string(Trim(*g))].push_back(cpu);
  }
  return by_governor;
}

}  // namespace internal
}  // namespace lapack_ai::env
