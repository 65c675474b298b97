// Text of `lapack-ai tune`: the decision table (choice per size with its speedup, interval and
// error ratio, and why every other candidate lost) and the --dry-run plan. Printing only.
#pragma once
#include <string>
#include <vector>

#include "lapack_ai/alphatensor/tune_decide.h"
#include "lapack_ai/alphatensor/tune_estimate.h"

namespace lapack_ai::cli {

/// One row per measured (type, size) with the choice, then one line per other candidate.
std::string DecisionTable(const std::vector<alphatensor::TuneDecision>& decisions,
                          double error_budget);

/// "d: strassen from 2048, dps-4x4x4-48-accurate/1 from 8192" or "d: the base at every size".
std::string CrossoverLine(const std::vector<alphatensor::Crossover>& list, Precision type);

/// The per-case rows of a --dry-run estimate and its total.
std::string EstimateTable(const alphatensor::TuneEstimate& e, bool repeat_auto, double max_time_s);

}  // namespace lapack_ai::cli
