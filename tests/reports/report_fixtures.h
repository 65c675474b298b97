// Crafted results for the reports tests: cases with timing samples drawn from a seeded
// generator, so each test states its scenario (slower by x %, noise only, ...) not its numbers.
#pragma once
#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "lapack_ai/result.h"

namespace lapack_ai::test {

/// A gemm case of size n on `backend` with `samples` timings around `median_s` (relative
/// spread `noise`, uniform), a passing check with ratio `ratio` against threshold 3.
inline CaseResult FakeCase(int64_t n, const std::string& backend, double median_s, int samples,
                           double noise, uint64_t seed, double ratio = 0.1) {
  CaseResult r;
  r.params.op = "gemm";
  r.params.m = r.params.n = r.params.k = n;
  r.backend = backend;
  r.flops = 2.0 * static_cast<double>(n * n * n);
  CheckResult c;
  c.name = "gemm_normwise";
  c.value = ratio;
  c.threshold = 3.0;
  c.passed = ratio < c.threshold;
  r.checks.push_back(c);
  r.status = c.passed ? Status::kPass : Status::kFailed;
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> u(-noise, noise);
  TimingStats t;
  for (int i = 0; i < samples; ++i) t.samples_s.push_back(median_s * (1.0 + u(gen)));
  std::vector<double> sorted = t.samples_s;
  std::sort(sorted.begin(), sorted.end());
  t.median_s = sorted[sorted.size() / 2];
  t.min_s = sorted.front();
  t.mean_s = t.median_s;
  r.timing = t;
  r.gflops = r.flops / t.median_s / 1e9;
  return r;
}

/// A document of `sizes` x {openblas, reference} cases; `scale` multiplies every time.
inline ResultsDocument FakeDoc(const std::vector<int64_t>& sizes, double scale, int samples,
                               double noise, uint64_t seed) {
  ResultsDocument doc;
  doc.context = {{"tool", "lapack-ai"}, {"host", "test-host"}};
  for (int64_t n : sizes) {
    for (const char* b : {"openblas", "reference"}) {
      const double t = 1e-9 * static_cast<double>(n * n * n) * (b[0] == 'o' ? 1.0 : 4.0);
      doc.results.push_back(FakeCase(n, b, t * scale, samples, noise, seed++));
    }
  }
  return doc;
}

}  // namespace lapack_ai::test
