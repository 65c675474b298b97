// The sweep parameter table and the conversions from settings to a sweep and run options.
#include "lapack_ai/sweep_params.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <type_traits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lapack_ai/error.h"
#include "lapack_ai/generators.h"

namespace lapack_ai {
namespace {

using S = SweepSettings;

void CheckList(std::string_view text, std::string_view what) { SplitList(text, what); }
void CheckTypes(std::string_view text, std::string_view what) {
  for (const auto& t : SplitList(text, what)) ParsePrecision(t, what);
}
void CheckDims(std::string_view text, std::string_view what) { ParseDims(text, what); }
void CheckBackends(std::string_view text, std::string_view what) {
  for (const auto& b : SplitList(text, what)) CheckBackendSpec(b, what);
}
void CheckTrans(std::string_view text, std::string_view what) {
  for (const auto& t : SplitList(text, what)) ParseTrans(t, what);
}
void CheckReals(std::string_view text, std::string_view what) { ParseRealList(text, what); }
void CheckCounts(std::string_view text, std::string_view what) {
  for (const auto& c : SplitList(text, what)) ParseCount(c, what);
}
void CheckConds(std::string_view text, std::string_view what) {
  for (double c : ParseRealList(text, what)) {
    // A 2-norm condition number is >= 1 by definition; 0 asks for the generator's default.
    if (c != 0 && c < 1) {
      throw UsageError(
          fmt::format("{}: invalid value '{}': expected 0 (type default) or a "
                      "condition number >= 1",
                      what, text));
    }
  }
}
void CheckSeed(std::string_view text, std::string_view what) { ParseCount(text, what); }

// "auto" or a sample count 1..10000; returns 0 for auto.
int ParseRepeat(std::string_view text, std::string_view what) {
  if (text == "auto") return 0;
  int v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v < 1 || v > 10000) {
    throw UsageError(fmt::format(
        "{}: invalid value '{}': expected auto or a number of samples in 1..10000", what, text));
  }
  return v;
}
void CheckRepeat(std::string_view text, std::string_view what) { ParseRepeat(text, what); }
// A generator type is valid if some matrix structure accepts it (gemm ignores it; each LAPACK
// routine checks it again for its own structure when the case is generated).
void CheckMatrices(std::string_view text, std::string_view what) {
  for (const auto& item : SplitList(text, what)) {
    std::string error;
    for (MatrixKind kind : {MatrixKind::kGeneral, MatrixKind::kSpd, MatrixKind::kSymmetric}) {
      try {
        ParseMatrixSpec(item, kind, 8, 8, 0, std::numeric_limits<double>::epsilon());
        error.clear();
        break;
      } catch (const UsageError& e) {
        if (error.empty()) error = e.what();
      }
    }
    if (error.empty()) continue;
    const std::string type = item.substr(0, item.find(':'));
    const auto types = AllMatrixTypes();
    // A known type with a bad suffix: the generator's own message says what the suffix may be.
    if (type == "singular" || std::find(types.begin(), types.end(), type) != types.end()) {
      throw UsageError(error);
    }
    throw UsageError(fmt::format("{}: invalid value '{}': expected a generator type ({}), "
                                 "optionally with :modeK",
                                 what, item, fmt::join(types, ", ")));
  }
}

constexpr double kInf = std::numeric_limits<double>::infinity();

const SweepParam kParams[] = {
    {"op", 0, "Routines, comma-separated (gemm)", "", ParamScope::kCase, true, &S::op,
     RangeStyle::kNone, -kInf, kInf, &CheckList},
    {"type", 0, "Precisions: s (float32), d (float64), comma-separated", "", ParamScope::kCase,
     true, &S::type, RangeStyle::kNone, -kInf, kInf, &CheckTypes},
    {"dim", 0,
     "Sizes: N, start:end[:step], MxN[xK] (zip) or M*N[*K] (cartesian), comma-separated; "
     "k/M/G and Ki/Mi suffixes",
     "", ParamScope::kCase, false, &S::dim, RangeStyle::kNone, -kInf, kInf, &CheckDims},
    {"backend", 0,
     "Backends, comma-separated: reference, openblas, alphatensor:<scheme>[/L]@<base>, ...", "",
     ParamScope::kCase, false, &S::backend, RangeStyle::kNone, -kInf, kInf, &CheckBackends},
    {"transA", 0, "op(A) for gemm: n, t (list)", "", ParamScope::kCase, true, &S::transa,
     RangeStyle::kNone, -kInf, kInf, &CheckTrans},
    {"transB", 0, "op(B) for gemm: n, t (list)", "", ParamScope::kCase, true, &S::transb,
     RangeStyle::kNone, -kInf, kInf, &CheckTrans},
    {"alpha", 0, "alpha values (list)", "", ParamScope::kCase, true, &S::alpha, RangeStyle::kNone,
     -kInf, kInf, &CheckReals},
    {"beta", 0, "beta values (list)", "", ParamScope::kCase, true, &S::beta, RangeStyle::kNone,
     -kInf, kInf, &CheckReals},
    {"nrhs", 0, "Right-hand sides for solvers (list)", "", ParamScope::kCase, true, &S::nrhs,
     RangeStyle::kNone, -kInf, kInf, &CheckCounts},
    {"batch", 0, "Matrices per call for gemm_batched (list)", "", ParamScope::kCase, true,
     &S::batch, RangeStyle::kNone, -kInf, kInf, &CheckCounts},
    {"matrix", 0, "Test matrix generator types for LAPACK routines (list; see docs/VALIDATION.md)",
     "", ParamScope::kCase, true, &S::matrix, RangeStyle::kNone, -kInf, kInf, &CheckMatrices},
    {"cond", 0, "Condition numbers for generated matrices (list; 0 = type default)", "",
     ParamScope::kCase, true, &S::cond, RangeStyle::kNone, -kInf, kInf, &CheckConds},
    {"seed", 0, "Base seed; each case derives a fixed seed from it", "", ParamScope::kCase, true,
     &S::seed, RangeStyle::kNone, -kInf, kInf, &CheckSeed},
    {"tol", 0,
     "Threshold on each check's ratio, overriding the per-routine default (gemm 3, LAPACK LIN "
     "30); 0 = defaults",
     "", ParamScope::kRun, false, &S::tol, RangeStyle::kNonNegative, 0, kInf, nullptr},
    {"threads", 0, "Worker threads for BLAS backends; 0 = library default", "", ParamScope::kRun,
     false, &S::threads, RangeStyle::kNonNegative, 0, 4096, nullptr},
    {"json", 0, "Write results JSON to this path (atomically)",
     "Results JSON path (default results/<UTC>.json), written atomically", ParamScope::kCliOnly,
     false, &S::json, RangeStyle::kNone, -kInf, kInf, nullptr},
    {"device", 0,
     "OpenCL device for opencl backends: INDEX, PLATFORM:DEVICE or a name substring (sets "
     "LAPACK_AI_OPENCL_DEVICE; opencl:SELECTOR in --backend overrides it)",
     "", ParamScope::kCliOnly, false, &S::device, RangeStyle::kNone, -kInf, kInf, nullptr},
    {"allow-tf32", 0,
     "cuda backends compute fp32 gemm on TF32 tensor cores (10-bit mantissa, ~1e-3 relative "
     "error): recorded as the math mode and flagged by the environment checks (cuda:.../tf32 "
     "asks for it on one backend)",
     "", ParamScope::kCliOnly, false, &S::allow_tf32, RangeStyle::kNone, -kInf, kInf, nullptr},
    {"quiet", 'q', "No progress bar and no table; summary line only", "", ParamScope::kCliOnly,
     false, &S::quiet, RangeStyle::kNone, -kInf, kInf, nullptr},
    {"full-check", 0,
     "Always compute the full reference result (large gemm and LAPACK cases otherwise use a projected check)", "",
     ParamScope::kCase, false, &S::full_check, RangeStyle::kNone, -kInf, kInf, nullptr},
    {"repeat", 0,
     "Timed samples per case and backend: a number (1..10000), or auto: interleaved rounds until "
     "every speedup's 95 % interval is within +-2 % or --max-time is spent",
     "", ParamScope::kTiming, true, &S::repeat, RangeStyle::kNone, -kInf, kInf, &CheckRepeat},
    {"max-time", 0, "Seconds of timing per case that --repeat auto may spend (1..86400)", "",
     ParamScope::kTiming, true, &S::max_time_s, RangeStyle::kRange, 1, 86400, nullptr},
    {"warmup", 0, "Untimed calls before timing (0..100)", "", ParamScope::kTiming, true, &S::warmup,
     RangeStyle::kRange, 0, 100, nullptr},
    {"baseline", 0, "Backend the speedup column is measured against", "", ParamScope::kTiming, true,
     &S::baseline, RangeStyle::kNone, -kInf, kInf, &CheckBackendSpec},
    {"min-sample-time", 0,
     "Seconds one sample should last; short calls are repeated within a sample", "",
     ParamScope::kTiming, true, &S::min_sample_s, RangeStyle::kRange, 0.0, 10.0, nullptr},
};

double ParseNumber(std::string_view text, std::string_view what, const SweepParam& p,
                   bool integer) {
  const std::string expected =
      integer ? fmt::format("expected an integer in {}..{}", p.min, p.max)
              : (p.max == kInf ? fmt::format("expected a number >= {}", p.min)
                               : fmt::format("expected a number in {}..{}", p.min, p.max));
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v) ||
      (integer && v != std::floor(v)) || v < p.min || v > p.max) {
    throw UsageError(fmt::format("{}: invalid value '{}': {}", what, text, expected));
  }
  return v;
}

}  // namespace

std::span<const SweepParam> SweepParams() { return kParams; }

std::vector<std::string> AllMatrixTypes() {
  std::vector<std::string> out;
  for (MatrixKind kind : {MatrixKind::kGeneral, MatrixKind::kSpd, MatrixKind::kSymmetric}) {
    for (std::string& t : MatrixTypes(kind)) {
      if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(std::move(t));
    }
  }
  return out;
}

const SweepParam* FindSweepParam(std::string_view key) {
  for (const SweepParam& p : kParams) {
    if (p.key == key) return &p;
  }
  return nullptr;
}

void CheckSweepValue(const SweepParam& p, std::string_view text, std::string_view what) {
  if (p.field.index() == 0) {
    if (p.check != nullptr) p.check(text, what);
  } else if (p.field.index() == 3) {
    if (text != "true" && text != "false") {
      throw UsageError(fmt::format("{}: invalid value '{}': expected true or false", what, text));
    }
  } else {
    ParseNumber(text, what, p, /*integer=*/p.field.index() == 1);
  }
}

void CopySweepValue(const SweepParam& p, const SweepSettings& from, SweepSettings& to) {
  std::visit([&](auto member) { to.*member = from.*member; }, p.field);
}

void SetSweepValue(const SweepParam& p, std::string_view text, std::string_view what,
                   SweepSettings& to) {
  CheckSweepValue(p, text, what);
  std::visit(
      [&](auto member) {
        using T = std::remove_reference_t<decltype(to.*member)>;
        if constexpr (std::is_same_v<T, std::string>) {
          to.*member = std::string(text);
        } else if constexpr (std::is_same_v<T, bool>) {
          to.*member = text == "true";
        } else {
          to.*member = static_cast<T>(ParseNumber(text, what, p, std::is_same_v<T, int>));
        }
      },
      p.field);
}

SweepSpec ParseSweepSpec(const SweepSettings& s, std::string_view prefix) {
  auto what = [&](std::string_view key) { return fmt::format("{}{}", prefix, key); };
  auto counts = [&](const std::string& text, std::string_view key) {
    std::vector<int64_t> out;
    for (const auto& c : SplitList(text, what(key))) out.push_back(ParseCount(c, what(key)));
    return out;
  };
  auto trans = [&](const std::string& text, std::string_view key) {
    std::vector<Trans> out;
    for (const auto& t : SplitList(text, what(key))) out.push_back(ParseTrans(t, what(key)));
    return out;
  };
  SweepSpec spec;
  spec.ops = SplitList(s.op, what("op"));
  spec.types.clear();
  for (const auto& t : SplitList(s.type, what("type"))) {
    spec.types.push_back(ParsePrecision(t, what("type")));
  }
  spec.transa = trans(s.transa, "transA");
  spec.transb = trans(s.transb, "transB");
  spec.alpha = ParseRealList(s.alpha, what("alpha"));
  spec.beta = ParseRealList(s.beta, what("beta"));
  spec.seed = static_cast<uint64_t>(ParseCount(s.seed, what("seed")));
  spec.nrhs = counts(s.nrhs, "nrhs");
  spec.batches = counts(s.batch, "batch");
  CheckMatrices(s.matrix, what("matrix"));
  spec.matrices = SplitList(s.matrix, what("matrix"));
  CheckConds(s.cond, what("cond"));
  spec.conds = ParseRealList(s.cond, what("cond"));
  spec.full_check = s.full_check;
  spec.dims = ParseDims(s.dim, what("dim"));
  return spec;
}

RunOptions ParseRunOptions(const SweepSettings& s, bool timing) {
  RunOptions o;
  o.timing = timing;
  o.repeat = ParseRepeat(s.repeat, "--repeat");
  o.repeat_auto = o.repeat == 0;
  if (o.repeat_auto) o.repeat = 1;
  o.max_time_s = s.max_time_s;
  o.bootstrap_seed = static_cast<uint64_t>(ParseCount(s.seed, "--seed"));
  o.warmup = s.warmup;
  o.tol = s.tol;
  o.baseline = s.baseline;
  o.min_sample_s = s.min_sample_s;
  return o;
}

}  // namespace lapack_ai
