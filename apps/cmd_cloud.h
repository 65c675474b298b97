// Flags shared by the `lapack-ai cloud` subcommands (cmd_cloud.cc, cmd_cloud_admin.cc).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "lapack_ai/cloud/config.h"
#include "lapack_ai/cloud/pipeline.h"
#include "subcommand.h"

namespace lapack_ai::cli {

struct CloudFlags {
  std::string config, provider, run_id, endpoint_url, state_dir, output, bundle;
  std::vector<std::string> legs;
  bool no_merge = false, dry_run = false, quiet = false, yes = false, all = false;
  bool missing_ok = false;  ///< teardown: a run with no state file is "nothing to end", exit 0
};

/// The positional config and --provider --run-id --endpoint-url --state-dir.
void AddCloudFlags(CLI::App& sub, CloudFlags& f, bool config_required);
/// The config with the command line's overrides applied.
cloud::RunConfig LoadCloudConfig(const CloudFlags& f);
cloud::RunOptions CloudRunOptions(const CloudFlags& f);
/// status, teardown, gc.
void SetupCloudAdmin(CLI::App& cloud, std::shared_ptr<Action> chosen);

}  // namespace lapack_ai::cli
