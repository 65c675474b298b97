// "What to use on this machine": the answer a bench or run ends with. Per op, precision and
// size range, the fastest backend that passed its checks, with its speedup interval against the
// baseline, "no significant difference" where that is the truth, and the environment warnings
// that weaken it. Computed from result records only, so reports can recompute it from JSON.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lapack_ai/result.h"

namespace lapack_ai {

/// One recommendation per (op, type, consecutive sizes with the same answer), in the order the
/// ops first appear. Each entry: op, type, size_label, size_min, size_max, backend, baseline,
/// speedup, speedup_ci ([lo, hi] or null), verdict ("faster": significantly faster than the
/// baseline; "no_difference": the best other backend's interval holds 1, so the baseline stays;
/// "baseline": every other backend was slower; "only_one": a single backend was timed;
/// "no_baseline": the baseline was not timed, ranked by median alone), compared_with (the
/// backend whose speedup is quoted when the baseline stays; null otherwise), cases, warnings (ids of
/// `warnings` entries of severity "warning", plus "unstable_timing" when a timing it rests on
/// was unstable and "not_converged" when --repeat auto stopped at its time or sample limit) and
/// text (one line).
/// `warnings` is context.warnings. Untimed results (validate) give an empty array.
nlohmann::json Recommend(const std::vector<CaseResult>& results, const nlohmann::json& warnings);

/// The console section: a heading and one line per entry ("" when there is nothing to say).
std::string FormatRecommendations(const nlohmann::json& recommendations);

/// "1.24x [1.18, 1.31]", "≈ 1.01x [0.97, 1.05]" for no_difference, "1.24x" without an interval,
/// "" without a speedup: the one spelling of a speedup in consoles and reports.
std::string SpeedupText(const CaseResult& r);

}  // namespace lapack_ai
