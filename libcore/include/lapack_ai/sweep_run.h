// A sweep run as `lapack-ai bench` / `validate` do it, without a console: backends created
// once, reference, environment checks at start and over the run, context, results and "what to
// use". For library users (the Python package); the CLI prints around the same steps.
#pragma once
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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

/// `lapack-ai devices --json`'s document: {backends: [{name, description, available, library,
/// config, threads, device, providers, extra, note}], warnings: [...]}: every family compiled
/// in, lib once per library it knows, and the start-of-run environment checks.
nlohmann::json DevicesDocument();

}  // namespace lapack_ai
