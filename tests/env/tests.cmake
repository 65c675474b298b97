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
