# Test sources for ops (appended to LAPACK_AI_TEST_SOURCES).
list(APPEND LAPACK_AI_TEST_SOURCES
  ops/generators_test.cc
  ops/lapack_checks_test.cc
  ops/projected_checks_test.cc
  ops/info_decode_test.cc
  ops/validate_cli_test.cc)
