// The decision rule of `lapack-ai tune` and the compression of its choices into crossovers.
#include "lapack_ai/alphatensor/tune_decide.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_ai/stats.h"
#include "lapack_ai/sweep.h"

namespace lapack_ai::alphatensor {
namespace {

int64_t SizeOf(const CaseParams& p) { return std::min({p.m, p.n, p.k}); }

// The primary check's normwise ratio, or NaN.
double ErrorOf(const CaseResult& r) {
  return r.checks.empty() ? std::nan("") : r.checks.front().value;
}

// Why the base's record cannot anchor a decision ("" when it can).
std::string BaseProblem(const CaseResult& base) {
  if (base.status != Status::kPass) {
    return fmt::format("base {}: {}", ToString(base.status), base.message);
  }
  if (!base.timing || !(base.timing->median_s > 0)) return "base has no timing";
  return "";
}

CandidateVerdict Judge(const TuneCandidate& c, const CaseResult* r, const CaseResult& base,
                       double budget) {
  CandidateVerdict v;
  v.candidate = c;
  if (r == nullptr) {
    v.rejected = "not measured";
    return v;
  }
  v.speedup = r->speedup;
  v.interval = r->speedup_ci;
  v.verdict = r->speedup_verdict;
  const double err = ErrorOf(*r), base_err = ErrorOf(base);
  if (std::isfinite(err) && std::isfinite(base_err) && base_err > 0) v.error_ratio = err / base_err;

  std::vector<std::string> why;
  if (r->status != Status::kPass) {
    why.push_back(fmt::format("{}: {}", r->status == Status::kFailed ? "check failed"
                                                                     : ToString(r->status),
                              r->message));
  }
  if (r->status == Status::kPass || r->timing) {
    if (!r->speedup_ci || !(r->speedup_ci->first > 1) || r->speedup_verdict != "faster") {
      const std::string speedup = FormatSpeedup(r->speedup, r->speedup_ci, "no speedup interval");
      why.push_back(r->speedup_verdict == "slower"
                        ? fmt::format("slower: {}", speedup)
                        : fmt::format("not significantly faster: {}", speedup));
    }
  }
  if (r->status == Status::kPass) {
    // err <= budget * base_err also admits an exact result where the base was exact too.
    if (!(std::isfinite(err) && std::isfinite(base_err) && err <= budget * base_err)) {
      why.push_back(v.error_ratio
                        ? fmt::format("error ratio {:.2f}x the base's, over the budget {:g}x",
                                      *v.error_ratio, budget)
                        : fmt::format("error {:.3g} against the base's {:.3g}, over the budget "
                                      "{:g}x", err, base_err, budget));
    }
  }
  v.eligible = why.empty();
  for (const std::string& w : why) v.rejected += (v.rejected.empty() ? "" : "; ") + w;
  return v;
}

}  // namespace

std::string TuneCandidate::Label() const {
  return levels == 1 ? scheme : fmt::format("{}/{}", scheme, levels);
}

std::string TuneCandidate::Spec(std::string_view base) const {
  return fmt::format("alphatensor:{}@{}", Label(), base);
}

std::vector<TuneCandidate> ParseTuneCandidates(std::string_view text) {
  std::vector<TuneCandidate> out;
  for (const std::string& item : SplitList(text, "--candidates")) {
    TuneCandidate c{item, 1};
    if (const auto slash = item.find('/'); slash != std::string::npos) {
      c.scheme = item.substr(0, slash);
      const std::string_view digits = std::string_view(item).substr(slash + 1);
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), c.levels);
      if (ec != std::errc() || end != digits.data() + digits.size() || c.levels < 1 || c.levels > 3) {
        throw UsageError(fmt::format("--candidates: invalid value '{}': levels after '/' must be "
                                     "1, 2 or 3", item));
      }
    }
    if (c.scheme.empty() || c.scheme == "auto" || c.scheme == "base" ||
        c.scheme.find_first_of(":@") != std::string::npos) {
      throw UsageError(fmt::format("--candidates: invalid value '{}': expected a scheme name "
                                   "from `lapack-ai schemes list`, optionally /levels",
                                   item));
    }
    for (const TuneCandidate& o : out) {
      if (o.scheme == c.scheme && o.levels == c.levels) {
        throw UsageError(fmt::format("--candidates: '{}' is given twice", item));
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<TuneCandidate> DefaultTuneCandidates() {
  return {{"strassen", 1}, {"dps-4x4x4-48-accurate", 1}};
}

const CandidateVerdict* TuneDecision::Chosen() const {
  for (const CandidateVerdict& v : candidates) {
    if (v.eligible && v.candidate.scheme == scheme && v.candidate.levels == levels) return &v;
  }
  return nullptr;
}

std::vector<TuneDecision> DecideTune(const std::vector<CaseResult>& results, std::string_view base,
                                     const std::vector<TuneCandidate>& candidates,
                                     double error_budget) {
  std::vector<std::string> specs;
  for (const TuneCandidate& c : candidates) specs.push_back(c.Spec(base));
  auto find = [&](const std::string& key, std::string_view backend) -> const CaseResult* {
    for (const CaseResult& r : results) {
      if (r.backend == backend && r.params.Key() == key) return &r;
    }
    return nullptr;
  };

  std::vector<TuneDecision> out;
  std::vector<Precision> type_order;
  for (const CaseResult& b : results) {
    if (b.backend != base) continue;
    const int64_t size = SizeOf(b.params);
    // One case per (type, size): tune refuses --dim lists where two share min(m, n, k).
    if (std::any_of(out.begin(), out.end(), [&](const TuneDecision& d) {
          return d.type == b.params.type && d.size == size;
        })) {
      continue;
    }
    if (std::find(type_order.begin(), type_order.end(), b.params.type) == type_order.end()) {
      type_order.push_back(b.params.type);
    }
    TuneDecision d;
    d.type = b.params.type;
    d.size = size;
    d.base_problem = BaseProblem(b);
    const std::string key = b.params.Key();
    const CandidateVerdict* best = nullptr;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      CandidateVerdict v = Judge(candidates[i], find(key, specs[i]), b, error_budget);
      // Without the base's numbers the comparison itself is void: that is the one reason.
      if (!d.base_problem.empty()) {
        v.eligible = false;
        v.rejected = d.base_problem;
      }
      d.candidates.push_back(std::move(v));
    }
    for (const CandidateVerdict& v : d.candidates) {
      if (v.eligible && (best == nullptr || *v.speedup > *best->speedup)) best = &v;
    }
    if (best != nullptr) {
      d.scheme = best->candidate.scheme;
      d.levels = best->candidate.levels;
    }
    out.push_back(std::move(d));
  }
  auto rank = [&](Precision p) {
    return std::find(type_order.begin(), type_order.end(), p) - type_order.begin();
  };
  std::stable_sort(out.begin(), out.end(), [&](const TuneDecision& a, const TuneDecision& b) {
    return std::pair(rank(a.type), a.size) < std::pair(rank(b.type), b.size);
  });
  return out;
}

std::vector<Crossover> CompressDecisions(const std::vector<TuneDecision>& decisions,
                                         Precision type) {
  std::vector<const TuneDecision*> sorted;
  for (const TuneDecision& d : decisions) {
    if (d.type == type) sorted.push_back(&d);
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const TuneDecision* a, const TuneDecision* b) { return a->size < b->size; });
  std::vector<Crossover> out;
  for (const TuneDecision* d : sorted) {
    if (out.empty() && d->scheme == "base") continue;
    if (!out.empty() && out.back().scheme == d->scheme && out.back().levels == d->levels) continue;
    out.push_back({d->size, d->scheme, d->levels});
  }
  return out;
}

}  // namespace lapack_ai::alphatensor
