# Sources of scenario, added to lapack_ai_core (included from libcore/CMakeLists.txt): the JSONC
# reader, which hands key/value pairs to the sweep parameter table (sweep/), and the shipped
# scenarios embedded at build time.
target_sources(lapack_ai_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/jsonc.cc
  ${CMAKE_CURRENT_LIST_DIR}/suggest.cc
  ${CMAKE_CURRENT_LIST_DIR}/scenario_reader.cc
  ${CMAKE_CURRENT_LIST_DIR}/shipped.cc)

include(EmbedFiles)
lapack_ai_embed_files(TARGET lapack_ai_core NAME ShippedScenarioFiles
  BASE_DIR ${PROJECT_SOURCE_DIR}/scenarios
  FILES
    default.json
    gemm-square.json
    alphatensor.json
    transformer-attention.json
    solvers.json
    svd-embeddings.json
    batched-4x4.json
    cpu-libraries.json)
