// The decision rule of `lapack-ai tune`: from one interleaved bench run of the base and each
// candidate scheme, which one alphatensor:auto should use at each measured size, and the
// crossover list that follows. Pure functions of the results (unit-tested with synthetic ones).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lapack_ai/alphatensor/crossovers.h"
#include "lapack_ai/result.h"

namespace lapack_ai::alphatensor {

/// A scheme `tune` measures, run as alphatensor:<scheme>[/levels]@<base>.
struct TuneCandidate {
  std::string scheme;
  int levels = 1;
  /// "strassen", "strassen/2": the --candidates spelling.
  std::string Label() const;
  /// "alphatensor:strassen/2@openblas".
  std::string Spec(std::string_view base) const;
};

/// Parses --candidates ("strassen,dps-4x4x4-48-accurate/2"). Throws UsageError naming
/// --candidates for an empty item, "auto"/"base", bad levels or a repeated candidate (whether
/// the scheme exists is checked when its backend is created).
std::vector<TuneCandidate> ParseTuneCandidates(std::string_view text);

/// The schemes within 3x the base's normwise error (docs/PERFORMANCE.md: Strassen ~2x,
/// dps-4x4x4-48-accurate ~2.8x; Strassen^2, ~4x, is left out).
std::vector<TuneCandidate> DefaultTuneCandidates();

/// One candidate at one (type, size): what was measured and whether it may be chosen.
struct CandidateVerdict {
  TuneCandidate candidate;
  std::optional<double> speedup;                        ///< base median / candidate median
  std::optional<std::pair<double, double>> interval;    ///< its 95 % bootstrap interval
  std::string verdict;                 ///< "faster", "slower", "no_difference" ("" if none)
  /// Candidate's normwise error ratio / the base's in the same case (the same inputs and
  /// reference); nullopt where either is missing or the base's is 0.
  std::optional<double> error_ratio;
  bool eligible = false;
  std::string rejected;  ///< why it was not eligible ("" when eligible)
};

/// The choice at one (type, size).
struct TuneDecision {
  Precision type = Precision::kDouble;
  int64_t size = 0;            ///< min(m, n, k) of the case
  std::string scheme = "base";  ///< the chosen candidate's scheme, or "base"
  int levels = 1;
  std::string base_problem;    ///< why the base gave no usable numbers here ("" if it did)
  std::vector<CandidateVerdict> candidates;  ///< in --candidates order
  /// The chosen candidate's verdict; nullptr for "base".
  const CandidateVerdict* Chosen() const;
};

/// The rule. A candidate is eligible at a case only if its record passed its check, its speedup
/// over the base is significantly above 1 (95 % interval's lower bound > 1, verdict "faster"),
/// and its normwise error is at most `error_budget` times the base's in that case; among the
/// eligible the highest speedup (ratio of medians) wins, none eligible gives "base". A case
/// whose base record did not pass or has no timing decides "base". Results of other backends
/// are ignored; of several cases with the same (type, min(m, n, k)) the first counts. Decisions
/// come grouped by type (in order of first appearance), sizes ascending within each.
std::vector<TuneDecision> DecideTune(const std::vector<CaseResult>& results, std::string_view base,
                                     const std::vector<TuneCandidate>& candidates,
                                     double error_budget);

/// The crossover list of `type`: sizes ascending, leading "base" choices omitted (the base runs
/// below the first entry anyway), consecutive equal choices merged into the first's min_size.
std::vector<Crossover> CompressDecisions(const std::vector<TuneDecision>& decisions, Precision type);

}  // namespace lapack_ai::alphatensor
