// Timing of one case's bound calls: interleaved rounds through Google Benchmark until every
// speedup's bootstrap interval is tight (--repeat auto) or the time budget is spent, then the
// statistics, stability marks, GFLOP/s and speedups with their intervals.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "lapack_ai/runner.h"
#include "lapack_ai/stats.h"
#include "lapack_ai/timer.h"

namespace lapack_ai {
namespace {

// Calls per sample so one sample lasts about `min_sample_s`: short calls are averaged over
// several iterations because a single sub-millisecond call is below the clock's useful
// resolution (validation.md §6.6).
int64_t IterationsFor(double seconds_per_call, double min_sample_s) {
  if (!(seconds_per_call > 0)) return 1;
  return std::clamp<int64_t>(static_cast<int64_t>(std::ceil(min_sample_s / seconds_per_call)), 1, 100000);
}

// Auto mode's first round: a bootstrap of a median needs about ten samples a side before its
// interval means anything. Past a thousand samples a wider interval is the machine's noise, not
// too few samples: stop there ("max_samples").
constexpr int kFirstAutoRound = 10;
constexpr int kMaxAutoSamples = 1000;

// Statistics of the samples of every round together (Google Benchmark's aggregates cover one).
void ComputeStatistics(TimingStats& s) {
  const std::vector<double>& v = s.samples_s;
  if (v.empty()) return;
  s.min_s = *std::min_element(v.begin(), v.end());
  s.median_s = Median(v);
  const Moments m = SampleMoments(v);
  s.mean_s = m.mean;
  s.stddev_s = m.stddev;
  s.cv = m.cv;
}

// The seed of one record's interval, recorded with it so the interval can be recomputed.
uint64_t IntervalSeed(uint64_t base, const CaseResult& r) {
  return DeriveSeed(base, r.params.Key() + " " + r.backend);
}

// The interval of a target's own median (relative), for cases without a baseline to compare to:
// the candidate side is the observed median twice, so the ratio's spread is the median's.
SpeedupEstimate OwnMedianInterval(const std::vector<double>& samples, uint64_t seed, int resamples) {
  const double m = Median(samples);
  const std::vector<double> fixed{m, m};
  return BootstrapSpeedup(samples, fixed, seed, resamples);
}

}  // namespace

void Runner::TimeCase(std::vector<CaseResult>& out, std::size_t first,
                      const std::vector<BackendInfo>& infos,
                      const std::vector<std::unique_ptr<BoundCall>>& bound,
                      const std::vector<double>& call_seconds) {
  std::vector<TimedTarget> targets;
  std::vector<std::size_t> which;
  for (std::size_t bi = 0; bi < bound.size(); ++bi) {
    if (!bound[bi]) continue;
    targets.push_back({fmt::format("{}#{}", out[first + bi].backend, bi), bound[bi].get(),
                       IterationsFor(call_seconds[bi], options_.min_sample_s)});
    which.push_back(bi);
  }
  if (targets.empty()) return;
  std::ptrdiff_t base = -1;
  for (std::size_t t = 0; t < targets.size(); ++t)
    if (out[first + which[t]].backend == options_.baseline) base = static_cast<std::ptrdiff_t>(t);

  std::vector<TimingStats> acc(targets.size());
  std::vector<std::string> failed(targets.size());
  auto seed_of = [&](std::size_t t) { return IntervalSeed(options_.bootstrap_seed, out[first + which[t]]); };
  // Relative half-width of every interval the stopping rule watches; the widest decides. Each
  // live target's speedup against a live baseline, else (no baseline, or nothing else left to
  // compare with it) each target's own median.
  auto widest = [&] {
    const bool compare = base >= 0 && failed[static_cast<std::size_t>(base)].empty();
    const auto b = static_cast<std::size_t>(base);
    double w = 0;
    int watched = 0;
    for (std::size_t t = 0; t < targets.size(); ++t) {
      if (!failed[t].empty() || (compare && t == b)) continue;
      const SpeedupEstimate e =
          compare ? BootstrapSpeedup(acc[b].samples_s, acc[t].samples_s, seed_of(t),
                                     options_.bootstrap_resamples)
                  : OwnMedianInterval(acc[t].samples_s, seed_of(t), options_.bootstrap_resamples);
      w = std::max(w, RelativeHalfWidth(e));
      ++watched;
    }
    if (compare && watched == 0)
      w = RelativeHalfWidth(OwnMedianInterval(acc[b].samples_s, seed_of(b), options_.bootstrap_resamples));
    return w;
  };

  const double start = SteadyClock().Now();
  int reps = options_.repeat_auto ? kFirstAutoRound : options_.repeat;
  std::string stop = options_.repeat_auto ? "max_time" : "fixed";
  for (;;) {
    std::vector<TimedTarget> live;
    std::vector<std::size_t> live_index;
    for (std::size_t t = 0; t < targets.size(); ++t) {
      if (failed[t].empty()) {
        live.push_back(targets[t]);
        live_index.push_back(t);
      }
    }
    if (live.empty()) break;
    const double round_start = SteadyClock().Now();
    std::vector<std::string> errors;
    const auto stats = TimeInterleaved(live, reps, &errors);
    for (std::size_t i = 0; i < live.size(); ++i) {
      const std::size_t t = live_index[i];
      if (!errors[i].empty()) {
        failed[t] = errors[i];
        continue;
      }
      acc[t].iterations_per_sample = stats[i].iterations_per_sample;
      acc[t].samples_s.insert(acc[t].samples_s.end(), stats[i].samples_s.begin(), stats[i].samples_s.end());
    }
    if (!options_.repeat_auto) break;
    if (widest() <= options_.target_half_width) {
      stop = "converged";
      break;
    }
    const double now = SteadyClock().Now();
    const double left = options_.max_time_s - (now - start);
    const double per_rep = (now - round_start) / reps;
    const int have = static_cast<int>(acc[live_index[0]].samples_s.size());
    if (left <= 0) break;
    if (have >= kMaxAutoSamples) {
      stop = "max_samples";
      break;
    }
    // Grow by half of what is there (the half-width shrinks as 1/sqrt(n)), within the budget.
    const int grow = std::max(5, have / 2);
    reps = std::max(1, std::min({grow, kMaxAutoSamples - have,
                                 static_cast<int>(left / std::max(per_rep, 1e-9))}));
  }

  for (std::size_t t = 0; t < targets.size(); ++t) {
    CaseResult& r = out[first + which[t]];
    if (!failed[t].empty()) {
      r.status = Status::kError;
      r.message = "timing failed: " + failed[t];
      continue;
    }
    TimingStats s = acc[t];
    ComputeStatistics(s);
    s.stop_reason = stop;
    const Stability st = AssessStability(s.samples_s, options_.unstable_cv);
    s.unstable = st.unstable;
    s.unstable_reason = st.reason;
    // Host<->device copies inside Run(), as the backend declares (BackendInfo.extra).
    const auto& extra = infos[which[t]].extra;
    const auto it = extra.find("transfers_included");
    s.transfers_included = it != extra.end() && it->second == "true";
    if (s.median_s > 0) r.gflops = r.flops / s.median_s / 1e9;
    r.timing = std::move(s);
  }
  // Speedups against the baseline measured in this same interleaved run, with their intervals.
  if (base < 0) return;
  const CaseResult& b = out[first + which[static_cast<std::size_t>(base)]];
  if (!b.timing || !(b.timing->median_s > 0)) return;
  for (std::size_t bi = 0; bi < bound.size(); ++bi) {
    CaseResult& r = out[first + bi];
    r.baseline = options_.baseline;
    if (!r.timing || !(r.timing->median_s > 0)) continue;
    r.speedup = b.timing->median_s / r.timing->median_s;
    if (&r == &b) continue;
    r.speedup_seed = IntervalSeed(options_.bootstrap_seed, r);
    const SpeedupEstimate e = BootstrapSpeedup(b.timing->samples_s, r.timing->samples_s,
                                               r.speedup_seed, options_.bootstrap_resamples);
    if (!e.valid()) continue;
    r.speedup_ci = std::make_pair(e.lo, e.hi);
    r.speedup_verdict = std::string(ToString(Decide(e)));
  }
}

}  // namespace lapack_ai
