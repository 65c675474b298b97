# Test sources for core (appended to LAPACK_AI_TEST_SOURCES).
