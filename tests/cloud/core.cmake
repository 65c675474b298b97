# Tests of the cloud core (process runner, state file, run config, pipeline, the local and aws
# providers, the CLI, the GitHub workflows). Unit tests are in TEST_SUITE("cloud") and the CTest
# tests below carry LABELS cloud, so `ctest -L cloud` selects all of them (with remote.cmake's).
list(APPEND LAPACK_AI_TEST_SOURCES
  cloud/process_test.cc
  cloud/state_config_test.cc
  cloud/aws_unit_test.cc
  cloud/aws_end_reason_test.cc
  cloud/report_events_test.cc
)
# lapack_ai_tests is defined after this file is included.
cmake_language(DEFER CALL target_link_libraries lapack_ai_tests PRIVATE lapack_ai::cloud)
cmake_language(DEFER CALL target_include_directories lapack_ai_tests PRIVATE
  ${PROJECT_SOURCE_DIR}/cloud/src)

# End-to-end through the CLI, against real components: the binary's local provider; the real aws
# CLI against a moto_server started by the test (scripts/install-cloud-test.sh puts both in
# <build>/cloud-venv); the workflows' every lapack-ai command; hadolint over the Dockerfile.
find_program(LAPACK_AI_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH REQUIRED)
set(cloud_tests ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME cloud_local_cli
  COMMAND ${LAPACK_AI_PYTHON} ${cloud_tests}/local_run_check.py $<TARGET_FILE:lapack-ai> ${PROJECT_SOURCE_DIR})
add_test(NAME cloud_aws_moto
  COMMAND ${LAPACK_AI_PYTHON} ${cloud_tests}/aws_moto_check.py $<TARGET_FILE:lapack-ai> ${PROJECT_SOURCE_DIR} 20)
add_test(NAME cloud_workflows
  COMMAND ${LAPACK_AI_PYTHON} ${cloud_tests}/workflows_check.py $<TARGET_FILE:lapack-ai> ${PROJECT_SOURCE_DIR})
add_test(NAME cloud_dockerfile_lint
  COMMAND ${LAPACK_AI_PYTHON} ${cloud_tests}/dockerfile_lint.py ${PROJECT_SOURCE_DIR})
set_tests_properties(cloud_local_cli cloud_aws_moto cloud_workflows cloud_dockerfile_lint PROPERTIES
  LABELS cloud TIMEOUT 600 SKIP_REGULAR_EXPRESSION "SKIPPED: "
  ENVIRONMENT "LAPACK_AI_CLOUD_TOOLS=${PROJECT_BINARY_DIR}/cloud-venv/bin")
# Minutes long: with ctest -j, start it first so the short tests fill the other core meanwhile.
set_tests_properties(cloud_aws_moto PROPERTIES COST 500)
