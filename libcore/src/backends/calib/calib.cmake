# backends/calib: the calibration wrapper (A/A pairs, planted slowdowns) used to check the
# statistics end to end (bench/trust-aa.sh). Included from libcore/CMakeLists.txt.
target_sources(lapack_ai_core PRIVATE ${CMAKE_CURRENT_LIST_DIR}/calib_backend.cc)
lapack_ai_register_backend(calib MakeCalibBackend
  "calibration wrapper: calib[:slow=F]@<base>, a second instance of <base> (slow=F stretches every call F times)")
