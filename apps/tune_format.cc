// Console text of `lapack-ai tune`.
#include "tune_format.h"

#include <fmt/format.h>

#include "lapack_ai/stats.h"

namespace lapack_ai::cli {
namespace {

using alphatensor::CandidateVerdict;

std::string RatioCell(const std::optional<double>& r) {
  return r ? fmt::format("{:.2f}x", *r) : "n/a";
}

}  // namespace

std::string DecisionTable(const std::vector<alphatensor::TuneDecision>& decisions,
                          double error_budget) {
  std::string out = fmt::format(
      "\nChoice per size (eligible: 95 % interval above 1, check passed, error <= {:g}x the "
      "base's; the fastest eligible wins):\n{:<4} {:>7}  {:<26} {:<22} {}\n",
      error_budget, "type", "size", "choice", "speedup [95% CI]", "error ratio");
  for (const alphatensor::TuneDecision& d : decisions) {
    const CandidateVerdict* chosen = d.Chosen();
    const std::string label = chosen ? chosen->candidate.Label() : "base";
    std::string row = label;
    if (chosen) {
      row = fmt::format("{:<26} {:<22} {}", label,
                        FormatSpeedup(chosen->speedup, chosen->interval, "n/a"),
                        RatioCell(chosen->error_ratio));
    }
    out += fmt::format("{:<4} {:>7}  {}\n", ToString(d.type), d.size, row);
    for (const CandidateVerdict& v : d.candidates) {
      if (&v == chosen) continue;
      const std::string why =
          v.eligible ? fmt::format("eligible, but {} is faster", label) : v.rejected;
      const bool ratio_said = why.find("error ratio") != std::string::npos;
      out += fmt::format("{:<14}{}: {}{}\n", "", v.candidate.Label(), why,
                         ratio_said ? "" : fmt::format(" (error ratio {})", RatioCell(v.error_ratio)));
    }
  }
  return out;
}

std::string CrossoverLine(const std::vector<alphatensor::Crossover>& list, Precision type) {
  if (list.empty()) return fmt::format("{}: the base at every size", ToString(type));
  std::string out = fmt::format("{}:", ToString(type));
  for (std::size_t i = 0; i < list.size(); ++i) {
    const alphatensor::Crossover& c = list[i];
    const std::string name = c.levels == 1 ? c.scheme : fmt::format("{}/{}", c.scheme, c.levels);
    out += fmt::format("{} {} from {}", i ? "," : "", c.scheme == "base" ? "the base" : name,
                       c.min_size);
  }
  return out;
}

std::string EstimateTable(const alphatensor::TuneEstimate& e, bool repeat_auto,
                          double max_time_s) {
  std::string out = fmt::format("\n{:<4} {:>15}  {:>12}  {:>12}  {:>12}\n", "type", "m x n x k",
                                "call (base)", "expected", "at most");
  for (const alphatensor::CaseEstimate& c : e.cases) {
    out += fmt::format("{:<4} {:>15}  {:>12}  {:>12}  {:>12}\n", ToString(c.params.type),
                       fmt::format("{}x{}x{}", c.params.m, c.params.n, c.params.k),
                       alphatensor::FormatDuration(c.call_s),
                       alphatensor::FormatDuration(c.expected_s),
                       alphatensor::FormatDuration(c.max_s));
  }
  if (repeat_auto) {
    out += fmt::format(
        "total: about {} ({} samples a side, --repeat auto's first round); at most {} "
        "(--max-time {:g} s per case)\n",
        alphatensor::FormatDuration(e.expected_s), e.samples,
        alphatensor::FormatDuration(e.max_s), max_time_s);
  } else {
    out += fmt::format("total: about {} ({} samples a side)\n",
                       alphatensor::FormatDuration(e.expected_s), e.samples);
  }
  return out;
}

}  // namespace lapack_ai::cli
