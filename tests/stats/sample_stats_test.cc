// Median, per-pair seeds, timing stability and the synthetic timings the calibration uses.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "lapack_ai/stats.h"

namespace lapack_ai {
namespace {

// `pattern` repeated to n samples.
std::vector<double> Repeat(const std::vector<double>& pattern, size_t n) {
  std::vector<double> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = pattern[i % pattern.size()];
  return v;
}

TEST_CASE("median: odd, even, empty and NaN") {
  const std::vector<double> odd = {3, 1, 2}, even = {4, 1, 3, 2};
  CHECK(Median(odd) == 2);
  CHECK(Median(even) == 2.5);
  CHECK(std::isnan(Median(std::vector<double>{})));
  CHECK(std::isnan(Median(std::vector<double>{1, std::numeric_limits<double>::quiet_NaN()})));
}

TEST_CASE("derive seed: deterministic, distinct per key and base, stable across releases") {
  CHECK(DeriveSeed(7, "gemm d 512 openblas") == DeriveSeed(7, "gemm d 512 openblas"));
  CHECK(DeriveSeed(7, "gemm d 512 openblas") != DeriveSeed(7, "gemm d 512 clblast"));
  CHECK(DeriveSeed(7, "gemm d 512 openblas") != DeriveSeed(8, "gemm d 512 openblas"));
  CHECK(DeriveSeed(0, "") != 0);
  // Recorded seeds must keep their meaning across releases.
  CHECK(DeriveSeed(1, "potrf") == 15714790028914769939ULL);
}

TEST_CASE("stability: CV 2% is stable, CV 10% is unstable and named") {
  const Stability calm = AssessStability(Repeat({0.98e-3, 1.02e-3}, 20));
  CHECK_FALSE(calm.unstable);
  CHECK(calm.reason.empty());
  const Stability noisy = AssessStability(Repeat({0.9e-3, 1.1e-3}, 20));
  CHECK(noisy.unstable);
  CHECK(noisy.reason == "CV 10.3% > 5.0%");
  CHECK_FALSE(AssessStability(Repeat({0.9e-3, 1.1e-3}, 20), 0.2).unstable);
}

TEST_CASE("stability: outliers and drift are named when the samples show them") {
  std::vector<double> spiky = Repeat({1e-3}, 20);
  for (size_t i : {3u, 9u, 14u, 18u}) spiky[i] = 2.5e-3;
  const Stability s = AssessStability(spiky);
  CHECK(s.unstable);
  CHECK(s.reason.find("CV ") == 0);
  CHECK(s.reason.find("4 of 20 samples > 1.5x the median (outliers)") != std::string::npos);
  CHECK(s.reason.find("drift") == std::string::npos);

  std::vector<double> ramp(30);
  for (size_t i = 0; i < ramp.size(); ++i) ramp[i] = 1e-3 * (1 + 0.02 * static_cast<double>(i));
  const Stability d = AssessStability(ramp);
  CHECK(d.unstable);
  CHECK(d.reason.find("drift +") != std::string::npos);
  CHECK(d.reason.find("outliers") == std::string::npos);
}

TEST_CASE("stability: too few samples are stable, bad samples unstable") {
  CHECK_FALSE(AssessStability(std::vector<double>{}).unstable);
  CHECK_FALSE(AssessStability(std::vector<double>{1e-3}).unstable);
  const Stability bad = AssessStability(std::vector<double>{1e-3, 0.0, 1e-3});
  CHECK(bad.unstable);
  CHECK(bad.reason == "a sample is not a finite positive time");
}

TEST_CASE("synthetic samples: seeded, centred, spikes only slow down") {
  CHECK(SyntheticSamples(5, 50, 1e-3, 0.03, 0.05) == SyntheticSamples(5, 50, 1e-3, 0.03, 0.05));
  CHECK(SyntheticSamples(5, 50, 1e-3, 0.03, 0.05) != SyntheticSamples(6, 50, 1e-3, 0.03, 0.05));
  CHECK(SyntheticSamples(5, 0, 1e-3, 0.03, 0.05).empty());
  CHECK(Median(SyntheticSamples(5, 2001, 1e-3, 0.03, 0.0)) == doctest::Approx(1e-3).epsilon(0.01));

  // Without log-normal spread every sample is either the median or a spike in [1.3, 3]x.
  const auto v = SyntheticSamples(9, 1000, 1e-3, 0.0, 0.3);
  const auto spikes = std::count_if(v.begin(), v.end(), [](double t) { return t != 1e-3; });
  CHECK(spikes > 250);
  CHECK(spikes < 350);
  for (double t : v) CHECK((t == 1e-3 || (t >= 1.3e-3 && t <= 3e-3)));
}

}  // namespace
}  // namespace lapack_ai

namespace lapack_ai {
namespace {

TEST_CASE("sample moments: mean, n-1 standard deviation and CV, zeros when undefined") {
  const std::vector<double> v{1.0, 2.0, 3.0, 4.0};
  const Moments m = SampleMoments(v);
  CHECK(m.mean == doctest::Approx(2.5));
  CHECK(m.stddev == doctest::Approx(std::sqrt(5.0 / 3.0)));
  CHECK(m.cv == doctest::Approx(std::sqrt(5.0 / 3.0) / 2.5));
  const Moments one = SampleMoments(std::vector<double>{7.0});
  CHECK(one.mean == 7.0);
  CHECK(one.stddev == 0.0);
  CHECK(SampleMoments({}).mean == 0.0);
}

}  // namespace
}  // namespace lapack_ai
