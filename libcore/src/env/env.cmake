# Environment checks and doctor's fix trials, added to lapack_ai_core (included from
# libcore/CMakeLists.txt). Boost.Process v2 is used header-only by subprocess.cc alone.
find_package(Boost 1.80 REQUIRED)
target_sources(lapack_ai_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/proc_parse.cc
  ${CMAKE_CURRENT_LIST_DIR}/cpu_features.cc
  ${CMAKE_CURRENT_LIST_DIR}/kernel_isa.cc
  ${CMAKE_CURRENT_LIST_DIR}/forced_kernel.cc
  ${CMAKE_CURRENT_LIST_DIR}/system_view.cc
  ${CMAKE_CURRENT_LIST_DIR}/subprocess.cc
  ${CMAKE_CURRENT_LIST_DIR}/load_monitor.cc
  ${CMAKE_CURRENT_LIST_DIR}/checks.cc
  ${CMAKE_CURRENT_LIST_DIR}/checks_blas.cc
  ${CMAKE_CURRENT_LIST_DIR}/checks_machine.cc
  ${CMAKE_CURRENT_LIST_DIR}/checks_gpu.cc
  ${CMAKE_CURRENT_LIST_DIR}/env_json.cc
  ${CMAKE_CURRENT_LIST_DIR}/try_fix.cc
)
target_link_libraries(lapack_ai_core PRIVATE Boost::headers)
