# Test sources for ops (appended to LAPACK_AI_TEST_SOURCES).
