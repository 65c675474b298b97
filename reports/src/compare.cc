// Compare: matching cases of two results documents and judging speed (noise-aware) and
// precision changes. Formatting lives in compare_format.cc.
#include "lapack_ai/reports/compare.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "lapack_ai/reports/mann_whitney.h"

namespace lapack_ai::reports {
namespace {

bool IsBad(Status s) { return s == Status::kFailed || s == Status::kError; }

// "nn 64x64x64" plus only the parameters that differ from their defaults, so tables stay narrow.
std::string ParamsText(const CaseParams& p) {
  const CaseParams d;
  std::string out = fmt::format("{}{} {}x{}x{}", ToString(p.transa), ToString(p.transb), p.m, p.n, p.k);
  if (p.alpha != d.alpha) out += fmt::format(" alpha={}", p.alpha);
  if (p.beta != d.beta) out += fmt::format(" beta={}", p.beta);
  if (p.nrhs != d.nrhs) out += fmt::format(" nrhs={}", p.nrhs);
  if (p.batch != d.batch) out += fmt::format(" batch={}", p.batch);
  if (p.matrix != d.matrix) out += fmt::format(" matrix={}", p.matrix);
  if (p.cond != d.cond) out += fmt::format(" cond={}", p.cond);
  return out;
}

UnmatchedCase Identify(const CaseResult& r) {
  return {"", r.params.op, std::string(ToString(r.params.type)), r.backend, ParamsText(r.params)};
}

std::vector<double> FiniteSamples(const CaseResult& r) {
  std::vector<double> out;
  if (!r.timing) return out;
  for (double s : r.timing->samples_s)
    if (std::isfinite(s)) out.push_back(s);
  return out;
}

std::optional<double> Median(const CaseResult& r) {
  if (!r.timing || !std::isfinite(r.timing->median_s) || r.timing->median_s <= 0) return {};
  return r.timing->median_s;
}

void JudgeSpeed(const CaseResult& base, const CaseResult& next, const CompareOptions& options,
                CaseComparison& c) {
  const std::vector<double> x = FiniteSamples(base), y = FiniteSamples(next);
  c.base_samples = static_cast<int>(x.size());
  c.new_samples = static_cast<int>(y.size());
  c.base_median_s = Median(base);
  c.new_median_s = Median(next);
  if (!c.base_median_s || !c.new_median_s || x.empty() || y.empty()) return;
  c.change_percent = (*c.new_median_s / *c.base_median_s - 1.0) * 100.0;
  if (MannWhitneyMinPValue(c.base_samples, c.new_samples) > options.alpha) {
    c.speed = SpeedVerdict::kTooFewSamples;
    return;
  }
  const MannWhitneyResult test = MannWhitneyU(x, y);
  c.p_value = test.p_value;
  const bool significant = test.p_value < options.alpha;
  if (significant && *c.change_percent > options.threshold_percent) {
    c.speed = SpeedVerdict::kSlower;
  } else if (significant && *c.change_percent < -options.threshold_percent) {
    c.speed = SpeedVerdict::kFaster;
  } else {
    c.speed = SpeedVerdict::kUnchanged;
  }
}

std::optional<double> Finite(double v) {
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

CaseComparison Judge(const CaseResult& base, const CaseResult& next,
                     const CompareOptions& options) {
  CaseComparison c;
  const UnmatchedCase id = Identify(next);
  c.op = id.op;
  c.type = id.type;
  c.backend = id.backend;
  c.params = id.params;
  c.base_status = base.status;
  c.new_status = next.status;
  c.status_worse = IsBad(next.status) && !IsBad(base.status);
  if (!base.checks.empty()) c.base_ratio = Finite(base.checks.front().value);
  if (!next.checks.empty()) {
    c.new_ratio = Finite(next.checks.front().value);
    c.threshold = Finite(next.checks.front().threshold);
  }
  if (c.threshold && *c.threshold > 0 && c.new_ratio && *c.new_ratio >= *c.threshold)
    c.ratio_crossed = !c.base_ratio || *c.base_ratio < *c.threshold;
  JudgeSpeed(base, next, options, c);
  return c;
}

std::string MatchKey(const CaseResult& r) { return r.params.Key() + " @" + r.backend; }

}  // namespace

std::string_view ToString(SpeedVerdict v) {
  switch (v) {
    case SpeedVerdict::kNotTimed: return "not timed";
    case SpeedVerdict::kTooFewSamples: return "too few samples";
    case SpeedVerdict::kUnchanged: return "unchanged";
    case SpeedVerdict::kFaster: return "faster";
    case SpeedVerdict::kSlower: return "SLOWER";
  }
  return "?";
}

int CompareReport::speed_regressions() const {
  int n = 0;
  for (const CaseComparison& c : matched) n += c.speed_regression() ? 1 : 0;
  return n;
}

int CompareReport::precision_regressions() const {
  int n = 0;
  for (const CaseComparison& c : matched) n += c.precision_regression() ? 1 : 0;
  return n;
}

int CompareReport::improvements() const {
  int n = 0;
  for (const CaseComparison& c : matched) n += c.speed == SpeedVerdict::kFaster ? 1 : 0;
  return n;
}

bool CompareReport::regression() const {
  return speed_regressions() > 0 || precision_regressions() > 0 ||
         (options.fail_on_missing && !missing.empty());
}

CompareReport Compare(const ResultsDocument& base, const ResultsDocument& next,
                      const CompareOptions& options) {
  CompareReport report;
  report.options = options;
  report.environment_differences = EnvironmentDifferences(base.context, next.context);
  // Key -> indices in base order; repeated keys (merged legs) pair up in order.
  std::map<std::string, std::vector<std::size_t>> pending;
  for (std::size_t i = 0; i < base.results.size(); ++i)
    pending[MatchKey(base.results[i])].push_back(i);
  std::map<std::string, std::size_t> used;
  std::vector<bool> matched_base(base.results.size(), false);
  for (const CaseResult& r : next.results) {
    const std::string key = MatchKey(r);
    auto it = pending.find(key);
    std::size_t& n = used[key];
    if (it == pending.end() || n >= it->second.size()) {
      report.added.push_back(Identify(r));
      continue;
    }
    const std::size_t b = it->second[n++];
    matched_base[b] = true;
    report.matched.push_back(Judge(base.results[b], r, options));
  }
  for (std::size_t i = 0; i < base.results.size(); ++i)
    if (!matched_base[i]) report.missing.push_back(Identify(base.results[i]));
  return report;
}

CompareReport CompareLegs(const std::vector<Leg>& base, const std::vector<Leg>& next,
                          const CompareOptions& options) {
  const bool single = base.size() == 1 && next.size() == 1;
  const bool label = base.size() > 1 || next.size() > 1;
  CompareReport all;
  all.options = options;
  auto append = [&](CompareReport part, const std::string& leg) {
    for (CaseComparison& c : part.matched) c.leg = label ? leg : "";
    for (UnmatchedCase& u : part.added) u.leg = label ? leg : "";
    for (UnmatchedCase& u : part.missing) u.leg = label ? leg : "";
    for (std::string& line : part.environment_differences)
      all.environment_differences.push_back(label ? leg + ": " + line : line);
    all.matched.insert(all.matched.end(), part.matched.begin(), part.matched.end());
    all.added.insert(all.added.end(), part.added.begin(), part.added.end());
    all.missing.insert(all.missing.end(), part.missing.begin(), part.missing.end());
  };
  const ResultsDocument empty;
  for (const Leg& n : next) {
    auto b = std::find_if(base.begin(), base.end(), [&](const Leg& l) { return l.name == n.name; });
    if (single) b = base.begin();
    CompareReport part = Compare(b == base.end() ? empty : b->doc, n.doc, options);
    if (b == base.end()) part.environment_differences.clear();  // no partner to differ from
    append(std::move(part), n.name);
  }
  for (const Leg& b : base) {
    const bool paired = single || std::any_of(next.begin(), next.end(),
                                              [&](const Leg& l) { return l.name == b.name; });
    if (paired) continue;
    CompareReport part = Compare(b.doc, empty, options);
    part.environment_differences.clear();
    append(std::move(part), b.name);
  }
  return all;
}

}  // namespace lapack_ai::reports
