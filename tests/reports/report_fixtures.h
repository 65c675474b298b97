// Crafted results for the reports tests: cases with timing samples drawn from a seeded
// generator, so each test states its scenario (slower by x %, noise only, ...) not its numbers;
// and the trust fields (environment warnings and readings, statistics, recommendations) as the
// tool writes them.
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

/// A context with the environment checks' output: one warning and one note (severities
/// "warning" and "info"), readings for an Intel CPU with OpenBLAS on its Prescott kernel, and
/// the statistics settings.
inline nlohmann::json TrustContext() {
  return {
      {"tool", "lapack-ai"}, {"host", "test-host"}, {"git_sha", "aaaa111"},
      {"cpu_model", "Intel Xeon"}, {"cpu_cores", 2},
      {"env", {{"OPENBLAS_NUM_THREADS", ""}, {"OPENBLAS_CORETYPE", ""}}},
      {"backends", {{{"name", "openblas"}, {"available", true}, {"library", "OpenBLAS 0.3.21"},
                     {"threads", 2}}}},
      {"warnings",
       {{{"id", "blas_kernel_below_cpu"}, {"severity", "warning"}, {"phase", "start"},
         {"message", "OpenBLAS runs its Prescott (SSE3) kernel on an AVX-512 CPU"},
         {"fix", "export OPENBLAS_CORETYPE=SkylakeX"}},
        {{"id", "cpu_governor"}, {"severity", "info"}, {"phase", "start"},
         {"message", "CPU frequency governor unknown"}, {"fix", "check cpufreq"}}}},
      {"environment",
       {{"cpu", {{"vendor", "GenuineIntel"}, {"family", 6}, {"model", 207}, {"isa", "AVX-512"},
                 {"flags", {"sse3", "avx2", "avx512f"}}}},
        {"blas", {{{"backend", "openblas"}, {"library", "OpenBLAS 0.3.21"},
                   {"kernel", "Prescott"}, {"kernel_isa", "SSE3"}}}},
        {"governor", "unknown"}, {"online_cpus", 2},
        {"thread_env", {{"OMP_NUM_THREADS", ""}, {"OPENBLAS_NUM_THREADS", ""},
                        {"MKL_NUM_THREADS", ""}, {"OPENBLAS_CORETYPE", ""}}},
        {"swap_used_bytes", 0}, {"build_optimized", true}}},
      {"statistics", {{"method", "percentile bootstrap of the ratio of medians"},
                      {"confidence", 0.95}, {"resamples", 2000}, {"seed", 1988},
                      {"repeat", "auto"}, {"target_half_width", 0.02}, {"max_time_s", 60},
                      {"unstable_cv", 0.05}}}};
}

/// One "what to use" entry for gemm d over n = 128..512.
inline nlohmann::json Recommendation(const std::string& backend, const std::string& verdict,
                                     nlohmann::json speedup, nlohmann::json ci,
                                     nlohmann::json warnings = nlohmann::json::array()) {
  return {{"op", "gemm"}, {"type", "d"}, {"size_label", "n=128..512"}, {"size_min", 128},
          {"size_max", 512}, {"backend", backend}, {"baseline", "openblas"},
          {"speedup", std::move(speedup)}, {"speedup_ci", std::move(ci)}, {"verdict", verdict},
          {"cases", 3}, {"warnings", std::move(warnings)},
          {"text", "gemm d n=128..512: " + backend}};
}

}  // namespace lapack_ai::test
