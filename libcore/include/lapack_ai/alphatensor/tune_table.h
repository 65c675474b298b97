// The format-2 table `lapack-ai tune` writes: the crossover lists its decisions compress to,
// the evidence behind each decision, and what was measured where.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lapack_ai/alphatensor/tune_decide.h"

namespace lapack_ai::alphatensor {

/// The key and provenance of one tuned table.
struct TuneTableInfo {
  std::string cpu;       ///< host CPU model, as the results' context records it (cpu_model)
  std::string base;      ///< base backend spec
  std::string measured;  ///< MeasuredText()
  std::vector<Precision> types;  ///< precisions this run measured
  double error_budget = 3;
  std::vector<TuneCandidate> candidates;
};

/// "2026-11-24, host h (AMD EPYC 7B13, 2 cores), lapack-ai tune --base openblas": date, machine
/// and command, from a results context (lapack_ai/context.h).
std::string MeasuredText(const nlohmann::json& context);

/// One decision as the table's "evidence" records it: type, size, choice, its speedup, interval
/// and error ratio, and every candidate's numbers with why it was rejected.
nlohmann::json EvidenceJson(const TuneDecision& d);

/// The table {"cpu", "base", "measured", "rule", "s", "d", "evidence"}. A precision this run did
/// not measure keeps its list and evidence from `previous` (the file's table of the same key,
/// or null), so tuning only d leaves s as it was; "kept": {"s": <where it was measured>} says so.
nlohmann::json TuneTableJson(const TuneTableInfo& info, const std::vector<TuneDecision>& decisions,
                             const nlohmann::json& previous);

/// The table of `doc` (format 2) for (cpu, base), or null.
nlohmann::json FindTableJson(const nlohmann::json& doc, const std::string& cpu,
                             const std::string& base);

}  // namespace lapack_ai::alphatensor
