// Sweeps in the style of ICL's testers: comma lists, start:end:step ranges, MxNxK zipped or
// M*N*K cartesian dimensions, expanded into cases as a cartesian product of the parameters.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lapack_ai/op.h"

namespace lapack_ai {

struct Dims {
  int64_t m = 0, n = 0, k = 0;
  bool operator==(const Dims&) const = default;
};

/// Parses an integer with optional suffix k/M/G (x1000), Ki/Mi/Gi (x1024) or exponent (1e3).
/// Throws UsageError naming `what` and the text.
int64_t ParseCount(std::string_view text, std::string_view what);

/// Parses --dim: items separated by ','; an item is N, start:end[:step], MxN[xK] (components zip,
/// stopping at the shortest, each may be a range) or M*N[*K] (cartesian). MxN sets k = n.
/// Sizes must be >= 0. Throws UsageError naming `what`, the item and what was expected.
std::vector<Dims> ParseDims(std::string_view text, std::string_view what = "--dim");

/// Splits on ',' and trims; empty items are an error naming `what`.
std::vector<std::string> SplitList(std::string_view text, std::string_view what);

/// Parses a list of reals ("1,0.5,-1").
std::vector<double> ParseRealList(std::string_view text, std::string_view what);

/// A declared sweep: every combination of the lists becomes one case.
struct SweepSpec {
  std::vector<std::string> ops = {"gemm"};
  std::vector<Precision> types = {Precision::kDouble};
  std::vector<Dims> dims = {{100, 100, 100}};
  std::vector<Trans> transa = {Trans::kNoTrans};
  std::vector<Trans> transb = {Trans::kNoTrans};
  std::vector<double> alpha = {1.0};
  std::vector<double> beta = {0.0};
  std::vector<int64_t> nrhs = {1};
  std::vector<int64_t> batches = {1};
  std::vector<std::string> matrices = {"rand"};
  std::vector<double> conds = {0.0};
  uint64_t seed = 1988;
  bool full_check = false;
};

/// Expands a sweep into cases (rightmost parameter cycling fastest: op, type, dims, ...).
/// Parameters a routine does not read are not multiplied for it. Throws UsageError for an
/// unknown op.
std::vector<CaseParams> ExpandSweep(const SweepSpec& spec);

}  // namespace lapack_ai
