// lapack-ai entry point: parse with CLI11, dispatch through the subcommand table, and map
// errors to the fixed exit codes (0 passed, 1 a check failed, 2 usage or input error).
#include <cstdio>
#include <new>

#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_ai/startup.h"
#include "lapack_ai/version.h"
#include "subcommand.h"

namespace lapack_ai::cli {

namespace {
std::string g_command_line;
}  // namespace

const std::string& CommandLine() { return g_command_line; }

std::span<const Subcommand> Subcommands() {
  static const Subcommand kTable[] = {
      {"devices", "List backends and devices: library versions, threads, which file provides dgemm_",
       &SetupDevices},
      {"doctor", "What can make numbers measured here mislead (BLAS kernel vs CPU, load, threads)",
       &SetupDoctor},
      {"validate", "Precision checks against reference LAPACK (exit 1 if any check fails)",
       &SetupValidate},
      {"bench", "Timings with the same precision check per case; writes results/<UTC>.json",
       &SetupBench},
      {"run", "Run a declared workload (scenario JSON): bench + validate, JSON + HTML out", &SetupRun},
      {"tune", "Measure alphatensor:auto's crossovers for a base here; writes the user's table",
       &SetupTune},
      {"schemes", "Fast-matmul scheme catalogue: list, show, verify, import, stats", &SetupSchemes},
      {"report", "Reports from result JSON: html, compare (a CI gate), merge", &SetupReport},
      {"diagnose", "Condition, rank and scaling advice for a matrix file (.npy, .mtx)",
       &SetupDiagnose},
      {"bundle", "Portable tarball: binary, its libraries, netlib, scenarios (for ssh, Slurm, cloud)",
       &SetupBundle},
      {"cloud", "Runs beyond this machine: plan, run, status, teardown, gc, matrix (aws, local, ...)",
       &SetupCloud},
  };
  return kTable;
}

int Main(int argc, char** argv) {
  for (int i = 0; i < argc; ++i) g_command_line += (i ? " " : "") + std::string(argv[i]);

  CLI::App app{"lapack-ai: validates and benchmarks linear-algebra backends against reference LAPACK.",
               "lapack-ai"};
  app.set_version_flag("--version", fmt::format("lapack-ai {} ({})", Version(), GitSha()));
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  lapack-ai devices\n"
      "  lapack-ai validate --op gemm --type s,d --dim 1:300:37 --backend openblas\n"
      "  lapack-ai bench --op gemm --type d --dim 1024:4096:1024 --backend openblas,reference\n"
      "  lapack-ai bench                 (default sweep; writes results/<UTC>.json)\n"
      "Exit codes: 0 all passed, 1 a check failed, 2 usage or input error.");
  std::vector<std::pair<CLI::App*, Action>> actions;
  for (const Subcommand& s : Subcommands()) {
    CLI::App* sub = app.add_subcommand(s.name, s.description);
    actions.emplace_back(sub, s.setup(*sub));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  try {
    for (auto& [sub, action] : actions) {
      if (sub->parsed()) return action();
    }
  } catch (const UsageError& e) {
    std::fprintf(stderr, "lapack-ai: error: %s\n", e.what());
    return kExitUsage;
  }
  return kExitUsage;
}

}  // namespace lapack_ai::cli

int main(int argc, char** argv) {
  lapack_ai::EnsureSafeThreadStacks(argv);
  try {
    return lapack_ai::cli::Main(argc, argv);
  } catch (const std::bad_alloc&) {
    // The runner turns a case's allocation failure into an error record; this is for input
    // outside any case (a matrix file, a scheme) too large for this machine: an input error.
    std::fprintf(stderr,
                 "lapack-ai: error: out of memory (std::bad_alloc): the input is too large for "
                 "this machine\n");
    return lapack_ai::cli::kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lapack-ai: fatal: %s\n", e.what());
    return 1;
  }
}
