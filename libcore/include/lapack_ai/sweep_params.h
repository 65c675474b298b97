// The one definition of every sweep parameter (TestSweeper's ParamBase table): name, help,
// default, range and parser. The CLI builds its flags ("--<key>") from this table and the
// scenario reader accepts the same names as keys ("<key>"), so the two cannot drift apart.
#pragma once
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "lapack_ai/runner.h"
#include "lapack_ai/sweep.h"

namespace lapack_ai {

/// Values of the sweep parameters as the user wrote them: list parameters stay text in the CLI
/// syntax ("s,d", "128:2048:128") so flags and scenario values go through the same parsers.
struct SweepSettings {
  std::string op = "gemm";
  std::string type = "s,d";
  std::string dim;      ///< no default: each command supplies its own
  std::string backend;  ///< no default: each command supplies its own
  std::string transa = "n";
  std::string transb = "n";
  std::string alpha = "1";
  std::string beta = "0";
  std::string nrhs = "1";
  std::string batch = "1";
  std::string matrix = "rand";
  std::string cond = "0";
  std::string seed = "1988";
  double tol = 0;
  int threads = 0;
  std::string json;
  bool quiet = false;
  bool full_check = false;
  std::string repeat = "auto";  ///< "auto" or a sample count
  double max_time_s = 60;       ///< --max-time: timing budget per case for --repeat auto
  int warmup = 2;
  std::string baseline = "openblas";
  double min_sample_s = 2e-3;
  std::string device;  ///< OpenCL device selector for opencl backends ("" = env or first GPU)
  bool allow_tf32 = false;  ///< cuda backends may compute fp32 gemm on TF32 tensor cores
};

/// Where a parameter may appear.
enum class ParamScope {
  kCase,     ///< shapes the cases (op, type, dim, ...): CLI and scenarios
  kRun,      ///< how cases run (tol, threads): CLI and scenarios
  kTiming,   ///< timing only (repeat, warmup, ...): bench, run and scenarios, not validate
  kCliOnly,  ///< console/output of one invocation (json, quiet): never in a scenario
};

/// How a numeric range is shown in CLI help (CLI11 prints the two differently).
enum class RangeStyle { kNone, kNonNegative, kRange };

/// One row of the table. Exactly one of the field pointers is set, and its type decides how the
/// value is read: text (lists in CLI syntax), int, real or flag.
struct SweepParam {
  std::string_view key;          ///< scenario key; the flag is "--" + key
  char short_flag;               ///< e.g. 'q' for -q; '\0' for none
  std::string_view help;         ///< shown by --help and docs/SCENARIOS.md
  std::string_view timing_help;  ///< help for bench/run when it differs; empty = `help`
  ParamScope scope;
  bool show_default;  ///< print the default in --help
  std::variant<std::string SweepSettings::*, int SweepSettings::*, double SweepSettings::*,
               bool SweepSettings::*>
      field;
  RangeStyle range = RangeStyle::kNone;
  double min = -std::numeric_limits<double>::infinity();  ///< numeric rows: inclusive bounds
  double max = std::numeric_limits<double>::infinity();
  /// Text rows: parses the value and throws UsageError naming `what` and the bad item.
  void (*check)(std::string_view text, std::string_view what) = nullptr;
};

/// The table, in --help order.
std::span<const SweepParam> SweepParams();

/// Every test-matrix generator type name of any structure (for --matrix checks and hints).
std::vector<std::string> AllMatrixTypes();

/// The row named `key` ("dim"), or nullptr.
const SweepParam* FindSweepParam(std::string_view key);

/// Checks one value of a row given as text (a text row's list item, or a number as written).
/// Throws UsageError naming `what`, the value and the expected form or range.
void CheckSweepValue(const SweepParam& param, std::string_view text, std::string_view what);

/// Copies the value of `param` from `from` to `to`.
void CopySweepValue(const SweepParam& param, const SweepSettings& from, SweepSettings& to);

/// Checks `text` as CheckSweepValue does, then stores it in `param`'s field of `to` (lists as
/// their text, numbers parsed, flags from "true"/"false").
void SetSweepValue(const SweepParam& param, std::string_view text, std::string_view what,
                   SweepSettings& to);

/// Parses the case-shaping settings into a sweep (dims from `settings.dim`, which must be set).
/// Errors name "<prefix><key>", e.g. "--dim". Throws UsageError.
SweepSpec ParseSweepSpec(const SweepSettings& settings, std::string_view prefix = "--");

/// The run options the settings describe.
RunOptions ParseRunOptions(const SweepSettings& settings, bool timing);

/// Backend families this project knows but this build may lack (GPU backends whose toolkit was
/// not found). Sweeps naming them get "skipped" results instead of a usage error.
std::span<const std::string_view> OptionalBackendFamilies();

/// Checks a backend spec: a compiled family, or one of OptionalBackendFamilies() (also as the
/// base of an "x:y@base" spec). Throws UsageError naming `what` otherwise.
void CheckBackendSpec(std::string_view spec, std::string_view what);

/// Creates the backend `spec` names; for a family (or base) this build lacks but
/// OptionalBackendFamilies() lists, a stand-in that reports available = false with the reason,
/// so the runner records "skipped". Throws UsageError for unknown or malformed specs.
std::unique_ptr<Backend> CreateBackendOrStandIn(std::string_view spec);

}  // namespace lapack_ai
