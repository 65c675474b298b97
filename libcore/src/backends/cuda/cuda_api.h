// The CUDA driver, cuBLAS and cuSOLVER entry points, loaded at run time with dlopen so the same
// binary runs where CUDA is absent. The headers give only types and signatures; nothing links
// libcuda, libcudart, libcublas or libcusolver.
#pragma once
#include <cublas_v2.h>
#include <cuda.h>
#include <cusolverDn.h>

#include <map>
#include <string>
#include <vector>

// Members carry the exported symbol names (cuMemAlloc_v2, cublasSgemm_v2): the headers' macros
// rename cuMemAlloc -> cuMemAlloc_v2, so `api.cuMemAlloc(...)` and `api.cuMemAlloc_v2(...)` both
// reach the same pointer.
#define LAPACK_AI_CUDA_DRIVER_FUNCTIONS(X)                                                     \
  X(cuInit) X(cuDriverGetVersion) X(cuDeviceGetCount) X(cuDeviceGet) X(cuDeviceGetName)        \
  X(cuDeviceTotalMem_v2) X(cuDeviceGetAttribute) X(cuDevicePrimaryCtxRetain)                   \
  X(cuDevicePrimaryCtxRelease_v2) X(cuCtxSetCurrent) X(cuCtxGetCurrent) X(cuMemGetInfo_v2)     \
  X(cuMemAlloc_v2) X(cuMemFree_v2) X(cuMemcpyHtoD_v2) X(cuMemcpyDtoH_v2)                       \
  X(cuMemcpyHtoDAsync_v2) X(cuMemcpyDtoHAsync_v2) X(cuMemcpyDtoDAsync_v2) X(cuMemsetD8Async)   \
  X(cuStreamCreate) X(cuStreamDestroy_v2) X(cuStreamSynchronize) X(cuStreamWaitEvent) X(cuEventCreate)              \
  X(cuEventDestroy_v2) X(cuEventRecord) X(cuEventSynchronize) X(cuEventElapsedTime_v2)         \
  X(cuModuleLoadData)                                                                          \
  X(cuModuleUnload) X(cuModuleGetFunction) X(cuLaunchKernel) X(cuGetErrorName)                 \
  X(cuGetErrorString)

#define LAPACK_AI_CUBLAS_FUNCTIONS(X)                                                           \
  X(cublasCreate_v2) X(cublasDestroy_v2) X(cublasSetStream_v2) X(cublasSetMathMode)            \
  X(cublasGetProperty) X(cublasGetStatusName) X(cublasGetStatusString) X(cublasSgemm_v2)       \
  X(cublasDgemm_v2) X(cublasSgemmStridedBatched) X(cublasDgemmStridedBatched) X(cublasStrsm_v2) \
  X(cublasDtrsm_v2) X(cublasIsamin_v2) X(cublasIdamin_v2) X(cublasIsamax_v2)            \
  X(cublasIdamax_v2) X(cublasSgeam) X(cublasDgeam) X(cublasSscal_v2) X(cublasDscal_v2)

#define LAPACK_AI_CUSOLVER_FUNCTIONS(X)                                                       \
  X(cusolverGetProperty) X(cusolverDnCreate) X(cusolverDnDestroy) X(cusolverDnSetStream)     \
  X(cusolverDnSgetrf_bufferSize) X(cusolverDnDgetrf_bufferSize) X(cusolverDnSgetrf)          \
  X(cusolverDnDgetrf) X(cusolverDnSgetrs) X(cusolverDnDgetrs) X(cusolverDnSpotrf_bufferSize) \
  X(cusolverDnDpotrf_bufferSize) X(cusolverDnSpotrf) X(cusolverDnDpotrf) X(cusolverDnSpotrs) \
  X(cusolverDnDpotrs) X(cusolverDnSgeqrf_bufferSize) X(cusolverDnDgeqrf_bufferSize)          \
  X(cusolverDnSgeqrf) X(cusolverDnDgeqrf) X(cusolverDnSormqr_bufferSize)                     \
  X(cusolverDnDormqr_bufferSize) X(cusolverDnSormqr) X(cusolverDnDormqr)                     \
  X(cusolverDnSgesvd_bufferSize) X(cusolverDnDgesvd_bufferSize) X(cusolverDnSgesvd)          \
  X(cusolverDnDgesvd) X(cusolverDnSsyevd_bufferSize) X(cusolverDnDsyevd_bufferSize)          \
  X(cusolverDnSsyevd) X(cusolverDnDsyevd)

namespace lapack_ai::cuda {

/// Every CUDA entry point the backend uses; all non-null once LoadApi succeeded.
struct Api {
#define LAPACK_AI_CUDA_MEMBER(fn) decltype(&::fn) fn = nullptr;
  LAPACK_AI_CUDA_DRIVER_FUNCTIONS(LAPACK_AI_CUDA_MEMBER)
  LAPACK_AI_CUBLAS_FUNCTIONS(LAPACK_AI_CUDA_MEMBER)
  LAPACK_AI_CUSOLVER_FUNCTIONS(LAPACK_AI_CUDA_MEMBER)
#undef LAPACK_AI_CUDA_MEMBER
  /// Library role ("cuda driver", "cublas", "cusolver") -> the file loaded (dladdr).
  std::map<std::string, std::string> files;
};

/// Loads libcuda.so.1, libcublas.so.13|.12 and libcusolver.so.12|.11 once (thread-safe) and
/// calls cuInit(0). Returns nullptr with `*why` set (e.g. "libcublas.so.13 not found (looked in:
/// ...)", "cuInit: CUDA_ERROR_NO_DEVICE ...") when any part is missing; the result is cached.
const Api* LoadApi(std::string* why);

/// "CUDA_ERROR_OUT_OF_MEMORY (out of memory)" etc.; works without a loaded driver (numeric).
std::string CuStatusText(CUresult r);
/// "CUBLAS_STATUS_NOT_SUPPORTED" etc. (own table, no library needed).
std::string CublasStatusText(cublasStatus_t s);
/// "CUSOLVER_STATUS_INVALID_VALUE" etc. (own table, no library needed).
std::string CusolverStatusText(cusolverStatus_t s);

[[noreturn]] void ThrowCuda(const std::string& status, const char* call, const char* file,
                            int line);

/// The folders searched for the CUDA libraries after the plain soname, in order.
std::vector<std::string> CudaLibraryDirs();

/// The first of `sonames` that loads, by name then from each of `dirs` (with `deps` found beside
/// it, or in sibling wheel folders, loaded first so it resolves them); nullptr and `*why` ("X not
/// found (looked in: ...)" or why it failed to load) when none does. Loaded RTLD_GLOBAL.
void* OpenCudaLibrary(const std::vector<std::string>& sonames, const std::vector<std::string>& deps,
                      const std::vector<std::string>& dirs, std::string* why);
/// `symbol` from `lib`; nullptr and `*why` when it is missing.
void* FindSymbol(void* lib, const char* symbol, std::string* why);
/// The file the library holding `symbol` was loaded from ("?" when unknown).
std::string LibraryFileOf(const void* symbol);

}  // namespace lapack_ai::cuda

/// Throws BackendError naming the call and the status when a driver call fails.
#define LAPACK_AI_CU(call)                                                                \
  do {                                                                                    \
    const CUresult lapack_ai_cu_r = (call);                                               \
    if (lapack_ai_cu_r != CUDA_SUCCESS)                                                   \
      ::lapack_ai::cuda::ThrowCuda(::lapack_ai::cuda::CuStatusText(lapack_ai_cu_r), #call, \
                                   __FILE__, __LINE__);                                   \
  } while (0)
/// Same for a cuBLAS call.
#define LAPACK_AI_CUBLAS(call)                                                           \
  do {                                                                                   \
    const cublasStatus_t lapack_ai_cb_s = (call);                                        \
    if (lapack_ai_cb_s != CUBLAS_STATUS_SUCCESS)                                         \
      ::lapack_ai::cuda::ThrowCuda(::lapack_ai::cuda::CublasStatusText(lapack_ai_cb_s),  \
                                   #call, __FILE__, __LINE__);                           \
  } while (0)
/// Same for a cuSOLVER call.
#define LAPACK_AI_CUSOLVER(call)                                                           \
  do {                                                                                     \
    const cusolverStatus_t lapack_ai_cs_s = (call);                                        \
    if (lapack_ai_cs_s != CUSOLVER_STATUS_SUCCESS)                                         \
      ::lapack_ai::cuda::ThrowCuda(::lapack_ai::cuda::CusolverStatusText(lapack_ai_cs_s),  \
                                   #call, __FILE__, __LINE__);                             \
  } while (0)
