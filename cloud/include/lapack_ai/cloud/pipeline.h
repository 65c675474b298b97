// The run pipeline shared by every provider: state file (intent) -> launch -> wait -> collect ->
// merge -> HTML, with teardown guaranteed on success, error, timeout, SIGINT and SIGTERM.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lapack_ai/cloud/config.h"
#include "lapack_ai/cloud/provider.h"

namespace lapack_ai::cloud {

struct RunOptions {
  std::string state_dir;             ///< "" = StateDir()
  std::vector<std::string> only_legs;  ///< --leg (a CI matrix leg runs one); empty = all
  std::string self_binary;           ///< this executable
  std::string command_line;          ///< recorded in the merged result's context
  bool quiet = false;
  bool no_merge = false;             ///< a CI leg: keep its own results; the merge job merges
};

struct RunOutcome {
  std::string run_id;
  std::string state_path;
  std::string merged_json;  ///< "" when nothing was collected
  std::string html;
  int legs_ok = 0, legs_failed = 0;
  bool cancelled = false;
  bool teardown_clean = true;  ///< every resource confirmed ended
  bool any_check_failed = false;  ///< a leg's run exited 1 (a precision check failed)
};

/// Plans without creating anything: every call and the cost.
Plan PlanRun(const RunConfig& config, const RunOptions& options);

/// Runs the whole pipeline. Throws UsageError for bad input found before anything was created
/// (including a budget cap exceeded); everything after the state file exists ends in teardown.
RunOutcome RunPipeline(RunConfig config, const RunOptions& options);

/// Ends every live resource of a run from its state file (`cloud teardown --run-id`). Returns
/// true if all are confirmed ended.
bool TeardownRun(const std::string& run_id, const RunConfig* config, const RunOptions& options);

/// The context block the merged result gets under "cloud": run id, providers, events, costs.
nlohmann::json CloudContext(const RunState& state, const Plan* plan);

}  // namespace lapack_ai::cloud
