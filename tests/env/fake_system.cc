// FakeSystem: a temporary root holding a healthy machine's /proc and /sys files.
#include "env/fake_system.h"

#include <unistd.h>

#include <atomic>
#include <fstream>

#include <fmt/format.h>

namespace lapack_ai::env::testing {
namespace {

std::filesystem::path NewRoot() {
  static std::atomic<int> counter{0};
  auto dir = std::filesystem::temp_directory_path() /
             fmt::format("lapack-ai-env-test-{}-{}", getpid(), counter++);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

std::string StatText(int64_t user, int64_t nice, int64_t system, int64_t idle, int64_t iowait,
                     int64_t irq, int64_t softirq, int64_t steal) {
  return fmt::format("cpu  {} {} {} {} {} {} {} {} 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 5\n", user,
                     nice, system, idle, iowait, irq, softirq, steal);
}

CpuFeatures ZenCpu() {
  return MakeCpuFeatures("AuthenticAMD", 25, 1,
                         {"sse2", "sse3", "ssse3", "sse4_1", "sse4_2", "avx", "fma", "avx2"},
                         "AMD EPYC 7B13");
}

CpuFeatures EmeraldRapidsCpu() {
  return MakeCpuFeatures(
      "GenuineIntel", 6, 207,
      {"sse2", "sse3", "ssse3", "sse4_1", "sse4_2", "avx", "fma", "avx2", "avx512f", "avx512dq",
       "avx512bw", "avx512vl", "avx512_bf16", "amx_tile", "amx_bf16", "amx_int8"},
      "INTEL(R) XEON(R) PLATINUM 8581C CPU @ 2.10GHz");
}

BackendInfo OpenblasInfo(const std::string& core, int threads, const std::string& name) {
  BackendInfo info;
  info.name = name;
  info.library = "OpenBLAS 0.3.21";
  info.threads = threads;
  info.extra["core"] = core;
  return info;
}

CheckReport RunOne(const SystemView& sys, const std::vector<BackendInfo>& backends,
                   std::string_view id, Phase phase, const LoadWindow* window) {
  for (CheckReport& r : RunChecks(sys, backends, phase, window)) {
    if (r.check->id == id) return r;
  }
  return {nullptr, {}};
}

LoadWindow Window(double other_cores, double steal_fraction, int64_t swapped_pages,
                  double seconds) {
  LoadWindow w;
  w.seconds = seconds;
  w.other_cpu_cores = other_cores;
  w.steal_fraction = steal_fraction;
  w.loadavg1_start = 0.5;
  w.loadavg1_end = 2.25;
  w.swapped_pages = swapped_pages;
  w.valid = true;
  return w;
}

FakeSystem::FakeSystem() : cpu(ZenCpu()), root_(NewRoot()), files_(RealSystem(root_.string())) {
  Write("/proc/stat", StatText(1000, 0, 500, 100000, 10, 0, 5, 0));
  Write("/proc/loadavg", "0.05 0.10 0.20 1/100 1234\n");
  Write("/proc/meminfo",
        "MemTotal:  16384000 kB\nSwapTotal:  2097152 kB\nSwapFree:   2097152 kB\n");
  Write("/proc/vmstat", "nr_free_pages 100\npswpin 10\npswpout 20\n");
  Write("/proc/cpuinfo", "processor\t: 0\nmodel name\t: AMD EPYC 7B13\n");
  Write("/sys/devices/system/cpu/online", "0-3\n");
  for (int c = 0; c < 4; ++c) {
    Write(fmt::format("/sys/devices/system/cpu/cpu{}/cpufreq/scaling_governor", c),
          "performance\n");
  }
}

FakeSystem::~FakeSystem() {
  std::error_code ec;
  std::filesystem::remove_all(root_, ec);
}

void FakeSystem::Write(const std::string& path, const std::string& text) const {
  const std::filesystem::path p = root_ / path.substr(1);
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

void FakeSystem::Remove(const std::string& path) const {
  std::filesystem::remove(root_ / path.substr(1));
}

std::optional<std::string> FakeSystem::ReadFile(const std::string& path) const {
  return files_->ReadFile(path);
}

std::optional<std::string> FakeSystem::Getenv(const std::string& name) const {
  const auto it = env.find(name);
  return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::optional<std::string> FakeSystem::RunCommand(const std::vector<std::string>& argv) const {
  const auto it = argv.empty() ? commands.end() : commands.find(argv[0]);
  return it == commands.end() ? std::nullopt : std::optional<std::string>(it->second);
}

void FakeSystem::SleepFor(double seconds) const {
  now_s += seconds;
  if (on_sleep) on_sleep();
}

}  // namespace lapack_ai::env::testing
