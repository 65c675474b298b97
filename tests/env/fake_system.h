// A fake machine for the environment checks (ninja's VirtualFileSystem role): /proc and /sys
// files in a temporary root read through RealSystem(root), and cpuid, environment, clocks,
// helper programs and build flags set by the test.
#pragma once
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "lapack_ai/env.h"

namespace lapack_ai::env::testing {

/// /proc/stat text whose aggregate "cpu" line has these jiffies (guest columns zero).
std::string StatText(int64_t user, int64_t nice, int64_t system, int64_t idle, int64_t iowait,
                     int64_t irq, int64_t softirq, int64_t steal);

/// cpuid of an AMD Zen 3 (AVX2), the dev machine's class.
CpuFeatures ZenCpu();
/// cpuid of an Intel Emerald Rapids (family 6 model 207: AVX-512, avx512_bf16, AMX).
CpuFeatures EmeraldRapidsCpu();

/// Info() of an OpenBLAS backend running `core` with `threads` threads.
BackendInfo OpenblasInfo(const std::string& core, int threads = 4,
                         const std::string& name = "openblas");

/// The report of check `id` from RunChecks (check == nullptr if `phase` does not run it).
CheckReport RunOne(const SystemView& sys, const std::vector<BackendInfo>& backends,
                   std::string_view id, Phase phase = Phase::kStart,
                   const LoadWindow* window = nullptr);

/// A valid window of `seconds` with these readings.
LoadWindow Window(double other_cores, double steal_fraction = 0, int64_t swapped_pages = 0,
                  double seconds = 1.0);

/// A healthy, idle 4-CPU Zen 3 machine until a test changes it.
class FakeSystem final : public SystemView {
 public:
  FakeSystem();
  ~FakeSystem() override;
  FakeSystem(const FakeSystem&) = delete;
  FakeSystem& operator=(const FakeSystem&) = delete;

  /// Writes (or with Remove deletes) `path` (absolute, e.g. "/proc/stat") under the fake root.
  void Write(const std::string& path, const std::string& text) const;
  void Remove(const std::string& path) const;

  std::optional<std::string> ReadFile(const std::string& path) const override;
  std::optional<std::string> Getenv(const std::string& name) const override;
  CpuFeatures Cpu() const override { return cpu; }
  double OwnCpuSeconds() const override { return own_cpu_s; }
  double MonotonicSeconds() const override { return now_s; }
  std::optional<std::string> RunCommand(const std::vector<std::string>& argv) const override;
  bool BuiltOptimized() const override { return optimized; }
  int64_t Pid() const override { return pid; }
  /// Advances the clock and runs `on_sleep` (which may rewrite files) instead of sleeping.
  void SleepFor(double seconds) const override;

  std::map<std::string, std::string> env;
  CpuFeatures cpu;
  mutable double own_cpu_s = 10;
  mutable double now_s = 1000;
  std::map<std::string, std::string> commands;  ///< argv[0] -> stdout; absent = not installed
  bool optimized = true;
  int64_t pid = 4242;
  std::function<void()> on_sleep;

 private:
  std::filesystem::path root_;
  std::unique_ptr<SystemView> files_;
};

}  // namespace lapack_ai::env::testing
