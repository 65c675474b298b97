# Sources of diagnose, added to lapack_ai_core (included from libcore/CMakeLists.txt).
target_sources(lapack_ai_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/parse_util.cc
  ${CMAKE_CURRENT_LIST_DIR}/npy_reader.cc
  ${CMAKE_CURRENT_LIST_DIR}/mtx_reader.cc
  ${CMAKE_CURRENT_LIST_DIR}/matrix_file.cc
  ${CMAKE_CURRENT_LIST_DIR}/analysis.cc
  ${CMAKE_CURRENT_LIST_DIR}/recommend.cc
  ${CMAKE_CURRENT_LIST_DIR}/diagnosis_json.cc
)
