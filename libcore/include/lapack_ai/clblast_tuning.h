// `lapack-ai tune --backend opencl`: our GEMM kernel's tile chosen and CLBlast's own tuners run on
// one OpenCL device within a time budget, the best of each stored per device and driver, and loaded by the opencl backend
// whenever it opens that device (docs/OPENCL.md, "Tuning for the device").
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lapack_ai/types.h"

namespace lapack_ai::clblast_tuning {

/// The tuner item of our own GEMM kernel: its tile among a list of candidates (parameters MT,
/// NT, KT, RM, RN, LX), timed and verified like CLBlast's candidates.
inline constexpr const char* kTiledKernelName = "gemm_tiled";

/// Every tuner item's kernel, in the order of their value to gemm/potrf/getrf/geqrf:
/// "gemm_tiled" our GEMM kernel's tile, then CLBlast's kernels, then "<routine>_nb", the block
/// size of a hybrid factorization at a few orders (its parameters N, the order, and NB).
inline constexpr std::string_view kTunedKernels[] = {kTiledKernelName, "Xgemm",     "XgemmDirect",  "Copy",
                                                     "Pad",            "Transpose", "Padtranspose", "potrf_nb",
                                                     "getrf_nb",       "geqrf_nb"};

/// One tuner run: our GEMM kernel's tile ("gemm_tiled"), a CLBlast kernel ("Xgemm",
/// "XgemmDirect", "Copy", "Pad", "Transpose", "Padtranspose") or a factorization's block size
/// ("potrf_nb", "getrf_nb", "geqrf_nb", at order m = n) at one precision.
struct Item {
  std::string kernel;
  Precision precision = Precision::kSingle;
  int64_t m = 0, n = 0, k = 0;  ///< the tuner's problem size (k = 0 for the 2-D kernels)
  /// Share of the kernel's search space sampled (CLBlast's `fraction`); 0 when not run.
  double fraction = 0;
  double configurations = 0;  ///< about how many configurations that fraction tries
  double estimated_s = 0;     ///< planned cost, from the current seconds-per-configuration
  /// Block-size items: the seconds their sweep may take. The sweep stops earlier by the cost
  /// its first candidate measured, so the plan's estimate (a model) only decides whether to start.
  double allowance_s = 0;
  /// "planned", "tuned" (faster than CLBlast's defaults and verified: applied), "kept CLBlast
  /// defaults: <why>" (slower, or wrong on a verification shape: not applied), "failed: <why>"
  /// or "skipped: <why>".
  std::string outcome = "planned";
  double seconds = 0;        ///< wall time the tuner took
  double check_seconds = 0;  ///< wall time timing and verifying its candidate took
  std::map<std::string, std::size_t> parameters;  ///< the tuner's candidate
  /// CLBlast's tuner API returns no time, so both are timed here on the tuning size (best of a
  /// few): gemm for the GEMM kernels, omatcopy for the 2-D ones; < 0 when not timed.
  double default_ms = -1;  ///< with CLBlast's default parameters
  double best_ms = -1;     ///< with the candidate
  std::vector<std::string> verified;  ///< the shapes the candidate computed right
};

/// The outcome of the items --only leaves out: the file keeps the earlier file's entries for
/// them, and the progress lines skip them.
inline constexpr std::string_view kNotInOnly = "skipped: not in --only";

struct Options {
  std::string backend = "opencl";  ///< opencl[:SELECTOR]
  double budget_s = 20;
  int64_t size = 0;  ///< 0: 1024 on GPUs (gemm_tiled 4096), 256 on other devices
  /// Tune only these kernels (--only); empty = all. The file keeps the earlier file's entries
  /// for the others.
  std::vector<std::string> only;
};

struct Outcome {
  std::string device, driver, platform, clblast_version, date, file;
  double budget_s = 0;
  double seconds_per_config = 0;  ///< the cost model: guessed for a plan, measured after a run
  double seconds = 0;             ///< total wall time spent tuning
  std::vector<Item> items;
};

/// Seconds in "20s", "5m", "1h" or a plain number of seconds; throws UsageError naming
/// --budget and the value otherwise (or for a budget of zero).
double ParseBudget(std::string_view text);

/// The kernels of "--only a,b": each one of kTunedKernels; throws UsageError naming --only and
/// the value otherwise.
std::vector<std::string> ParseOnly(std::string_view text);

/// $XDG_CONFIG_HOME/lapack-ai/clblast-<device>-<driver>.json (else ~/.config/...), the names
/// reduced to [A-Za-z0-9._-]; "" when neither variable is set to an absolute path.
std::string TuningFilePath(std::string_view device, std::string_view driver);

/// The plan of a run (`--dry-run`): every item with its size, fraction and estimate, costs
/// from a guessed seconds-per-configuration. Tunes and writes nothing. Throws UsageError when
/// the spec is not opencl or its device cannot be opened.
Outcome Plan(const Options& options);

/// Runs the plan, rescaling fractions from the measured cost after each tuner, and writes the
/// file atomically (TuningFilePath). `progress` sees each item when it is done.
Outcome Tune(const Options& options, const std::function<void(const Item&)>& progress);

}  // namespace lapack_ai::clblast_tuning
