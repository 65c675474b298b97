# Sources of fastmm, added to lapack_ai_core (included from libcore/CMakeLists.txt).
target_sources(lapack_ai_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/rational.cc
  ${CMAKE_CURRENT_LIST_DIR}/verify.cc
  ${CMAKE_CURRENT_LIST_DIR}/compose.cc
  ${CMAKE_CURRENT_LIST_DIR}/stats.cc
  ${CMAKE_CURRENT_LIST_DIR}/catalogue.cc
  ${CMAKE_CURRENT_LIST_DIR}/import_util.cc
  ${CMAKE_CURRENT_LIST_DIR}/import_json.cc
  ${CMAKE_CURRENT_LIST_DIR}/import_npz.cc
  ${CMAKE_CURRENT_LIST_DIR}/import_npz_pickle.cc
  ${CMAKE_CURRENT_LIST_DIR}/import_sms.cc
  ${CMAKE_CURRENT_BINARY_DIR}/generated/catalogue_data.cc)

# The shipped catalogue: data/schemes/*.json embedded as string literals (the binary stands
# alone). Listed explicitly, in catalogue order.
set(LAPACK_AI_SCHEME_FILES
  strassen winograd alphatensor-4x4x4 dps-4x4x4-48-rational dps-4x4x4-48-accurate 4x4x4-49-156
  alphatensor-3x4x5 alphatensor-4x4x5 alphatensor-4x5x5 alphatensor-4x4x4-gf2)
list(TRANSFORM LAPACK_AI_SCHEME_FILES PREPEND ${PROJECT_SOURCE_DIR}/data/schemes/)
list(TRANSFORM LAPACK_AI_SCHEME_FILES APPEND .json)
string(REPLACE ";" "|" _lapack_ai_scheme_inputs "${LAPACK_AI_SCHEME_FILES}")
add_custom_command(
  OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/generated/catalogue_data.cc
  COMMAND ${CMAKE_COMMAND} -DOUTPUT=${CMAKE_CURRENT_BINARY_DIR}/generated/catalogue_data.cc
          "-DINPUTS=${_lapack_ai_scheme_inputs}" -P ${CMAKE_CURRENT_LIST_DIR}/embed_schemes.cmake
  DEPENDS ${LAPACK_AI_SCHEME_FILES} ${CMAKE_CURRENT_LIST_DIR}/embed_schemes.cmake
  COMMENT "Embedding data/schemes/*.json"
  VERBATIM)

# .npz members are zip entries: read them with libzip.
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
target_link_libraries(lapack_ai_core PRIVATE PkgConfig::LIBZIP)

# Plan compiler and peeling (helper A2).
target_sources(lapack_ai_core PRIVATE ${CMAKE_CURRENT_LIST_DIR}/plan_compiler.cc
  ${CMAKE_CURRENT_LIST_DIR}/plan_split.cc)
