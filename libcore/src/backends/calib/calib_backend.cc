// calib[:slow=F]@<base>: measures the measurement. A second, separate instance of <base> (bound
// beside <base> itself it makes an A/A pair: any "speedup" between them is noise), and with
// slow=F every call stretched to F times its own duration by spinning (a planted slowdown the
// statistics must detect). bench/trust-aa.sh uses both.
#include <chrono>

#include <fmt/format.h>

#include "lapack_ai/backend.h"
#include "lapack_ai/error.h"

namespace lapack_ai {
namespace {

class SlowedCall final : public BoundCall {
 public:
  SlowedCall(std::unique_ptr<BoundCall> inner, double factor)
      : inner_(std::move(inner)), factor_(factor) {}
  void Reset() override { inner_->Reset(); }
  void Fetch() override { inner_->Fetch(); }
  void Run() override {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    inner_->Run();
    if (factor_ <= 1.0) return;
    // Spinning, not sleeping: a slower backend keeps its core busy, and a sleep's wake-up
    // latency would add noise of its own to what is meant to be an exact factor.
    const auto until = t0 + (Clock::now() - t0) * factor_;
    while (Clock::now() < until) {
    }
  }

 private:
  std::unique_ptr<BoundCall> inner_;
  double factor_;
};

class CalibBackend final : public Backend {
 public:
  CalibBackend(std::string name, std::unique_ptr<Backend> base, double factor)
      : name_(std::move(name)), base_(std::move(base)), factor_(factor) {}
  const std::string& name() const override { return name_; }
  BackendInfo Info() const override {
    BackendInfo info = base_->Info();
    info.name = name_;
    info.extra["base"] = base_->name();
    info.extra["calib_slowdown"] = fmt::format("{}", factor_);
    info.note = factor_ > 1 ? fmt::format("every call stretched to {}x its duration (planted)", factor_)
                            : "a second instance of " + base_->name() + " (A/A)";
    return info;
  }
  bool Supports(std::string_view routine, Precision p) const override {
    return base_->Supports(routine, p);
  }
  std::unique_ptr<BoundCall> Bind(Call& call) override {
    return std::make_unique<SlowedCall>(base_->Bind(call), factor_);
  }
  void SetThreads(int threads) override { base_->SetThreads(threads); }
  std::optional<double> DeviceMemoryBytes() const override { return base_->DeviceMemoryBytes(); }
  std::optional<double> DeviceFreeBytes() const override { return base_->DeviceFreeBytes(); }
  double DeviceWorkspaceBytes(std::string_view r, Precision p, int64_t m, int64_t n, int64_t k) const override {
    return base_->DeviceWorkspaceBytes(r, p, m, n, k);
  }

 private:
  std::string name_;
  std::unique_ptr<Backend> base_;
  double factor_;
};

double ParseSlowdown(const BackendSpec& spec) {
  if (spec.argument.empty()) return 1.0;
  const std::string_view arg = spec.argument;
  double f = 0;
  if (arg.rfind("slow=", 0) == 0) {
    try {
      std::size_t used = 0;
      const std::string value(arg.substr(5));
      f = std::stod(value, &used);
      if (used != value.size()) f = 0;
    } catch (const std::exception&) {
      f = 0;
    }
  }
  if (!(f >= 1.0 && f <= 100.0)) {
    throw UsageError(fmt::format(
        "--backend: '{}': calib takes slow=F with 1 <= F <= 100 (e.g. calib:slow=1.10@openblas)",
        spec.text));
  }
  return f;
}

}  // namespace

/// Registry factory: calib[:slow=F]@<base>, base default openblas.
std::unique_ptr<Backend> MakeCalibBackend(const BackendSpec& spec) {
  const double factor = ParseSlowdown(spec);
  const std::string base = spec.base.empty() ? "openblas" : spec.base;
  if (ParseBackendSpec(base).family == "calib") {
    throw UsageError(fmt::format("--backend: '{}': the base of calib cannot be calib", spec.text));
  }
  return std::make_unique<CalibBackend>(spec.text, CreateBackend(base), factor);
}

}  // namespace lapack_ai
