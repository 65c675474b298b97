// The default `lapack-ai bench` sweep: with no case flags, the embedded scenarios/default.json
// (gemm s,d at 128..2048 on openblas, on the slow reference only up to 512, under two minutes on
// 2 cores); with some case flags but no --dim/--backend, the same sizes and split.
#include <algorithm>

#include "lapack_ai/error.h"
#include "sweep_options.h"

namespace lapack_ai::cli {

namespace {
constexpr int64_t kReferenceMaxDim = 512;
}  // namespace

Scenario DefaultBenchScenario() {
  for (const ShippedScenario& s : ShippedScenarios()) {
    if (s.name == "default") return ParseScenario(s.text, "scenarios/default.json");
  }
  throw BackendError("this build has no embedded scenarios/default.json");
}

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
