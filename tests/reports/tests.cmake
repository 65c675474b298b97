# Test sources for reports (appended to LAPACK_AI_TEST_SOURCES), and CTest tests that run the
# CLI: results JSON against the schema, compare on crafted pairs, the HTML in headless Chromium.
list(APPEND LAPACK_AI_TEST_SOURCES
  reports/compare_test.cc
  reports/html_test.cc
  reports/mann_whitney_test.cc
  reports/merge_test.cc)

# lapack_ai_tests is defined after this file is included: link it with the reports library
# once the directory is processed, without editing tests/CMakeLists.txt.
cmake_language(DEFER CALL target_link_libraries lapack_ai_tests PRIVATE lapack_ai::reports)

# Debian's python3, which has python3-jsonschema (the same lookup as tests/CMakeLists.txt).
find_program(LAPACK_AI_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH REQUIRED)
set(reports_tests ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME reports_schema
  COMMAND ${LAPACK_AI_PYTHON} ${reports_tests}/schema_check.py $<TARGET_FILE:lapack-ai>
          ${PROJECT_SOURCE_DIR}/reports/schema/results-v1.schema.json)
add_test(NAME reports_compare_cli
  COMMAND ${LAPACK_AI_PYTHON} ${reports_tests}/compare_check.py $<TARGET_FILE:lapack-ai>)
add_test(NAME reports_html_chromium
  COMMAND ${LAPACK_AI_PYTHON} ${reports_tests}/chromium_check.py $<TARGET_FILE:lapack-ai>)
set_tests_properties(reports_schema reports_compare_cli reports_html_chromium
  PROPERTIES LABELS reports TIMEOUT 300)
set_tests_properties(reports_html_chromium PROPERTIES LABELS "reports;chromium")
