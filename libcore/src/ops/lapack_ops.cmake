# Sources of ops, added to lapack_ai_core (included from libcore/CMakeLists.txt).
target_sources(lapack_ai_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/generators.cc
  ${CMAKE_CURRENT_LIST_DIR}/lapack_checks.cc
  ${CMAKE_CURRENT_LIST_DIR}/projected_checks.cc
  ${CMAKE_CURRENT_LIST_DIR}/info_decode.cc
  ${CMAKE_CURRENT_LIST_DIR}/getrf_op.cc
  ${CMAKE_CURRENT_LIST_DIR}/gesv_op.cc
  ${CMAKE_CURRENT_LIST_DIR}/potrf_op.cc
  ${CMAKE_CURRENT_LIST_DIR}/posv_op.cc
  ${CMAKE_CURRENT_LIST_DIR}/geqrf_op.cc
  ${CMAKE_CURRENT_LIST_DIR}/gels_op.cc
  ${CMAKE_CURRENT_LIST_DIR}/gesvd_op.cc
  ${CMAKE_CURRENT_LIST_DIR}/syevd_op.cc
  ${CMAKE_CURRENT_LIST_DIR}/../backends/openblas/openblas_lapack.cc
)
