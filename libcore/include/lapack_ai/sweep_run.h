// A sweep run as `lapack-ai bench` / `validate` do it, without a console: backends created
// once, reference, environment checks at start and over the run, context, results and "what to
// use". The CLI (apps/sweep_options.cc) prints around RunSweepBlocks through its observer; the
// Python package calls RunSweepDocument.
#pragma once
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lapack_ai/backend.h"
#include "lapack_ai/env.h"
#include "lapack_ai/op.h"
#include "lapack_ai/result.h"
#include "lapack_ai/runner.h"
#include "lapack_ai/sweep_params.h"

namespace lapack_ai {

/// Settings from key/value text, keys as in scenario files ("op", "dim", "backend", "repeat",
/// ...), values in the CLI syntax ("s,d", "128:512:128"). Each value is checked against its
/// row of the sweep table. Throws UsageError naming the key and value, or an unknown key with
/// the valid keys. Keys that only shape console output (json, quiet) are refused.
SweepSettings SettingsFromKeys(const std::map<std::string, std::string>& values,
                               SweepSettings defaults = {});

/// One block of cases and the backends that run it, with its own options (scenario sweeps and
/// the default bench differ per block).
struct SweepBlock {
  std::vector<CaseParams> cases{};
  std::vector<std::string> backends{};
  RunOptions options{};
  int threads = 0;            ///< worker threads for the backends (0 = library default)
  std::string description{};  ///< what the block is, for a console note
};

/// What a caller sees while a sweep runs (the CLI prints it; nothing is needed otherwise).
struct SweepObserver {
  /// The context is complete and the checks at start ran: `warnings` is their JSON.
  std::function<void(const nlohmann::json& context, const nlohmann::json& warnings)> started;
  /// Block `i` of `n` is about to run.
  std::function<void(std::size_t i, std::size_t n, const SweepBlock& block)> block;
  /// Cases done over all blocks, the total, and what runs now.
  std::function<void(std::size_t done, std::size_t total, const std::string& what)> progress;
  /// After a case: the document so far (context without the end-of-run checks, the records
  /// of the cases done, context.partial = {cases_done, cases_total}), so a run that is killed
  /// or runs out of time leaves what it finished. Called after the first case, then at most
  /// once per `partial_interval`, and never again sooner than 10x the time the last call took:
  /// each call copies and (in the CLI) rewrites the whole document, so calling it after every
  /// case is quadratic in the cases (a 3360-case validate took 6 min with it, 17 s without).
  /// A zero interval: after every case.
  std::function<void(const ResultsDocument& so_far)> partial;
  std::chrono::steady_clock::duration partial_interval = std::chrono::seconds(1);
};

struct SweepOutcome {
  ResultsDocument doc;             ///< context.warnings holds the checks at start and at end
  nlohmann::json warnings_at_end;  ///< the checks over the run's window alone
};

/// Runs `blocks` (backends created once per distinct spec, all before any work): the reference
/// backend, environment checks at start, context (mode, options, statistics when timed,
/// environment, and `extra_context`'s keys), the runs, checks over the run, and for timed runs
/// the recommendations. Throws BackendError when the reference backend cannot run here.
SweepOutcome RunSweepBlocks(const std::vector<SweepBlock>& blocks, const RunOptions& options,
                            int threads, bool timing, const std::string& command_line,
                            const nlohmann::json& extra_context,
                            const SweepObserver& observer = {});

/// The context's "options" and "statistics" blocks of a run.
nlohmann::json RunOptionsJson(const RunOptions& options, int threads);
nlohmann::json StatisticsJson(const RunOptions& options);

/// What RunSweepDocument runs: the cases of `settings` on its backends.
struct SweepRequest {
  SweepSettings settings;    ///< `dim` and `backend` must be set
  bool timing = true;        ///< bench (timed) or validate (one checked call per case)
  std::string command_line;  ///< recorded in the context, e.g. "python: la.bench(op='gemm')"
};

/// Runs the request and returns the results document: context (mode, options, environment,
/// warnings from the checks at start and over the run), one record per case and backend, and
/// for timed runs the recommendations. Throws UsageError for bad settings (before any work) and
/// BackendError when the reference backend cannot run here.
ResultsDocument RunSweepDocument(const SweepRequest& request, const ProgressFn& progress = {});

/// Every backend family compiled in (lib once per library it knows; a family that needs an
/// argument with its default), each as created here, and the start-of-run environment checks.
struct DeviceEntry {
  BackendInfo info;               ///< name = the spec and note = the error when it failed
  const BackendFamily* family{};  ///< never null
};
struct DeviceListing {
  std::vector<DeviceEntry> backends;
  std::vector<env::Finding> findings;
};
DeviceListing ListDevices();

/// `lapack-ai devices --json`'s document: {backends: [{name, description, available, library,
/// config, threads, device, providers, extra, note}], warnings: [...]}.
nlohmann::json DevicesDocument(const DeviceListing& listing);
nlohmann::json DevicesDocument();

}  // namespace lapack_ai
