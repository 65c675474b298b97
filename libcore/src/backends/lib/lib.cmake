# Sources of backends/lib (any BLAS/LAPACK via dlmopen, and `reference` = lib on netlib) and the
# host fast-matmul executor every CPU base shares; included from libcore/CMakeLists.txt.
target_sources(lapack_ai_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/blas_library.cc
  ${CMAKE_CURRENT_LIST_DIR}/library_facts.cc
  ${CMAKE_CURRENT_LIST_DIR}/known_libraries.cc
  ${CMAKE_CURRENT_LIST_DIR}/lib_spec.cc
  ${CMAKE_CURRENT_LIST_DIR}/lib_blas.cc
  ${CMAKE_CURRENT_LIST_DIR}/lib_lapack.cc
  ${CMAKE_CURRENT_LIST_DIR}/lib_backend.cc
  ${CMAKE_CURRENT_LIST_DIR}/startup.cc
  ${CMAKE_CURRENT_LIST_DIR}/../host_fastmm/host_fastmm.cc)
lapack_ai_register_backend(reference MakeReferenceBackend
  "netlib BLAS + LAPACK via dlmopen (the truth)")
lapack_ai_register_backend(lib MakeLibBackend
  "any BLAS/LAPACK library in its own namespace: lib:<name|path>[/threads=N][/env:KEY=VALUE]"
  LISTED LibListedSpecs)
