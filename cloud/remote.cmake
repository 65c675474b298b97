# The remote side of lapack_ai::cloud (included from cloud/CMakeLists.txt): the portable bundle
# and the providers that ship it, ssh and slurm. LAPACK_AI_CLOUD_REMOTE lists them in Providers().
target_sources(lapack_ai_cloud PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/src/bundle.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/bundle_libs.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/bundle_script.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/ssh_remote.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/ssh_provider.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/slurm_queue.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/slurm_provider.cc
)
target_compile_definitions(lapack_ai_cloud PRIVATE LAPACK_AI_CLOUD_REMOTE)
# The bundle copies the backends' dlopen targets from the same multiarch directory libcore reads.
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/src/bundle_libs.cc PROPERTIES
  COMPILE_DEFINITIONS "LAPACK_AI_MULTIARCH=\"${CMAKE_LIBRARY_ARCHITECTURE}\"")
