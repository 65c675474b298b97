# Speedup statistics: bootstrap calibration (A/A and 10 % shifts over fixed seeds), interval
# properties, the median sampler and expanded tails, verdicts and formatting, stability.
list(APPEND LAPACK_AI_TEST_SOURCES
  stats/bootstrap_calibration_test.cc
  stats/bootstrap_test.cc
  stats/resampled_median_test.cc
  stats/expanded_percentile_test.cc
  stats/verdict_test.cc
  stats/sample_stats_test.cc)
