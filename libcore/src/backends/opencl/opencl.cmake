# Sources of backends/opencl, added to lapack_ai_core (included from libcore/CMakeLists.txt).
# LAPACK_AI_WITH_OPENCL: AUTO builds the backend when OpenCL and CLBlast are found, ON requires
# them, OFF (or not found) compiles the "unavailable" stub. kernels/*.cl are embedded (cmake/EmbedFiles.cmake).
set(_ocl_dir ${CMAKE_CURRENT_LIST_DIR})
set(_ocl_found FALSE)
if(NOT LAPACK_AI_WITH_OPENCL STREQUAL "OFF")
  find_package(OpenCL QUIET)
  find_package(CLBlast QUIET CONFIG)
  if(OpenCL_FOUND AND CLBlast_FOUND)
    set(_ocl_found TRUE)
  elseif(LAPACK_AI_WITH_OPENCL STREQUAL "ON")
    message(FATAL_ERROR "LAPACK_AI_WITH_OPENCL=ON but OpenCL (${OpenCL_FOUND}) or CLBlast "
                        "(${CLBlast_FOUND}) was not found: install ocl-icd-opencl-dev, "
                        "opencl-headers and libclblast-dev")
  endif()
endif()

# The tuning file's path and --budget are the same with or without OpenCL.
target_sources(lapack_ai_core PRIVATE ${_ocl_dir}/clblast_tuning_file.cc)
if(_ocl_found)
  include(EmbedFiles)
  lapack_ai_embed_files(TARGET lapack_ai_core NAME OpenclKernels
    BASE_DIR ${PROJECT_SOURCE_DIR}/kernels FILES batched_small.cl gemm_tiled.cl laswp.cl lincomb.cl panel_lu.cl triangle.cl)
  set(_ocl_sources
    ${_ocl_dir}/opencl_wrappers.cc ${_ocl_dir}/opencl_devices.cc ${_ocl_dir}/opencl_device.cc
    ${_ocl_dir}/opencl_bound_call.cc ${_ocl_dir}/opencl_blas.cc ${_ocl_dir}/opencl_hybrid_lu.cc
    ${_ocl_dir}/opencl_hybrid_potrf.cc
    ${_ocl_dir}/opencl_hybrid_qr.cc ${_ocl_dir}/opencl_hybrid_lu_device.cc ${_ocl_dir}/opencl_fastmm.cc
    ${_ocl_dir}/opencl_backend.cc ${_ocl_dir}/clblast_tuning.cc ${_ocl_dir}/clblast_tuner.cc
    ${_ocl_dir}/clblast_tuning_check.cc ${_ocl_dir}/clblast_tuning_blocks.cc ${_ocl_dir}/opencl_host_threads.cc ${_ocl_dir}/opencl_host_team.cc
    ${_ocl_dir}/opencl_gemm_tiled.cc)
  target_sources(lapack_ai_core PRIVATE ${_ocl_sources})
  set_property(GLOBAL PROPERTY LAPACK_AI_OPENCL_BUILT TRUE)
  # OpenCL 1.2 API: the level every target driver (PoCL, NVIDIA, AMD, Intel) implements.
  set_source_files_properties(${_ocl_sources} PROPERTIES
    COMPILE_DEFINITIONS "CL_TARGET_OPENCL_VERSION=120;CL_USE_DEPRECATED_OPENCL_1_2_APIS")
  target_link_libraries(lapack_ai_core PRIVATE OpenCL::OpenCL clblast PkgConfig::LAPACKE)
  lapack_ai_register_backend(opencl MakeOpenclBackend
    "OpenCL device: CLBlast BLAS-3, own kernels, hybrid potrf/getrf/geqrf (opencl:SELECTOR/OPTIONS)")
else()
  target_sources(lapack_ai_core PRIVATE ${_ocl_dir}/opencl_unavailable.cc)
  lapack_ai_register_backend(opencl MakeOpenclBackend "OpenCL device (not built: no OpenCL/CLBlast)")
endif()
