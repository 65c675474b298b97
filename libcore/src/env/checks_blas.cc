// BLAS checks: the selected kernel against the CPU's ISA, thread counts against online CPUs,
// and thread variables that disagree.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "env/checks.h"
#include "env/kernel_isa.h"
#include "env/proc_parse.h"

namespace lapack_ai::env::internal {
namespace {

std::string CpuWords(const CpuFeatures& cpu, Isa usable, Isa best) {
  return fmt::format("this CPU has {}{} ({} family {} model {})", IsaLabel(usable),
                     best == Isa::kAmx ? " (+AMX)" : "", cpu.vendor, cpu.family, cpu.model);
}

// `who` ("openblas runs") uses `kernel` of ISA `k`, below this CPU's: say so, and name the
// kernel to ask for.
Finding BelowCpu(const CheckInput& in, const KernelLibrary& lib, const CpuFeatures& cpu,
                 const std::string& who, const std::string& kernel, Isa k) {
  const Isa best = IsaFromLabel(cpu.best_isa);
  // AVX-512 kernels are the best any library has for s/d on an AMX CPU: AMX tiles are bf16/int8.
  const Isa usable = std::min(best, Isa::kAvx512);
  const std::string env_name(lib.select_env);
  const auto forced = in.sys.Getenv(env_name);
  const bool by_env = forced && ToLower(Trim(*forced)) == ToLower(kernel);
  std::string message = fmt::format("{} {}'s {} ({}) kernels; {}", who, lib.name, kernel,
                                    IsaLabel(k), CpuWords(cpu, usable, best));
  if (by_env) message += fmt::format(", forced by {}={}", env_name, *forced);
  const std::string_view suggest = lib.suggest(cpu, usable);
  if (suggest.empty()) {
    return Warn(message, fmt::format("use a {} build that has kernels for this CPU", lib.name));
  }
  return Warn(message,
              fmt::format("{}set {}={} (doctor --try-fixes measures it)",
                          by_env ? fmt::format("unset {} or ", env_name) : "", env_name, suggest),
              {{env_name, std::string(suggest)}});
}

// One finding (or none) for `kernel` of library `lib`, used by the backends `users`.
void JudgeKernel(const CheckInput& in, const KernelLibrary& lib, const CpuFeatures& cpu,
                 const std::string& kernel, const std::vector<std::string>& users,
                 CheckOutcome* out) {
  const std::string who = Join(users, ", ") + (users.size() == 1 ? " runs" : " run");
  const Isa k = KernelIsaOf(lib, kernel);
  const Isa best = IsaFromLabel(cpu.best_isa);
  if (k == Isa::kUnknown) {
    out->findings.push_back(
        Info(fmt::format("{} {}'s kernel '{}', unknown to this check", who, lib.name, kernel),
             fmt::format("compare timings with {} set to this CPU's kernel", lib.select_env)));
  } else if (best != Isa::kUnknown && k < std::min(best, Isa::kAvx512)) {
    out->findings.push_back(BelowCpu(in, lib, cpu, who, kernel, k));
  }
}

std::string ThreadVarNames() {
  return Join(std::vector<std::string>(std::begin(kThreadVars), std::end(kThreadVars)), ", ");
}

}  // namespace

CheckOutcome CheckBlasKernel(const CheckInput& in) {
  const CpuFeatures cpu = in.sys.Cpu();
  CheckOutcome out;
  bool any = false;
  for (const KernelLibrary& lib : KernelLibraries()) {
    std::map<std::string, std::vector<std::string>> users;  // kernel -> backend names
    for (const BackendInfo& b : in.backends) {
      const auto it = b.extra.find(std::string(lib.extra_key));
      if (b.available && it != b.extra.end()) users[it->second].push_back(b.name);
    }
    for (const auto& [kernel, names] : users) {
      JudgeKernel(in, lib, cpu, kernel, names, &out);
      any = true;
    }
  }
  if (!any) return NotApplicable("no backend in use reports its BLAS kernel");
  if (cpu.best_isa == "unknown" && out.findings.empty()) {
    return Unknown("cpuid gave no vector ISA (not x86?)");
  }
  return out;
}

CheckOutcome CheckThreadsExceedCores(const CheckInput& in) {
  const auto online = OnlineCpus(in.sys);
  if (!online) return Unknown("/sys/devices/system/cpu/online unreadable");
  const int cpus = static_cast<int>(online->size());
  CheckOutcome out;
  for (std::string_view var : kThreadVars) {
    const auto value = in.sys.Getenv(std::string(var));
    const auto n = value ? ParseThreadCount(*value) : std::nullopt;
    if (!n || *n <= cpus) continue;
    out.findings.push_back(Warn(
        fmt::format("{}={} asks for more threads than the {} online CPUs", var, *value, cpus),
        fmt::format("set {}={} or fewer", var, cpus), {{std::string(var), std::to_string(cpus)}}));
  }
  if (!out.findings.empty()) return out;  // the variable is the likely cause of a backend's count
  for (const BackendInfo& b : in.backends) {
    if (!b.available || b.threads <= cpus) continue;
    out.findings.push_back(
        Warn(fmt::format("{} uses {} threads on {} online CPUs", b.name, b.threads, cpus),
             fmt::format("pass --threads {} (threads beyond the cores time-slice)", cpus)));
  }
  return out;
}

CheckOutcome CheckThreadEnvConflict(const CheckInput& in) {
  std::vector<std::string> set;
  std::set<std::string> values;
  for (std::string_view var : kThreadVars) {
    const auto value = in.sys.Getenv(std::string(var));
    if (!value) continue;
    const auto n = ParseThreadCount(*value);
    values.insert(n ? std::to_string(*n) : std::string(Trim(*value)));
    set.push_back(fmt::format("{}={}", var, *value));
  }
  if (values.size() <= 1) return {};
  return Found(Warn(fmt::format("{} disagree: OpenBLAS follows OPENBLAS_NUM_THREADS, OpenMP code "
                                "OMP_NUM_THREADS, MKL MKL_NUM_THREADS",
                                Join(set, ", ")),
                    fmt::format("give {} one value, or unset all but one", ThreadVarNames())));
}

}  // namespace lapack_ai::env::internal
