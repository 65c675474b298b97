// Load over a window: other processes' CPU from /proc/stat deltas minus our own CPU time, steal,
// load average and swap traffic. Two samples, no thread: cheap enough to wrap any run.
#include <algorithm>

#include <fmt/format.h>

#include "env/proc_parse.h"
#include "lapack_ai/env.h"

namespace lapack_ai::env {
namespace {

using internal::StatField;

constexpr double kMinWindowSeconds = 0.1;

LoadMonitor::Sample TakeSample(const SystemView& sys) {
  LoadMonitor::Sample s;
  s.own_cpu_s = sys.OwnCpuSeconds();
  s.wall_s = sys.MonotonicSeconds();
  if (const auto stat = sys.ReadFile("/proc/stat")) {
    if (auto cpu = internal::ParseProcStatCpu(*stat)) {
      s.cpu = std::move(*cpu);
      s.stat_ok = true;
    }
  }
  if (const auto la = sys.ReadFile("/proc/loadavg")) {
    s.loadavg1 = internal::LoadAvg1(*la).value_or(-1);
  }
  if (const auto vm = sys.ReadFile("/proc/vmstat")) {
    const auto in = internal::VmstatValue(*vm, "pswpin");
    const auto out = internal::VmstatValue(*vm, "pswpout");
    if (in && out) s.swap_pages = *in + *out;
  }
  return s;
}

int64_t Delta(const LoadMonitor::Sample& a, const LoadMonitor::Sample& b, StatField f) {
  return b.cpu[f] - a.cpu[f];
}

}  // namespace

LoadMonitor::LoadMonitor(const SystemView& sys) : sys_(sys), start_(TakeSample(sys)) {}

LoadWindow LoadMonitor::Finish() const {
  const Sample end = TakeSample(sys_);
  LoadWindow w;
  w.seconds = end.wall_s - start_.wall_s;
  w.loadavg1_start = start_.loadavg1;
  w.loadavg1_end = end.loadavg1;
  if (start_.swap_pages >= 0 && end.swap_pages >= 0) {
    w.swapped_pages = end.swap_pages - start_.swap_pages;
  }
  if (!start_.stat_ok || !end.stat_ok) {
    w.note = "/proc/stat unreadable";
    return w;
  }
  // /proc/stat counts in jiffies (10 ms): shorter windows turn one tick into whole cores.
  if (w.seconds < kMinWindowSeconds) {
    w.note = fmt::format("a window of {:.3f} s is too short to judge (< {} s)", w.seconds,
                         kMinWindowSeconds);
    return w;
  }
  using internal::kIdle, internal::kIowait, internal::kIrq, internal::kNice, internal::kSoftirq,
      internal::kSteal, internal::kSystem, internal::kUser;
  const int64_t busy = Delta(start_, end, kUser) + Delta(start_, end, kNice) +
                       Delta(start_, end, kSystem) + Delta(start_, end, kIrq) +
                       Delta(start_, end, kSoftirq);
  const int64_t steal = Delta(start_, end, kSteal);
  const int64_t all = busy + steal + Delta(start_, end, kIdle) + Delta(start_, end, kIowait);
  // Our own CPU is inside `busy`; subtracting getrusage's figure leaves the other processes.
  const double busy_s = static_cast<double>(busy) / sys_.ClockTicksPerSecond();
  const double own_s = end.own_cpu_s - start_.own_cpu_s;
  w.other_cpu_cores = std::max(0.0, (busy_s - own_s) / w.seconds);
  w.steal_fraction = all > 0 ? static_cast<double>(steal) / static_cast<double>(all) : 0.0;
  w.valid = true;
  return w;
}

LoadWindow SampleLoad(const SystemView& sys, double seconds) {
  const LoadMonitor monitor(sys);
  sys.SleepFor(seconds);
  return monitor.Finish();
}

}  // namespace lapack_ai::env
