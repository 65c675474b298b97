// Sweep flags shared by `validate`, `bench`, `run` and (a few of them) `tune`, generated from
// the parameter table in lapack_ai/sweep_params.h; the plans they build, and the code that runs
// a plan and prints/writes its results.
#pragma once
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "lapack_ai/result.h"
#include "lapack_ai/runner.h"
#include "lapack_ai/scenario.h"
#include "lapack_ai/sweep.h"
#include "lapack_ai/sweep_params.h"
#include "lapack_ai/sweep_run.h"

namespace lapack_ai::cli {

/// Flag values of validate/bench/run: the sweep parameter table's settings.
using SweepFlags = SweepSettings;

/// One block of cases, the backends that run it and how (libcore's SweepBlock: the default
/// bench runs the reference backend only at small sizes; scenario sweeps may differ in options).
using SweepPart = SweepBlock;

struct SweepPlan {
  std::vector<SweepPart> parts;
  RunOptions options;  ///< recorded as the context's "options"
  int threads = 0;
  std::string json_path;    ///< results JSON ("" = not written)
  std::string html_path;    ///< HTML report ("" = not written)
  nlohmann::json scenario;  ///< the context's "scenario" block; null when none
  /// Print "What to use on this machine" (still computed for the JSON). `tune` prints its own
  /// decision table instead.
  bool print_recommendations = true;
};

/// Adds one CLI11 option per row of SweepParams() to `sub` (timing rows only if `timing`),
/// bound to `settings`, with the row's help, default and range check.
void AddSweepFlags(CLI::App& sub, SweepSettings& settings, bool timing);

/// Adds the rows of SweepParams() named in `keys`, in that order, as AddSweepFlags does
/// (`timing` picks bench's help text where a row has one). For commands that take a few of the
/// sweep flags with their syntax and checks (`tune`).
void AddSweepFlagsNamed(CLI::App& sub, SweepSettings& settings,
                        std::initializer_list<std::string_view> keys, bool timing);

/// True if any flag that shapes cases (ParamScope::kCase) was given.
bool AnyCaseFlagGiven(const CLI::App& sub);

/// Plan from flag values. `bench` with no case flags runs the embedded default scenario (run
/// options from flags still apply); otherwise default dims/backends (DefaultBench*,
/// DefaultValidate*) apply when --dim / --backend are absent. Throws UsageError naming the flag
/// and value.
SweepPlan BuildPlan(const CLI::App& sub, const SweepSettings& settings, bool timing);

/// Plan of a scenario (timed): flags given on the command line override the scenario's values
/// in every sweep. Output paths are left empty for the caller.
SweepPlan ScenarioPlan(const Scenario& scenario, const CLI::App& sub, const SweepSettings& flags);

/// Default plans when --dim / --backend are absent (one file each: default_bench.cc,
/// default_validate.cc). `cases` is the expanded sweep with the default dims applied.
std::string DefaultBenchDims();
std::vector<SweepPart> DefaultBenchParts(const std::vector<CaseParams>& cases);
std::string DefaultValidateDims();
std::vector<SweepPart> DefaultValidateParts(const std::vector<CaseParams>& cases);
/// validate's cases: without --op every op; for LAPACK routines without --dim/--matrix/--nrhs,
/// LAPACK's sizes, every generator type of the routine and nrhs 1,2,15 (default_validate.cc).
std::vector<CaseParams> ExpandValidateSweep(const CLI::App& sub, const SweepSettings& settings);
/// The embedded scenarios/default.json that `bench` runs when given no case flags.
Scenario DefaultBenchScenario();

/// "results/<UTC>" style stem: `dir`/`name`<UTC time, e.g. 20261124T071500Z>.
std::string TimestampedPath(const std::string& dir, const std::string& prefix);

/// What a plan produced: the results document and the exit code RunPlan returns.
struct PlanOutcome {
  ResultsDocument doc;
  int exit_code = 0;
};

/// Runs the plan, prints the header, table and summary (--quiet from `flags`), writes the JSON
/// and HTML the plan names. For commands that go on to read the results (`tune`).
PlanOutcome ExecutePlan(const SweepPlan& plan, const SweepFlags& flags, bool timing);

/// ExecutePlan's exit code.
int RunPlan(const SweepPlan& plan, const SweepFlags& flags, bool timing);

}  // namespace lapack_ai::cli
