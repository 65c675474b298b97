// Results files as legs (one machine each) and `report merge`, which joins several legs into
// one document: context.legs[] keeps each leg's context and every result carries its "leg".
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lapack_ai/result.h"

namespace lapack_ai::reports {

/// The results of one machine or CI leg.
struct Leg {
  std::string name;    ///< unique within a merge: the file's stem unless named
  std::string source;  ///< the file it came from
  ResultsDocument doc;
};

/// Reads a results file. A merged file yields one leg per context.legs entry (its results and
/// recommendations picked by their "leg" tag, which is removed from the recommendations); any
/// other file yields one leg named after the file's stem.
/// Throws UsageError naming the path (and the JSON position or pointer) on unreadable input.
std::vector<Leg> LoadLegs(const std::string& path);

/// Parses results JSON text as LoadLegs does; `source` names it in errors and leg names.
std::vector<Leg> LegsFromJson(const std::string& text, const std::string& source);

/// Makes leg names unique (appending "-2", "-3", ...), keeping the first of each as it is.
void DeduplicateLegNames(std::vector<Leg>& legs);

/// The merged document: schema_version 1, `context` (the merging tool's own context, with
/// "merged": true and "legs": [{name, source, context}]), a recomputed summary, and every leg's
/// results in order, each tagged with "leg". Also, in the merged context:
/// - "warnings": every leg's context.warnings entry tagged with "leg" (replacing the merging
///   machine's own; absent when no leg has the list);
/// - "environment_differences": [{"leg": name, "differences": [lines]}] for each leg whose
///   EnvironmentDifferences against the first leg are not empty (absent when none differ);
/// and top-level "recommendations": every leg's, each tagged with "leg" (absent when no leg has
/// them). Valid against reports/schema/results-v1.
nlohmann::json MergeLegs(const std::vector<Leg>& legs, const nlohmann::json& merge_context);

}  // namespace lapack_ai::reports
