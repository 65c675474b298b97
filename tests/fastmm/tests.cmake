# Test sources for fastmm (appended to LAPACK_AI_TEST_SOURCES).
