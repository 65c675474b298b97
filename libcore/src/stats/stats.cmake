# Sources of the speedup statistics (bootstrap CI, verdicts, stability), added to lapack_ai_core
# (included from libcore/CMakeLists.txt).
target_sources(lapack_ai_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/bootstrap.cc
  ${CMAKE_CURRENT_LIST_DIR}/expanded_percentile.cc
  ${CMAKE_CURRENT_LIST_DIR}/resampled_median.cc
  ${CMAKE_CURRENT_LIST_DIR}/verdict.cc
  ${CMAKE_CURRENT_LIST_DIR}/sample_stats.cc
)
