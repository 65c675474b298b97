// GPU checks: another process on the GPU a backend uses, and reduced-precision math modes
// (a backend reports extra["math_mode"]; documented in docs/DOCTOR.md).
#include <sstream>

#include <fmt/format.h>

#include "env/checks.h"
#include "env/proc_parse.h"

namespace lapack_ai::env::internal {
namespace {

// "pid 1234 python (500 MiB)" for each row of nvidia-smi's csv that is not this process.
std::vector<std::string> OtherGpuProcesses(const std::string& csv, int64_t own_pid) {
  std::vector<std::string> others;
  std::istringstream lines(csv);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> cols;
    std::istringstream fields(line);
    std::string col;
    while (std::getline(fields, col, ',')) cols.emplace_back(Trim(col));
    if (cols.empty() || cols[0].empty() || cols[0] == std::to_string(own_pid)) continue;
    std::string text = "pid " + cols[0];
    if (cols.size() > 1) text += " " + cols[1];
    if (cols.size() > 2) text += " (" + cols[2] + ")";
    others.push_back(text);
  }
  return others;
}

bool IsReducedMode(std::string_view mode) {
  const std::string m = ToLower(mode);
  for (std::string_view word : {"tf32", "bf16", "fp16", "half", "reduced"}) {
    if (m.find(word) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

CheckOutcome CheckGpuShared(const CheckInput& in) {
  CheckOutcome out;
  bool gpu = false;
  for (const BackendInfo& b : in.backends) {
    if (!b.available) continue;
    gpu = gpu || !b.device.empty();
    const auto it = b.extra.find("other_processes");
    if (it != b.extra.end() && Trim(it->second) != "0") {
      out.findings.push_back(
          Warn(fmt::format("{} reports {} other processes on its device", b.name, it->second),
               "wait for or stop the other GPU jobs; a shared GPU gives slower, noisier timings"));
    }
  }
  if (!gpu) return out.findings.empty() ? NotApplicable("no GPU backend in use") : out;
  const auto csv = in.sys.RunCommand(
      {"nvidia-smi", "--query-compute-apps=pid,process_name,used_memory", "--format=csv,noheader"});
  if (!csv) return out.findings.empty() ? NotApplicable("nvidia-smi absent or failed") : out;
  const auto others = OtherGpuProcesses(*csv, in.sys.Pid());
  if (!others.empty()) {
    out.findings.push_back(
        Warn(fmt::format("{} other process{} on the GPU: {}", others.size(),
                         others.size() == 1 ? "" : "es", Join(others, ", ")),
             "wait for or stop them (nvidia-smi lists them); a shared GPU gives slower, noisier "
             "timings"));
  }
  return out;
}

CheckOutcome CheckReducedPrecision(const CheckInput& in) {
  CheckOutcome out;
  bool any = false;
  for (const BackendInfo& b : in.backends) {
    const auto it = b.extra.find("math_mode");
    if (!b.available || it == b.extra.end()) continue;
    any = true;
    if (!IsReducedMode(it->second)) continue;
    out.findings.push_back(
        Warn(fmt::format("{} computes with math_mode={}: products are rounded below the precision "
                         "asked for",
                         b.name, it->second),
             "turn the reduced mode off to compare s/d results and speeds (e.g. "
             "NVIDIA_TF32_OVERRIDE=0)"));
  }
  return any ? out : NotApplicable("no backend in use reports a math mode");
}

}  // namespace lapack_ai::env::internal
