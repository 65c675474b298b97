// JSON and console text for findings, and the raw environment readings stored in a results
// context (pyperf's cpu_config idea: keep what was seen so old reports can be judged again).
#include <fmt/format.h>

#include "env/checks.h"
#include "env/kernel_isa.h"
#include "env/proc_parse.h"

namespace lapack_ai::env {
namespace {

using nlohmann::json;

json OrNull(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

json CpuJson(const SystemView& sys) {
  const CpuFeatures cpu = sys.Cpu();
  std::string model = cpu.model_name;
  if (const auto info = model.empty() ? sys.ReadFile("/proc/cpuinfo") : std::nullopt) {
    model = internal::CpuinfoField(*info, "model name").value_or("");
  }
  return {{"model", model.empty() ? "unknown" : model},
          {"vendor", cpu.vendor},
          {"family", cpu.family},
          {"model_id", cpu.model},
          {"flags", cpu.flags},
          {"best_isa", cpu.best_isa}};
}

json BlasJson(const std::vector<BackendInfo>& backends) {
  json out = json::array();
  for (const internal::KernelLibrary& lib : internal::KernelLibraries()) {
    for (const BackendInfo& b : backends) {
      const auto it = b.extra.find(std::string(lib.extra_key));
      if (!b.available || it == b.extra.end()) continue;
      out.push_back({{"backend", b.name},
                     {"library", b.library},
                     {"kernel", it->second},
                     {"kernel_isa", internal::IsaLabel(internal::KernelIsaOf(lib, it->second))},
                     {"threads", b.threads}});
    }
  }
  return out;
}

std::string GovernorWords(const SystemView& sys) {
  const auto governors = internal::ReadGovernors(sys);
  if (governors.empty()) return "unknown";
  if (governors.size() == 1) return governors.begin()->first;
  std::string s = "mixed:";
  for (const auto& [g, cpus] : governors)
    s += fmt::format(" {} cpu {};", g, internal::FormatCpuList(cpus));
  s.pop_back();
  return s;
}

json SwapUsedBytes(const SystemView& sys) {
  const auto meminfo = sys.ReadFile("/proc/meminfo");
  const auto total = meminfo ? internal::MeminfoKb(*meminfo, "SwapTotal") : std::nullopt;
  const auto free = meminfo ? internal::MeminfoKb(*meminfo, "SwapFree") : std::nullopt;
  if (!total || !free) return nullptr;
  return (*total - *free) * 1024;
}

}  // namespace

json ToJson(const LoadWindow* w) {
  if (w == nullptr || !w->valid) return nullptr;
  return {{"seconds", w->seconds},
          {"other_cpu_cores", w->other_cpu_cores},
          {"steal_fraction", w->steal_fraction},
          {"loadavg1_start", w->loadavg1_start},
          {"loadavg1_end", w->loadavg1_end},
          {"swapped_pages", w->swapped_pages}};
}

std::string_view ToString(Severity s) { return s == Severity::kInfo ? "info" : "warning"; }

std::string_view ToString(Phase p) { return p == Phase::kStart ? "start" : "end"; }

std::string_view ToString(CheckState s) {
  switch (s) {
    case CheckState::kOk:
      return "ok";
    case CheckState::kWarning:
      return "warning";
    case CheckState::kInfo:
      return "info";
    case CheckState::kUnknown:
      return "unknown";
    case CheckState::kNotApplicable:
      return "not_applicable";
  }
  return "unknown";
}

json ToJson(const std::vector<Finding>& findings) {
  json out = json::array();
  for (const Finding& f : findings) {
    json j{{"id", f.id},
           {"severity", ToString(f.severity)},
           {"message", f.message},
           {"fix", f.fix},
           {"phase", ToString(f.phase)}};
    if (!f.fix_env.empty()) j["fix_env"] = f.fix_env;
    out.push_back(std::move(j));
  }
  return out;
}

json EnvironmentJson(const SystemView& sys, const std::vector<BackendInfo>& backends,
                     const LoadWindow* window) {
  json thread_env = json::object();
  for (std::string_view v : internal::kThreadVars)
    thread_env[std::string(v)] = OrNull(sys.Getenv(std::string(v)));
  thread_env["OPENBLAS_CORETYPE"] = OrNull(sys.Getenv("OPENBLAS_CORETYPE"));
  const auto online = internal::OnlineCpus(sys);
  return {{"cpu", CpuJson(sys)},
          {"blas", BlasJson(backends)},
          {"governor", GovernorWords(sys)},
          {"online_cpus", online ? json(online->size()) : json(nullptr)},
          {"thread_env", thread_env},
          {"swap_used_bytes", SwapUsedBytes(sys)},
          {"build_optimized", sys.BuiltOptimized()},
          {"load", ToJson(window)}};
}

std::string FormatFinding(const Finding& f) {
  return fmt::format("{} [{}] {}\n          fix: {}", ToString(f.severity), f.id, f.message, f.fix);
}

}  // namespace lapack_ai::env
