# Test sources for scenario (appended to LAPACK_AI_TEST_SOURCES).
list(APPEND LAPACK_AI_TEST_SOURCES
  scenario/jsonc_test.cc
  scenario/sweep_params_test.cc
  scenario/scenario_test.cc
  scenario/run_cli_test.cc)
