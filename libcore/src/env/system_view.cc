// RealSystem: the live machine behind the SystemView seam. Files resolve under a root so the
// same code reads a fake /proc tree in tests.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "env/cpu_features.h"
#include "env/subprocess.h"
#include "lapack_ai/env.h"

namespace lapack_ai::env {
namespace {

double Seconds(const timeval& t) {
  return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec);
}

class RealSystemView final : public SystemView {
 public:
  explicit RealSystemView(std::string root) : root_(std::move(root)) {
    while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
    if (root_ == "/") root_.clear();
  }

  std::optional<std::string> ReadFile(const std::string& path) const override {
    std::ifstream in(root_ + path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return text.str();
  }

  std::optional<std::string> Getenv(const std::string& name) const override {
    const char* v = std::getenv(name.c_str());
    return v ? std::optional<std::string>(v) : std::nullopt;
  }

  CpuFeatures Cpu() const override { return internal::ReadCpuid(); }

  double OwnCpuSeconds() const override {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return Seconds(u.ru_utime) + Seconds(u.ru_stime);
  }

  double MonotonicSeconds() const override {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }

  std::optional<std::string> RunCommand(const std::vector<std::string>& argv) const override {
    const internal::ProcessResult r = internal::RunProcess(argv, {}, 10.0, false);
    if (!r.started || r.timed_out || r.exit_code != 0) return std::nullopt;
    return r.output;
  }

  bool BuiltOptimized() const override {
#if defined(__OPTIMIZE__) && defined(NDEBUG)
    return true;
#else
    return false;
#endif
  }

  double ClockTicksPerSecond() const override {
    const long hz = sysconf(_SC_CLK_TCK);
    return hz > 0 ? static_cast<double>(hz) : 100.0;
  }

 private:
  std::string root_;  // "" for the real root
};

}  // namespace

int64_t SystemView::Pid() const { return static_cast<int64_t>(getpid()); }

void SystemView::SleepFor(double seconds) const {
  if (seconds > 0) std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

std::unique_ptr<SystemView> RealSystem(std::string root) {
  return std::make_unique<RealSystemView>(std::move(root));
}

}  // namespace lapack_ai::env
