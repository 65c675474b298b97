# lib: backends (any BLAS/LAPACK via dlmopen): spec parsing, loading Debian's and pip's libraries,
# the ILP64 probe, fast matmul over them, and the CLI's errors.
list(APPEND LAPACK_AI_TEST_SOURCES
  lib/lib_spec_test.cc
  lib/lib_backend_test.cc
  lib/lib_cli_test.cc
  lib/pip_libraries.cc)
