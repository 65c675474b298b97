# Sources of backends/alphatensor, added to lapack_ai_core (included from libcore/CMakeLists.txt).
# The host plan executor the CPU bases share is listed with backends/lib (lib.cmake).
target_sources(lapack_ai_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/alphatensor_backend.cc
  ${CMAKE_CURRENT_LIST_DIR}/crossovers.cc
  ${CMAKE_CURRENT_LIST_DIR}/crossovers_file.cc
  ${CMAKE_CURRENT_LIST_DIR}/tune_decide.cc
  ${CMAKE_CURRENT_LIST_DIR}/tune_table.cc
  ${CMAKE_CURRENT_LIST_DIR}/tune_estimate.cc
  ${CMAKE_CURRENT_LIST_DIR}/column_pool.cc)
lapack_ai_register_backend(alphatensor MakeAlphatensorBackend
  "GEMM through a fast-matmul scheme: alphatensor:<scheme>[/levels]@<base> or alphatensor:auto")
include(EmbedFiles)
lapack_ai_embed_files(TARGET lapack_ai_core NAME AlphatensorCrossovers
  BASE_DIR ${PROJECT_SOURCE_DIR}/data FILES alphatensor_crossovers.json)
