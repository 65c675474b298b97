# Test sources for opencl (appended to LAPACK_AI_TEST_SOURCES). They run on PoCL in CI: nothing
# about OpenCL is skipped there. A build without OpenCL only runs the "unavailable" test.
get_property(_ocl_built GLOBAL PROPERTY LAPACK_AI_OPENCL_BUILT)
if(_ocl_built)
  list(APPEND LAPACK_AI_TEST_SOURCES
    opencl/opencl_devices_test.cc
    opencl/opencl_blas_test.cc
    opencl/opencl_hybrid_test.cc)
else()
  list(APPEND LAPACK_AI_TEST_SOURCES opencl/opencl_unavailable_test.cc)
endif()
