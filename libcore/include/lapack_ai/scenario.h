// Scenario files: a declared workload in JSON with comments that `lapack-ai run` executes as
// bench + validate. Keys are the sweep parameters of sweep_params.h (the CLI flags without
// "--"), plus name, description, output and sweeps; see docs/SCENARIOS.md.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "lapack_ai/sweep_params.h"

namespace lapack_ai {

/// One sweep block, with the scenario's top-level values as its defaults.
struct ScenarioSweep {
  std::string description;  ///< optional label, printed before the block runs
  SweepSettings settings;   ///< dim and backend are always set
};

/// A parsed and checked scenario.
struct Scenario {
  std::string name;  ///< [A-Za-z0-9._-]+; results go to <output_dir>/<name>-<UTC>.json
  std::string description;
  std::string source;  ///< path as given (shipped ones: "scenarios/<name>.json")
  std::string hash;    ///< "fnv1a64:<16 hex digits>" of the file's bytes, for provenance
  std::string output_dir = "results";
  bool html = true;        ///< also write <name>-<UTC>.html next to the JSON
  SweepSettings defaults;  ///< the top-level values (run options recorded in the context)
  std::vector<ScenarioSweep> sweeps;  ///< at least one
};

/// Parses and checks `text`. Every key is known (else the nearest valid key is suggested),
/// every value has the right type and range, ops and backend families exist in this build
/// (GPU families it lacks are accepted: their cases are skipped), backend arguments such as
/// scheme names are accepted by their factory. Throws UsageError formatted as
/// "<path>:<line>:<col>: <message>", the source line and a caret.
Scenario ParseScenario(std::string_view text, const std::string& path);

/// Reads and parses the file `file_or_name`; if there is no such file and the argument names a
/// shipped scenario ("default" or "default.json"), that one. Throws UsageError if neither.
Scenario LoadScenario(const std::string& file_or_name);

/// A scenario shipped in scenarios/ and embedded into the binary at build time.
struct ShippedScenario {
  std::string_view name;  ///< file name without ".json"
  std::string_view text;
};

/// Every shipped scenario, in name order.
std::vector<ShippedScenario> ShippedScenarios();

}  // namespace lapack_ai
