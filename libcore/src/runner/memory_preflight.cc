// Memory preflight and peak tracking through /proc (Linux): MemAvailable is what the kernel
// says a new allocation can get without swapping; VmHWM after "5" to clear_refs is the peak
// resident set of one case.
#include "memory_preflight.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

namespace lapack_ai {
namespace {

// "<key>: <n> kB" from a /proc file such as /proc/meminfo or /proc/self/status.
std::optional<double> ProcKilobytes(const char* path, const std::string& key) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) != 0) continue;
    std::istringstream fields(line.substr(key.size() + 1));
    double kb = 0;
    if (fields >> kb) return kb * 1024.0;
  }
  return std::nullopt;
}

class ProcMemory final : public MemoryProbe {
 public:
  std::optional<double> HostAvailableBytes() override {
    return ProcKilobytes("/proc/meminfo", "MemAvailable");
  }
  void ResetPeak() override {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    reset_ok_ = static_cast<bool>(out.flush());
  }
  std::optional<double> PeakRssBytes() override {
    // Without a reset the high-water mark is the whole process's, not this case's.
    if (!reset_ok_) return std::nullopt;
    return ProcKilobytes("/proc/self/status", "VmHWM");
  }

 private:
  bool reset_ok_ = false;
};

// The share of a device's size kept back from a case's backends for what binding allocates
// beyond their stated operands and workspace.
constexpr double kDeviceReserveShare = 0.01;

// What backends may take of a device of `size` bytes that has `free` bytes free.
double Usable(double free, double size) { return free - kDeviceReserveShare * size; }

void Refuse(CaseResult& r, const std::string& message) {
  r.status = Status::kError;
  r.message = message;
  r.memory.resource_error = true;
}

}  // namespace

MemoryProbe& SystemMemory() {
  static ProcMemory probe;
  return probe;
}

std::string FormatBytes(double bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double v = bytes;
  int u = 0;
  while (v >= 1024.0 && u < 6) {
    v /= 1024.0;
    ++u;
  }
  return fmt::format("{:.1f} {} ({:.0f} bytes)", v, kUnits[u], bytes);
}

bool Preflight(const OpDescription& op, const CaseParams& params,
               const std::vector<Backend*>& backends, MemoryProbe& memory,
               std::vector<bool>& runs, std::vector<CaseResult>& out, std::size_t first) {
  const MemoryNeed need = op.Memory(params);
  std::size_t running = 0;
  for (bool r : runs) running += r ? 1 : 0;
  const double host = need.HostTotal(running);
  const std::optional<double> available = memory.HostAvailableBytes();
  std::vector<double> sizes(backends.size(), 0.0);  // each device backend's device size
  for (std::size_t bi = 0; bi < backends.size(); ++bi) {
    MemoryRecord& m = out[first + bi].memory;
    m.host_bytes_needed = host;
    m.host_bytes_available = available;
    const std::optional<double> device = backends[bi]->DeviceMemoryBytes();
    if (device) {  // the operands, plus what the backend's call allocates beside them
      m.device_bytes_needed = need.device + backends[bi]->DeviceWorkspaceBytes(op.routine(), params.type,
                                                                               params.m, params.n, params.k);
      m.device_bytes_available = std::min(*device, backends[bi]->DeviceFreeBytes().value_or(*device));
      sizes[bi] = *device;
    }
  }
  if (running > 0 && available && host > *available) {
    const std::string msg = fmt::format(
        "needs {} of host memory ({} on {} backend{}), but MemAvailable is {}: refused before "
        "allocating; use smaller dimensions or fewer backends",
        FormatBytes(host), params.Key(), running, running == 1 ? "" : "s", FormatBytes(*available));
    for (std::size_t bi = 0; bi < backends.size(); ++bi) {
      if (runs[bi]) Refuse(out[first + bi], msg);
      runs[bi] = false;
    }
    return false;
  }
  // A case keeps every backend bound at once (interleaved timing), so device backends are
  // admitted in order while their operands and workspace, summed, fit in what the device had
  // free when the case began, less a reserve for what binding adds (a side stream's cuBLAS
  // handle, kernels loaded on first use); the rest are refused. Backends on devices of one
  // size are taken to share one device (they do on a one-GPU host).
  struct Room {
    double budget = 0, used = 0;
  };
  std::map<double, Room> rooms;  // device size -> what the case may take of it
  for (std::size_t bi = 0; bi < backends.size(); ++bi) {
    const MemoryRecord& m = out[first + bi].memory;
    if (!runs[bi] || !m.device_bytes_available) continue;
    const double own = *m.device_bytes_needed;
    const double size = sizes[bi];
    const auto [it, fresh] = rooms.try_emplace(size);
    Room& room = it->second;
    if (fresh) room.budget = Usable(*m.device_bytes_available, size);
    if (room.used + own <= room.budget) {
      room.used += own;
      continue;
    }
    const std::string has = *m.device_bytes_available < size
                                ? fmt::format("{} free of {}", FormatBytes(*m.device_bytes_available),
                                              FormatBytes(size))
                                : FormatBytes(size);
    Refuse(out[first + bi],
           room.used == 0
               ? fmt::format("needs {} of device memory ({}), but the device has {} (a {:.0f} % reserve kept): "
                             "refused before allocating",
                             FormatBytes(own), params.Key(), has, 100 * kDeviceReserveShare)
               : fmt::format("needs {} of device memory ({}) while the backends before it in this case "
                             "hold {} of the device's {}: refused before allocating; bench it in a "
                             "separate run or with fewer backends",
                             FormatBytes(own), params.Key(), FormatBytes(room.used), has));
    runs[bi] = false;
  }
  return true;
}

bool AdmitBind(const Backend& backend, CaseResult& r) {
  const MemoryRecord& m = r.memory;
  if (!m.device_bytes_needed || !m.device_bytes_available) return true;
  const std::optional<double> free = backend.DeviceFreeBytes();
  const std::optional<double> size = backend.DeviceMemoryBytes();
  if (!free || !size || *m.device_bytes_needed <= Usable(*free, *size)) return true;
  Refuse(r, fmt::format("needs {} of device memory ({}), but {} is free with the backends before it in "
                        "this case bound ({} less than when the case began; a {:.0f} % reserve kept): "
                        "refused before allocating; bench it in a separate run or with fewer backends",
                        FormatBytes(*m.device_bytes_needed), r.params.Key(), FormatBytes(*free),
                        FormatBytes(std::max(0.0, *m.device_bytes_available - *free)),
                        100 * kDeviceReserveShare));
  return false;
}

void MarkAllocationFailure(CaseResult& r, const std::string& doing) {
  const auto& m = r.memory;
  Refuse(r, fmt::format("out of memory {} (std::bad_alloc); the case was estimated to need {}{}",
                        doing, m.host_bytes_needed ? FormatBytes(*m.host_bytes_needed) : "unknown",
                        m.host_bytes_available
                            ? fmt::format(" with {} available", FormatBytes(*m.host_bytes_available))
                            : ""));
}

void MarkAllocationFailure(std::vector<CaseResult>& out, std::size_t first,
                           const std::vector<bool>& runs, const std::string& doing) {
  for (std::size_t bi = 0; bi < runs.size(); ++bi) {
    if (runs[bi]) MarkAllocationFailure(out[first + bi], doing);
  }
}

}  // namespace lapack_ai
