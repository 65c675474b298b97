# Test sources for diagnose (appended to LAPACK_AI_TEST_SOURCES).
