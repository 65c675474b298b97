// `lapack-ai cloud run` as a user runs it, for the ssh and slurm end-to-end tests: the real CLI
// in a child process (to completion, or interrupted with a real signal), and what it leaves:
// the state file's live resources and processes whose command line names the run.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "lapack_ai/cloud/process.h"

namespace lapack_ai::testing {

/// argv of `lapack-ai cloud run CONFIG --state-dir STATE_DIR`.
std::vector<std::string> CloudRunArgv(const std::string& config, const std::string& state_dir);
/// Runs it to completion (limit `timeout_s`).
cloud::ProcessResult RunCloud(const std::string& config, const std::string& state_dir,
                              double timeout_s);
/// Starts it in the background, output to `log`.
std::unique_ptr<cloud::Child> StartCloud(const std::string& config, const std::string& state_dir,
                                         const std::string& log);
/// Resources of the run's state file not ended (their keys); {"<unreadable>"} if the file is.
std::vector<std::string> LiveResources(const std::string& state_dir, const std::string& run_id);
/// Processes on this machine whose command line contains `marker`.
int ProcessesWith(const std::string& marker);
/// Polls until ProcessesWith(marker) > 0 or `timeout_s` passes.
bool WaitForProcess(const std::string& marker, double timeout_s);

}  // namespace lapack_ai::testing
