// The leg script a remote machine runs (an ssh host, a Slurm node): unpack the bundle, run one
// scenario under a hard lifetime, leave the exit code beside the results. Shared by the ssh and
// slurm providers so both leave the same files in a leg's directory:
//   bundle/ (unpacked), result.json, run.log, exit_code (written last, atomically: "done").
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace lapack_ai::cloud::internal {

/// `word` as one POSIX sh word (single quotes; a ' inside becomes '\''). For the text a remote
/// shell parses (ssh sends one command string; sbatch runs a script): every value from a config
/// goes through this, never raw.
std::string ShellQuote(std::string_view word);
/// Each word quoted, joined by spaces.
std::string ShellJoin(const std::vector<std::string>& words);

struct LegScriptSpec {
  std::string run_id, leg;
  std::string bundle;    ///< the tarball, as the remote sees it (absolute or relative to the dir)
  std::string scenario;  ///< shipped name, or a file relative to the leg directory
  std::vector<std::string> args;  ///< extra `lapack-ai run` arguments
  long lifetime_s = 3600;         ///< `timeout` ends the run (TERM, KILL 10 s later) past this
};

/// The script's text; run as `sh leg.sh LEG_DIR`.
std::string LegScript(const LegScriptSpec& spec);

/// File names inside a leg directory.
inline constexpr const char* kLegScript = "leg.sh";
inline constexpr const char* kLegResult = "result.json";
inline constexpr const char* kLegExitCode = "exit_code";
inline constexpr const char* kLegLog = "run.log";

/// Exit code the script writes when the bundle cannot be unpacked.
inline constexpr int kUnpackFailed = 91;

}  // namespace lapack_ai::cloud::internal
