# Test sources for fastmm (appended to LAPACK_AI_TEST_SOURCES).
# Plan compiler, executor and alphatensor backend (helper A2).
list(APPEND LAPACK_AI_TEST_SOURCES fastmm/plan_compiler_test.cc fastmm/alphatensor_backend_test.cc)
# Scheme model, verification, importers, catalogue and stats (helper A1).
list(APPEND LAPACK_AI_TEST_SOURCES fastmm/scheme_test.cc fastmm/verify_test.cc fastmm/stats_test.cc
  fastmm/import_test.cc fastmm/catalogue_test.cc)
# `lapack-ai tune`: the decision rule, crossover files and lookup order, and the command itself.
list(APPEND LAPACK_AI_TEST_SOURCES fastmm/tune_decide_test.cc fastmm/crossovers_file_test.cc
  fastmm/tune_cli_test.cc)
