# Test sources for scenario (appended to LAPACK_AI_TEST_SOURCES).
