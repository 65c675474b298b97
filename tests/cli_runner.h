// Runs the lapack-ai binary under test (LAPACK_AI_BINARY) as a user would, for end-to-end
// CLI tests: stdout and stderr together, and the exit code.
#pragma once
#include <string>

namespace lapack_ai::testing {

struct CliResult {
  int exit_code = -1;  ///< process exit code; 128 + signal if it was killed
  std::string output;  ///< stdout and stderr, interleaved as written
};

/// Runs `lapack-ai ARGS` through the shell with NO_COLOR=1 (args are shell words).
CliResult RunCli(const std::string& args);

}  // namespace lapack_ai::testing
