// Sweep flags shared by `validate` and `bench` (ICL tester style), and the code that runs a
// sweep and prints/writes its results.
#pragma once
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "lapack_ai/runner.h"
#include "lapack_ai/sweep.h"

namespace lapack_ai::cli {

/// Raw flag values; parsed by BuildPlan so errors name the flag and the value.
struct SweepFlags {
  std::string op = "gemm";
  std::string type = "s,d";
  std::string dim;
  std::string backend;
  std::string transa = "n";
  std::string transb = "n";
  std::string alpha = "1";
  std::string beta = "0";
  std::string seed = "1988";
  std::string nrhs = "1";
  std::string batch = "1";
  std::string matrix = "rand";
  std::string cond = "0";
  int repeat = 5;
  int warmup = 2;
  double tol = 0;
  int threads = 0;
  std::string baseline = "openblas";
  std::string json;
  bool quiet = false;
  bool full_check = false;
  double min_sample_s = 2e-3;
};

/// One block of cases and the backends that run it (the default bench runs the reference
/// backend only at small sizes).
struct SweepPart {
  std::vector<CaseParams> cases;
  std::vector<std::string> backends;
};

struct SweepPlan {
  std::vector<SweepPart> parts;
  RunOptions options;
};

/// Adds the sweep flags to `sub`, documenting each at its definition.
void AddSweepFlags(CLI::App& sub, SweepFlags& flags, bool timing);

/// Parses flag values into a plan. `default_dims`/`default_backends` apply when --dim /
/// --backend are absent. Throws UsageError naming the flag and value.
SweepPlan BuildPlan(const CLI::App& sub, const SweepFlags& flags, bool timing);

/// Default plans when --dim / --backend are absent (one file each: default_bench.cc,
/// default_validate.cc). `cases` is the expanded sweep with the default dims applied.
std::string DefaultBenchDims();
std::vector<SweepPart> DefaultBenchParts(const std::vector<CaseParams>& cases);
std::string DefaultValidateDims();
std::vector<SweepPart> DefaultValidateParts(const std::vector<CaseParams>& cases);

/// Runs the plan, prints the header, table and summary, writes JSON (to --json, or for
/// bench to results/<UTC>.json). Returns the exit code.
int RunPlan(const SweepPlan& plan, const SweepFlags& flags, bool timing);

}  // namespace lapack_ai::cli
