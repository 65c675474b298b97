# Test sources for opencl (appended to LAPACK_AI_TEST_SOURCES).
