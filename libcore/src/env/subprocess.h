// Runs a helper program from an argument vector (never a shell string), with extra environment
// variables, its output captured and a time limit. Boost.Process v2 underneath.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lapack_ai::env::internal {

struct ProcessResult {
  bool started = false;    ///< false: the program was not found or could not be started
  bool timed_out = false;  ///< killed after the time limit
  int exit_code = -1;
  std::string output;  ///< stdout, plus stderr when merge_stderr
  std::string error;   ///< why it did not start
};

/// Runs argv (argv[0] looked up in PATH unless it contains '/'), with this process's environment
/// plus `env_overrides`, stdin from /dev/null. Blocks until exit or `timeout_s`, then kills it.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& env_overrides, double timeout_s,
                         bool merge_stderr);

}  // namespace lapack_ai::env::internal
