# Test sources for reports (appended to LAPACK_AI_TEST_SOURCES).
