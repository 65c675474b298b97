# Test sources for opencl (appended to LAPACK_AI_TEST_SOURCES). They run on PoCL in CI: nothing
# about OpenCL is skipped there. A build without OpenCL only runs the "unavailable" test.
get_property(_ocl_built GLOBAL PROPERTY LAPACK_AI_OPENCL_BUILT)
if(_ocl_built)
  list(APPEND LAPACK_AI_TEST_SOURCES
    opencl/opencl_devices_test.cc
    opencl/opencl_blas_test.cc
    opencl/opencl_hybrid_test.cc
    opencl/opencl_host_lu_test.cc
    opencl/opencl_host_qr_test.cc
    opencl/opencl_clblast_tuning_test.cc)
else()
  list(APPEND LAPACK_AI_TEST_SOURCES opencl/opencl_unavailable_test.cc)
endif()

# The GPU perf executable (ninja's *_perftest): run by bench/gpu-opencl.sh, never by ctest.
if(_ocl_built)
  add_executable(lapack_ai_opencl_perftest opencl/opencl_perftest.cc)
  lapack_ai_set_warnings(lapack_ai_opencl_perftest)
  target_include_directories(lapack_ai_opencl_perftest PRIVATE ${PROJECT_SOURCE_DIR}/libcore/src)
  target_compile_definitions(lapack_ai_opencl_perftest PRIVATE CL_TARGET_OPENCL_VERSION=120)
  target_link_libraries(lapack_ai_opencl_perftest PRIVATE lapack_ai::core fmt::fmt)
endif()
