// Device and DeviceBuffer: the primary context, stream, cuBLAS/cuSOLVER handles and our
// embedded kernel modules of one CUDA device (see cuda_device.h).
#include "cuda_device.h"

#include <cstdio>
#include <utility>

#include <fmt/format.h>

#include "CudaKernels.h"
#include "lapack_ai/error.h"

namespace lapack_ai::cuda {
namespace {

// Destructors log, never throw.
void LogIfFailed(CUresult r, const char* what) {
  if (r != CUDA_SUCCESS) std::fprintf(stderr, "lapack-ai: %s failed: %s\n", what, CuStatusText(r).c_str());
}

}  // namespace

DeviceBuffer& DeviceBuffer::operator=(DeviceBuffer&& o) noexcept {
  if (this != &o) {
    if (ptr_ != 0 && api_ != nullptr) LogIfFailed(api_->cuMemFree_v2(ptr_), "cuMemFree");
    api_ = std::exchange(o.api_, nullptr);
    ptr_ = std::exchange(o.ptr_, 0);
    bytes_ = std::exchange(o.bytes_, 0);
  }
  return *this;
}

DeviceBuffer::~DeviceBuffer() {
  if (ptr_ != 0 && api_ != nullptr) LogIfFailed(api_->cuMemFree_v2(ptr_), "cuMemFree");
  ptr_ = 0;
}

Device::Device(const Api& api, int index) : api_(api) {
  int count = 0;
  LAPACK_AI_CU(api_.cuDeviceGetCount(&count));
  if (index < 0 || index >= count) {
    throw BackendError(fmt::format("CUDA device {} does not exist ({} device{} found)", index,
                                   count, count == 1 ? "" : "s"));
  }
  LAPACK_AI_CU(api_.cuDeviceGet(&device_, index));
  LAPACK_AI_CU(api_.cuDevicePrimaryCtxRetain(&ctx_, device_));
  try {
    MakeCurrent();
    LAPACK_AI_CU(api_.cuStreamCreate(&stream_, CU_STREAM_NON_BLOCKING));
    LAPACK_AI_CUBLAS(api_.cublasCreate_v2(&blas_));
    LAPACK_AI_CUBLAS(api_.cublasSetStream_v2(blas_, stream_));
    LAPACK_AI_CUSOLVER(api_.cusolverDnCreate(&solver_));
    LAPACK_AI_CUSOLVER(api_.cusolverDnSetStream(solver_, stream_));
    facts_.index = index;
    char name[256] = {};
    LAPACK_AI_CU(api_.cuDeviceGetName(name, sizeof(name) - 1, device_));
    facts_.name = name;
    LAPACK_AI_CU(api_.cuDeviceTotalMem_v2(&facts_.total_memory, device_));
    LAPACK_AI_CU(api_.cuDriverGetVersion(&facts_.driver_version));
    const std::pair<int*, CUdevice_attribute> attrs[] = {
        {&facts_.cc_major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR},
        {&facts_.cc_minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR},
        {&facts_.sm_count, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT},
        {&facts_.clock_khz, CU_DEVICE_ATTRIBUTE_CLOCK_RATE},
        {&facts_.memory_clock_khz, CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE},
        {&facts_.memory_bus_bits, CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH}};
    // Clock attributes are informational (a future driver may drop them): 0 when refused.
    for (const auto& [out, attr] : attrs) {
      if (api_.cuDeviceGetAttribute(out, attr, device_) != CUDA_SUCCESS) *out = 0;
    }
  } catch (...) {
    Release();
    throw;
  }
}

Device::~Device() { Release(); }

void Device::Release() {
  if (ctx_ == nullptr) return;
  LogIfFailed(api_.cuCtxSetCurrent(ctx_), "cuCtxSetCurrent");
  if (solver_ != nullptr) api_.cusolverDnDestroy(solver_);
  if (blas_ != nullptr) api_.cublasDestroy_v2(blas_);
  for (auto& [file, module] : modules_) LogIfFailed(api_.cuModuleUnload(module), "cuModuleUnload");
  if (stream_ != nullptr) LogIfFailed(api_.cuStreamDestroy_v2(stream_), "cuStreamDestroy");
  LogIfFailed(api_.cuDevicePrimaryCtxRelease_v2(device_), "cuDevicePrimaryCtxRelease");
  solver_ = nullptr;
  blas_ = nullptr;
  stream_ = nullptr;
  modules_.clear();
  ctx_ = nullptr;
}

void Device::MakeCurrent() { LAPACK_AI_CU(api_.cuCtxSetCurrent(ctx_)); }

std::size_t Device::FreeMemory() {
  MakeCurrent();
  std::size_t free = 0, total = 0;
  LAPACK_AI_CU(api_.cuMemGetInfo_v2(&free, &total));
  return free;
}

DeviceBuffer Device::Alloc(std::size_t bytes) {
  if (bytes == 0) return {};
  CUdeviceptr p = 0;
  const CUresult r = api_.cuMemAlloc_v2(&p, bytes);
  if (r != CUDA_SUCCESS) {
    throw BackendError(fmt::format("cuMemAlloc of {} bytes failed: {}", bytes, CuStatusText(r)));
  }
  return DeviceBuffer(&api_, p, bytes);
}

CUfunction Device::Kernel(std::string_view file, const char* name) {
  auto it = modules_.find(file);
  if (it == modules_.end()) {
    // kernels/x.cu is embedded as its fatbin x.fatbin (cuda.cmake).
    std::string fatbin(file.substr(0, file.rfind('.')));
    fatbin += ".fatbin";
    const embedded::EmbeddedFile* found = nullptr;
    for (const embedded::EmbeddedFile& f : embedded::CudaKernels()) {
      if (f.name == fatbin) found = &f;
    }
    if (found == nullptr) throw BackendError(fmt::format("no embedded CUDA module {}", fatbin));
    MakeCurrent();
    CUmodule module = nullptr;
    LAPACK_AI_CU(api_.cuModuleLoadData(&module, found->contents.data()));
    it = modules_.emplace(std::string(file), module).first;
  }
  CUfunction f = nullptr;
  const CUresult r = api_.cuModuleGetFunction(&f, it->second, name);
  if (r != CUDA_SUCCESS) {
    throw BackendError(fmt::format("cuModuleGetFunction({}, {}): {}", file, name, CuStatusText(r)));
  }
  return f;
}

void Device::Launch(CUfunction f, unsigned gx, unsigned gy, unsigned gz, unsigned bx,
                    unsigned by, unsigned bz, void** args, unsigned shared_bytes) {
  if (gx == 0 || gy == 0 || gz == 0) return;  // empty grid: nothing to do (and launch rejects it)
  LAPACK_AI_CU(api_.cuLaunchKernel(f, gx, gy, gz, bx, by, bz, shared_bytes, stream_, args, nullptr));
}

void Device::Synchronize() { LAPACK_AI_CU(api_.cuStreamSynchronize(stream_)); }

}  // namespace lapack_ai::cuda
