# Test sources for diagnose (appended to LAPACK_AI_TEST_SOURCES).
list(APPEND LAPACK_AI_TEST_SOURCES
  diagnose/diagnose_test_util.cc
  diagnose/npy_reader_test.cc
  diagnose/mtx_reader_test.cc
  diagnose/analysis_test.cc
  diagnose/diagnose_cli_test.cc
)
