// The subcommand table (ninja's ChooseTool): each row adds its options to a CLI11 subcommand
// and returns the action to run once the command line is parsed. One file per subcommand.
#pragma once
#include <functional>
#include <span>
#include <string>

#include <CLI/CLI.hpp>

namespace lapack_ai::cli {

/// Exit codes are fixed (DESIGN.md): never a count, which wraps at 256.
inline constexpr int kExitOk = 0;
inline constexpr int kExitCheckFailed = 1;
inline constexpr int kExitUsage = 2;

/// Action of a parsed subcommand; returns the exit code.
using Action = std::function<int()>;

struct Subcommand {
  const char* name;
  const char* description;
  /// Adds the subcommand's options to `sub`; the returned action reads them after parsing.
  Action (*setup)(CLI::App& sub);
};

/// The table, in the order `--help` lists it.
std::span<const Subcommand> Subcommands();

/// The command line as typed (argv joined), recorded in every results file.
const std::string& CommandLine();

Action SetupDevices(CLI::App& sub);
Action SetupDoctor(CLI::App& sub);
Action SetupValidate(CLI::App& sub);
Action SetupBench(CLI::App& sub);
Action SetupRun(CLI::App& sub);
Action SetupSchemes(CLI::App& sub);
Action SetupReport(CLI::App& sub);
Action SetupDiagnose(CLI::App& sub);
Action SetupTune(CLI::App& sub);
Action SetupBundle(CLI::App& sub);
Action SetupCloud(CLI::App& sub);

}  // namespace lapack_ai::cli
