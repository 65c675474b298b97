// The default `lapack-ai bench` sweep: gemm s,d at 128..2048 on openblas, and on the (slow)
// reference backend only up to 512, so the whole run stays under two minutes on 2 cores.
#include <algorithm>

#include "sweep_options.h"

namespace lapack_ai::cli {

namespace {
constexpr int64_t kReferenceMaxDim = 512;
}  // namespace

std::string DefaultBenchDims() { return "128,256,512,1024,2048"; }

std::vector<SweepPart> DefaultBenchParts(const std::vector<CaseParams>& cases) {
  SweepPart small{{}, {"openblas", "reference"}}, large{{}, {"openblas"}};
  for (const CaseParams& c : cases) {
    const bool is_small = std::max({c.m, c.n, c.k}) <= kReferenceMaxDim;
    (is_small ? small : large).cases.push_back(c);
  }
  std::vector<SweepPart> parts;
  if (!small.cases.empty()) parts.push_back(small);
  if (!large.cases.empty()) parts.push_back(large);
  return parts;
}

}  // namespace lapack_ai::cli
