# Environment checks (fake /proc and /sys roots, FakeSystem) and doctor/devices end to end.
list(APPEND LAPACK_AI_TEST_SOURCES
  env/fake_system.cc
  env/proc_parse_test.cc
  env/load_monitor_test.cc
  env/checks_blas_test.cc
  env/checks_machine_test.cc
  env/checks_gpu_test.cc
  env/env_json_test.cc
  env/system_view_test.cc
  env/doctor_cli_test.cc)

# A real busy machine: bench beside CPU burners must flag it everywhere (run alone).
find_program(LAPACK_AI_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH REQUIRED)
add_test(NAME env_busy_machine_flagged
  COMMAND ${LAPACK_AI_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/busy_machine_check.py $<TARGET_FILE:lapack-ai>)
set_tests_properties(env_busy_machine_flagged PROPERTIES RUN_SERIAL TRUE TIMEOUT 300 LABELS env)
