// Recommendations from result records: rank the passing, timed backends of each case by their
// speedup interval against the baseline, then join consecutive sizes with the same answer.
#include "lapack_ai/what_to_use.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "lapack_ai/stats.h"


namespace lapack_ai {
namespace {

using nlohmann::json;

// The answer for one case (one size).
struct Answer {
  const CaseResult* winner = nullptr;
  const CaseResult* runner_up = nullptr;  ///< the best other backend (no_difference)
  std::string verdict;
  bool unstable = false, not_converged = false;
};

bool Timed(const CaseResult& r) {
  return r.status == Status::kPass && r.timing && r.timing->median_s > 0;
}

Answer Decide(const std::vector<const CaseResult*>& rs, const std::string& baseline) {
  Answer a;
  std::vector<const CaseResult*> timed;
  const CaseResult* base = nullptr;
  for (const CaseResult* r : rs) {
    if (!Timed(*r)) continue;
    timed.push_back(r);
    if (r->backend == baseline) base = r;
  }
  if (timed.empty()) return a;
  auto by_median = [](const CaseResult* x, const CaseResult* y) {
    return x->timing->median_s < y->timing->median_s;
  };
  if (timed.size() == 1) {
    a.winner = timed[0];
    a.verdict = "only_one";
  } else if (base == nullptr) {
    a.winner = *std::min_element(timed.begin(), timed.end(), by_median);
    a.verdict = "no_baseline";
  } else {
    const CaseResult* best_faster = nullptr;
    const CaseResult* best_other = nullptr;
    for (const CaseResult* r : timed) {
      if (r == base) continue;
      if (best_other == nullptr || by_median(r, best_other)) best_other = r;
      if (r->speedup_verdict == "faster" && (best_faster == nullptr || by_median(r, best_faster)))
        best_faster = r;
    }
    if (best_faster != nullptr) {
      a.winner = best_faster;
      a.verdict = "faster";
    } else {
      a.winner = base;
      a.runner_up = best_other;
      a.verdict = best_other->speedup_verdict == "slower" ? "baseline" : "no_difference";
    }
  }
  for (const CaseResult* r : {a.winner, base, a.runner_up}) {
    if (r == nullptr || !r->timing) continue;
    a.unstable = a.unstable || r->timing->unstable;
    a.not_converged = a.not_converged || r->timing->stop_reason.starts_with("max_");
  }
  return a;
}

int64_t SizeOf(const CaseParams& p) { return std::max({p.m, p.n, p.k}); }
bool Square(const CaseParams& p) { return p.m == p.n && (p.k == 0 || p.k == p.n || p.op != "gemm"); }
std::string Shape(const CaseParams& p) {
  if (Square(p)) return fmt::format("{}", p.n);
  return p.op.starts_with("gemm") ? fmt::format("{}x{}x{}", p.m, p.n, p.k) : fmt::format("{}x{}", p.m, p.n);
}

json Interval(const CaseResult& r) {
  return r.speedup_ci ? json::array({r.speedup_ci->first, r.speedup_ci->second}) : json(nullptr);
}

// Consecutive sizes with the same answer, and the weakest evidence among them.
struct Range {
  std::vector<Answer> answers;  ///< one per case, in size order
  const CaseParams& front() const { return answers.front().winner->params; }
  const CaseParams& back() const { return answers.back().winner->params; }
};

std::string RangeLabel(const Range& g) {
  const CaseParams& lo = g.front();
  const CaseParams& hi = g.back();
  const bool square = std::all_of(g.answers.begin(), g.answers.end(),
                                  [](const Answer& a) { return Square(a.winner->params); });
  const std::string prefix = square ? "n=" : "";
  if (g.answers.size() == 1) return prefix + Shape(lo);
  return fmt::format("{}{}..{}", prefix, Shape(lo), Shape(hi));
}

json Entry(const Range& g, const std::string& baseline, const std::vector<std::string>& env_ids) {
  const Answer& first = g.answers.front();
  const CaseParams& p = first.winner->params;
  // The weakest case: the lowest interval bound of the winner (faster), else of the runner-up.
  const Answer* weak = &first;
  auto lower = [](const Answer& a) {
    const CaseResult* r = a.verdict == "faster" ? a.winner : a.runner_up;
    return r && r->speedup_ci ? r->speedup_ci->first : INFINITY;
  };
  for (const Answer& a : g.answers)
    if (lower(a) < lower(*weak)) weak = &a;
  const CaseResult* shown = weak->verdict == "faster" ? weak->winner : weak->runner_up;
  std::vector<std::string> warnings = env_ids;
  bool unstable = false, not_converged = false;
  for (const Answer& a : g.answers) {
    unstable = unstable || a.unstable;
    not_converged = not_converged || a.not_converged;
  }
  if (unstable) warnings.push_back("unstable_timing");
  if (not_converged) warnings.push_back("not_converged");

  const std::string label = RangeLabel(g);
  const std::string& verdict = first.verdict;
  std::string text = fmt::format("{} {} {}: {}", p.op, ToString(p.type), label, first.winner->backend);
  if (verdict == "faster") {
    text += fmt::format(", {} over {}", SpeedupText(*shown), baseline);
    if (g.answers.size() > 1) text += " at its weakest size";
  } else if (verdict == "no_difference") {
    text += fmt::format(" (baseline): no significant difference from {} {}", shown->backend,
                        SpeedupText(*shown));
  } else if (verdict == "baseline") {
    text += " (baseline): every other backend measured slower";
  } else if (verdict == "only_one") {
    text += " (the only backend timed)";
  } else {
    text += fmt::format(" (fastest median; {} was not timed, so no interval)", baseline);
  }
  if (!warnings.empty()) {
    std::string joined;
    for (const auto& w : warnings) joined += (joined.empty() ? "" : ", ") + w;
    text += " [weakened by: " + joined + "]";
  }
  json j{{"op", p.op},
         {"type", ToString(p.type)},
         {"size_label", label},
         {"size_min", SizeOf(g.front())},
         {"size_max", SizeOf(g.back())},
         {"backend", first.winner->backend},
         {"baseline", baseline},
         {"speedup", shown && shown->speedup ? json(*shown->speedup) : json(nullptr)},
         {"speedup_ci", shown ? Interval(*shown) : json(nullptr)},
         {"verdict", verdict},
         {"compared_with", shown && shown != first.winner ? json(shown->backend) : json(nullptr)},
         {"cases", g.answers.size()},
         {"warnings", warnings},
         {"text", text}};
  return j;
}

}  // namespace

std::string SpeedupText(const CaseResult& r) {
  if (!r.speedup) return "";
  return FormatSpeedup(r.speedup, r.speedup_ci, fmt::format("{:.2f}x", *r.speedup));
}

json Recommend(const std::vector<CaseResult>& results, const json& warnings) {
  std::vector<std::string> env_ids;
  if (warnings.is_array()) {
    for (const json& w : warnings) {
      const std::string id = w.value("id", "");
      if (w.value("severity", "") == "warning" &&
          std::find(env_ids.begin(), env_ids.end(), id) == env_ids.end())
        env_ids.push_back(id);
    }
  }
  // (op, type) groups in order of appearance; within each, cases by key.
  std::vector<std::string> group_order;
  std::map<std::string, std::vector<std::string>> case_order;
  std::map<std::string, std::vector<const CaseResult*>> by_case;
  std::string baseline;
  for (const CaseResult& r : results) {
    const std::string g = r.params.op + " " + std::string(ToString(r.params.type));
    if (!case_order.contains(g)) group_order.push_back(g);
    auto& cases = case_order[g];
    const std::string key = r.params.Key();
    if (std::find(cases.begin(), cases.end(), key) == cases.end()) cases.push_back(key);
    by_case[key].push_back(&r);
    if (baseline.empty() && !r.baseline.empty()) baseline = r.baseline;
  }
  if (baseline.empty()) baseline = "openblas";
  json out = json::array();
  for (const std::string& g : group_order) {
    std::vector<std::string> keys = case_order[g];
    std::stable_sort(keys.begin(), keys.end(), [&](const std::string& a, const std::string& b) {
      return by_case[a].front()->flops < by_case[b].front()->flops;
    });
    std::vector<Range> ranges;
    for (const std::string& key : keys) {
      const Answer a = Decide(by_case[key], baseline);
      if (a.winner == nullptr) continue;
      if (!ranges.empty() && ranges.back().answers.back().winner->backend == a.winner->backend &&
          ranges.back().answers.back().verdict == a.verdict) {
        ranges.back().answers.push_back(a);
      } else {
        ranges.push_back({{a}});
      }
    }
    for (const Range& r : ranges) out.push_back(Entry(r, baseline, env_ids));
  }
  return out;
}

std::string FormatRecommendations(const json& recommendations) {
  if (!recommendations.is_array() || recommendations.empty()) return "";
  std::string s = "\nWhat to use on this machine:\n";
  for (const json& r : recommendations) s += "  " + r.value("text", "") + "\n";
  return s;
}

}  // namespace lapack_ai
