# Sources of backends/cuda, added to lapack_ai_core (included from libcore/CMakeLists.txt).
# LAPACK_AI_WITH_CUDA: AUTO builds the backend when nvcc and the CUDA headers are found, ON
# requires them, OFF (or not found) compiles the "unavailable" stub. Nothing links a CUDA
# library: the headers give types, the libraries are dlopen'ed at run time (cuda_api.cc), and
# kernels/cuda_*.cu are compiled by nvcc to fatbins embedded in the binary.
set(_cuda_dir ${CMAKE_CURRENT_LIST_DIR})
set(_cuda_found FALSE)
if(NOT LAPACK_AI_WITH_CUDA STREQUAL "OFF")
  find_package(CUDAToolkit QUIET)
  set(_cuda_nvcc "${CUDAToolkit_NVCC_EXECUTABLE}")
  set(_cuda_include "${CUDAToolkit_INCLUDE_DIRS}")
  if(NOT _cuda_nvcc)
    find_program(_cuda_nvcc_prog nvcc HINTS ENV CUDA_HOME PATH_SUFFIXES bin
                 PATHS /usr/local/cuda/bin)
    set(_cuda_nvcc "${_cuda_nvcc_prog}")
    get_filename_component(_cuda_root "${_cuda_nvcc}" DIRECTORY)
    set(_cuda_include "${_cuda_root}/../include")
  endif()
  if(_cuda_nvcc AND EXISTS "${_cuda_nvcc}" AND EXISTS "${_cuda_include}/cublas_v2.h"
     AND EXISTS "${_cuda_include}/cusolverDn.h" AND EXISTS "${_cuda_include}/cuda.h"
     AND EXISTS "${_cuda_include}/nvrtc.h")
    set(_cuda_found TRUE)
  elseif(LAPACK_AI_WITH_CUDA STREQUAL "ON")
    message(FATAL_ERROR "LAPACK_AI_WITH_CUDA=ON but nvcc (${_cuda_nvcc}) or the CUDA headers "
                        "(cuda.h, cublas_v2.h, cusolverDn.h, nvrtc.h in '${_cuda_include}') were not "
                        "found: install the CUDA toolkit or set CUDAToolkit_ROOT")
  endif()
endif()

if(_cuda_found)
  set(_cuda_fatbin_dir ${CMAKE_CURRENT_BINARY_DIR}/cuda_fatbin)
  set(_cuda_fatbins "")
  foreach(_kernel cuda_lincomb cuda_batched_small)
    set(_src ${PROJECT_SOURCE_DIR}/kernels/${_kernel}.cu)
    set(_out ${_cuda_fatbin_dir}/${_kernel}.fatbin)
    add_custom_command(
      OUTPUT ${_out}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${_cuda_fatbin_dir}
      COMMAND ${_cuda_nvcc} -fatbin -O3 -gencode arch=compute_80,code=sm_80
              -gencode arch=compute_90,code=[sm_90,compute_90] -o ${_out} ${_src}
      DEPENDS ${_src}
      COMMENT "nvcc -fatbin ${_kernel}.cu"
      VERBATIM)
    list(APPEND _cuda_fatbins ${_kernel}.fatbin)
  endforeach()
  include(EmbedFiles)
  lapack_ai_embed_files(TARGET lapack_ai_core NAME CudaKernels BASE_DIR ${_cuda_fatbin_dir}
    FILES ${_cuda_fatbins})
  set(_cuda_sources
    ${_cuda_dir}/cuda_api.cc ${_cuda_dir}/cuda_device.cc ${_cuda_dir}/cuda_bound_call.cc
    ${_cuda_dir}/cuda_blas.cc ${_cuda_dir}/cuda_solver.cc ${_cuda_dir}/cuda_solver_qr.cc
    ${_cuda_dir}/cuda_solver_svd.cc
    ${_cuda_dir}/cuda_info.cc ${_cuda_dir}/cuda_backend.cc ${_cuda_dir}/cuda_fastmm.cc ${_cuda_dir}/cuda_fastmm_layout.cc
    ${_cuda_dir}/cuda_segment_profile.cc
    ${_cuda_dir}/cuda_lincomb_source.cc ${_cuda_dir}/cuda_nvrtc.cc
    ${_cuda_dir}/cuda_batched.cc)
  target_sources(lapack_ai_core PRIVATE ${_cuda_sources})
  # SYSTEM: the vendor headers are not held to our -Werror warning set.
  target_include_directories(lapack_ai_core SYSTEM PRIVATE ${_cuda_include})
  set_property(GLOBAL PROPERTY LAPACK_AI_CUDA_BUILT TRUE)
  set_property(GLOBAL PROPERTY LAPACK_AI_CUDA_INCLUDE ${_cuda_include})
  lapack_ai_register_backend(cuda MakeCudaBackend
    "CUDA device: cuBLAS gemm, cuSOLVER LAPACK, own kernels (cuda:DEVICE/OPTIONS), loaded at run time")
else()
  target_sources(lapack_ai_core PRIVATE ${_cuda_dir}/cuda_unavailable.cc)
  lapack_ai_register_backend(cuda MakeCudaBackend "CUDA device (not built: no CUDA toolkit)")
endif()
