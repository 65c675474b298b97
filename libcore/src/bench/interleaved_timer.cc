// Google Benchmark as the timing engine. Manual time excludes Reset() (restoring overwritten
// operands), random interleaving spreads slow drifts (thermal, other tenants) over all
// backends alike, and a capturing reporter hands the runs and aggregates back.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>

#include "lapack_ai/timer.h"

namespace lapack_ai {
namespace {

class Steady final : public Clock {
 public:
  double Now() override {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }
};

void InitializeBenchmarkOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    static char arg0[] = "lapack-ai";
    static char arg1[] = "--benchmark_enable_random_interleaving=true";
    char* argv[] = {arg0, arg1, nullptr};
    int argc = 2;
    benchmark::Initialize(&argc, argv);
  });
}

// Collects per-repetition samples and the aggregates Google Benchmark computed.
class CaptureReporter final : public benchmark::BenchmarkReporter {
 public:
  struct Captured {
    std::vector<double> samples;
    std::map<std::string, double> aggregates;
    std::string error;
  };
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) {
      Captured& c = by_name_[r.run_name.function_name];
      if (r.error_occurred) {
        c.error = r.error_message;
        continue;
      }
      if (r.run_type == Run::RT_Iteration) {
        c.samples.push_back(r.real_accumulated_time / static_cast<double>(r.iterations));
      } else if (r.aggregate_unit == benchmark::kPercentage) {
        c.aggregates[r.aggregate_name] = r.real_accumulated_time;  // a fraction, e.g. 0.02
      } else {
        c.aggregates[r.aggregate_name] = r.real_accumulated_time / static_cast<double>(r.iterations);
      }
    }
  }
  Captured& operator[](const std::string& name) { return by_name_[name]; }

 private:
  std::map<std::string, Captured> by_name_;
};

}  // namespace

Clock& SteadyClock() {
  static Steady clock;
  return clock;
}

std::vector<TimingStats> TimeInterleaved(const std::vector<TimedTarget>& targets, int repetitions,
                                         std::vector<std::string>* errors, Clock& clock) {
  InitializeBenchmarkOnce();
  benchmark::ClearRegisteredBenchmarks();
  for (const TimedTarget& t : targets) {
    BoundCall* call = t.call;
    benchmark::RegisterBenchmark(t.label.c_str(), [call, &clock](benchmark::State& state) {
      for (auto _ : state) {
        try {
          call->Reset();
          const double t0 = clock.Now();
          call->Run();
          const double host = clock.Now() - t0;
          state.SetIterationTime(call->DeviceSeconds().value_or(host));
        } catch (const std::exception& e) {
          state.SkipWithError(e.what());
          break;
        }
      }
    })
        ->UseManualTime()
        ->Iterations(std::max<int64_t>(1, t.iterations))
        ->Repetitions(std::max(1, repetitions))
        ->ComputeStatistics("min", [](const std::vector<double>& v) {
          return v.empty() ? 0.0 : *std::min_element(v.begin(), v.end());
        });
  }
  CaptureReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::ClearRegisteredBenchmarks();

  std::vector<TimingStats> out;
  if (errors != nullptr) errors->assign(targets.size(), "");
  for (std::size_t i = 0; i < targets.size(); ++i) {
    auto& c = reporter[targets[i].label];
    TimingStats s;
    s.iterations_per_sample = std::max<int64_t>(1, targets[i].iterations);
    s.samples_s = c.samples;
    if (errors != nullptr) (*errors)[i] = c.error;
    auto agg = [&](const char* name) {
      auto it = c.aggregates.find(name);
      return it == c.aggregates.end() ? 0.0 : it->second;
    };
    if (s.samples_s.size() == 1) {
      // Google Benchmark computes no aggregates for a single repetition.
      s.min_s = s.median_s = s.mean_s = s.samples_s[0];
    } else {
      s.min_s = agg("min");
      s.median_s = agg("median");
      s.mean_s = agg("mean");
      s.stddev_s = agg("stddev");
      s.cv = agg("cv");
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace lapack_ai
