# Core tests: sweeps, results JSON, gemm check, backends, runner/timer (FakeBackend + fake clock).
list(APPEND LAPACK_AI_TEST_SOURCES
  core/sweep_test.cc
  core/results_test.cc
  core/gemm_check_test.cc
  core/backends_test.cc
  core/runner_test.cc
  core/memory_preflight_test.cc
  core/what_to_use_test.cc
  core/partial_results_test.cc)
