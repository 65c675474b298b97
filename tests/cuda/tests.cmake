# Test sources for cuda (appended to LAPACK_AI_TEST_SOURCES). Host-side tests run everywhere the
# backend is built; the GPU tests report "SKIPPED: no CUDA device: ..." where CUDA cannot run.
get_property(_cuda_built GLOBAL PROPERTY LAPACK_AI_CUDA_BUILT)
list(APPEND LAPACK_AI_TEST_SOURCES cuda/cuda_cli_test.cc)
if(_cuda_built)
  list(APPEND LAPACK_AI_TEST_SOURCES
    cuda/cuda_options_test.cc
    cuda/cuda_gpu_test.cc)
  if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/cuda_fastmm_test.cc)
    list(APPEND LAPACK_AI_TEST_SOURCES cuda/cuda_fastmm_test.cc cuda/lincomb_interpreter.cc)
  endif()
  # The tests include the backend's headers, which include the CUDA ones; lapack_ai_tests is
  # defined after this fragment, hence the deferred call.
  get_property(_cuda_include GLOBAL PROPERTY LAPACK_AI_CUDA_INCLUDE)
  cmake_language(DEFER CALL target_include_directories lapack_ai_tests SYSTEM PRIVATE
                 ${_cuda_include})
else()
  list(APPEND LAPACK_AI_TEST_SOURCES cuda/cuda_unavailable_test.cc)
endif()
