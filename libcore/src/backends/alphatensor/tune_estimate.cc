// The dry-run estimate of `lapack-ai tune`: a probe of the base's GEMM rate and its
// extrapolation to the planned cases.
#include "lapack_ai/alphatensor/tune_estimate.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_ai/op.h"
#include "lapack_ai/timer.h"
#include "ops/gemm_check.h"

namespace lapack_ai::alphatensor {
namespace {

// Auto mode's first interleaved round and its sample cap (runner/timing_rounds.cc).
constexpr int kFirstAutoRound = 10;
constexpr int kMaxAutoSamples = 1000;
// The environment's load sample before a run (apps/sweep_options.cc).
constexpr double kStartSeconds = 0.25;

double Mnk(const CaseParams& p) {
  return static_cast<double>(p.m) * static_cast<double>(p.n) * static_cast<double>(p.k);
}

}  // namespace

double ProbeGemmRate(Backend& backend, Precision type, int64_t n) {
  CaseParams p;
  p.op = "gemm";
  p.type = type;
  p.m = p.n = p.k = n;
  const std::unique_ptr<OpCase> cs = FindOp("gemm")->MakeCase(p);
  const std::unique_ptr<BoundCall> call = backend.Bind(cs->PrepareCall());
  call->Run();
  double best = std::numeric_limits<double>::infinity();
  for (int i = 0; i < 3; ++i) {
    call->Reset();
    const double t0 = SteadyClock().Now();
    call->Run();
    best = std::min(best, SteadyClock().Now() - t0);
  }
  return best > 0 ? cs->Flops() / best / 1e9 : 0;
}

TuneEstimate EstimateTuneTime(const std::vector<CaseParams>& cases, std::size_t backends,
                              const RunOptions& o, const ProbeRates& rates) {
  TuneEstimate est;
  est.samples = o.repeat_auto ? kFirstAutoRound : o.repeat;
  const auto nb = static_cast<double>(backends);
  est.expected_s = est.max_s = kStartSeconds;
  for (const CaseParams& p : cases) {
    CaseEstimate c{p};
    const double flops = 2 * Mnk(p);
    const double rate = rates.For(p.type);
    c.call_s = rate > 0 ? flops / (rate * 1e9) : 0;
    const double reference_s =
        Mnk(p) <= kFullCheckMaxMnk && rates.reference > 0 ? flops / (rates.reference * 1e9) : 0;
    // Each backend: warm-up calls and the checked call, untimed; then its samples.
    const double setup = reference_s + nb * (o.warmup + 1) * c.call_s;
    const double sample_s = std::max(c.call_s, o.min_sample_s);
    const double sampling = nb * est.samples * sample_s;
    c.expected_s = setup + sampling;
    // Auto: the first round always runs; then rounds until --max-time, or 1000 samples a side.
    const double most = std::min(std::max(sampling, o.max_time_s), nb * kMaxAutoSamples * sample_s);
    c.max_s = o.repeat_auto ? setup + std::max(sampling, most) : c.expected_s;
    est.expected_s += c.expected_s;
    est.max_s += c.max_s;
    est.cases.push_back(std::move(c));
  }
  return est;
}

std::string FormatDuration(double s) {
  if (!std::isfinite(s)) return "unknown";
  if (s < 1) return fmt::format("{:.3g} ms", s * 1e3);
  if (s < 10) return fmt::format("{:.1f} s", s);
  if (s < 60) return fmt::format("{:.0f} s", s);
  const auto total = static_cast<long long>(std::llround(s));
  if (total < 3600) {
    return total % 60 == 0 ? fmt::format("{} min", total / 60)
                           : fmt::format("{} min {} s", total / 60, total % 60);
  }
  return (total % 3600) / 60 == 0 ? fmt::format("{} h", total / 3600)
                                  : fmt::format("{} h {} min", total / 3600, (total % 3600) / 60);
}

void CheckTuneDims(const std::vector<Dims>& dims) {
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (std::min({dims[i].m, dims[i].n, dims[i].k}) < 1) {
      throw UsageError(fmt::format("--dim: {}x{}x{}: tune needs sizes >= 1", dims[i].m,
                                   dims[i].n, dims[i].k));
    }
    for (std::size_t j = 0; j < i; ++j) {
      const int64_t a = std::min({dims[i].m, dims[i].n, dims[i].k});
      const int64_t b = std::min({dims[j].m, dims[j].n, dims[j].k});
      if (a == b) {
        throw UsageError(fmt::format(
            "--dim: {}x{}x{} and {}x{}x{} have the same min(m, n, k) = {}: the crossover table "
            "is by that size, give one shape per size",
            dims[j].m, dims[j].n, dims[j].k, dims[i].m, dims[i].n, dims[i].k, a));
      }
    }
  }
}

}  // namespace lapack_ai::alphatensor
