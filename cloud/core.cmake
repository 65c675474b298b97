# The cloud core (included from cloud/CMakeLists.txt): process runner, state file, run config,
# provider table, run pipeline, and the local and aws providers.
target_sources(lapack_ai_cloud PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/src/process.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/state.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/config.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/providers.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/pipeline.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/local_provider.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/aws_cli.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/aws_userdata.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/aws_end_reason.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/aws_provider.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/aws_launch.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/aws_poll.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/aws_teardown.cc
)
