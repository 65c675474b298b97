// One CUDA device opened for the backend: its primary context, a stream, the cuBLAS and
// cuSOLVER handles bound to that stream, device buffers, and our kernels from the embedded
// fatbins (kernels/*.cu), each module loaded once.
#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "cuda_api.h"

namespace lapack_ai::cuda {

/// Owns one cuMemAlloc'd range; movable, not copyable. Freed in the destructor (errors logged).
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  DeviceBuffer(const Api* api, CUdeviceptr ptr, std::size_t bytes) : api_(api), ptr_(ptr), bytes_(bytes) {}
  DeviceBuffer(DeviceBuffer&& o) noexcept { *this = std::move(o); }
  DeviceBuffer& operator=(DeviceBuffer&& o) noexcept;
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  ~DeviceBuffer();
  CUdeviceptr get() const { return ptr_; }
  std::size_t bytes() const { return bytes_; }

 private:
  const Api* api_ = nullptr;
  CUdeviceptr ptr_ = 0;
  std::size_t bytes_ = 0;
};

/// Static facts about a device, read once when it is opened (what `devices` shows).
struct DeviceFacts {
  int index = 0;
  std::string name;
  int cc_major = 0, cc_minor = 0;
  int sm_count = 0;
  int clock_khz = 0, memory_clock_khz = 0, memory_bus_bits = 0;
  std::size_t total_memory = 0;
  int driver_version = 0;  ///< cuDriverGetVersion, e.g. 13000
};

/// An opened device. Not thread-safe (one call at a time, like Backend).
class Device {
 public:
  /// Retains device `index`'s primary context and creates the stream and handles. Throws
  /// BackendError (with the failing call) when any step fails.
  Device(const Api& api, int index);
  ~Device();
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;

  const Api& api() const { return api_; }
  /// Makes the primary context current on the calling thread (cheap; done before every call).
  void MakeCurrent();
  CUstream stream() const { return stream_; }
  cublasHandle_t blas() const { return blas_; }
  cusolverDnHandle_t solver() const { return solver_; }
  /// A fresh allocation of `bytes` (0 gives an empty buffer). Throws BackendError on failure.
  DeviceBuffer Alloc(std::size_t bytes);
  /// `name` from the module built from the embedded fatbin `file` ("cuda_lincomb.cu").
  CUfunction Kernel(std::string_view file, const char* name);
  /// Launches `f` on stream() with the given grid/block and kernel arguments.
  void Launch(CUfunction f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by,
              unsigned bz, void** args, unsigned shared_bytes = 0);
  /// Waits for everything queued on stream().
  void Synchronize();
  std::size_t total_memory() const { return facts_.total_memory; }
  /// Free memory on the device now (cuMemGetInfo).
  std::size_t FreeMemory();
  const DeviceFacts& facts() const { return facts_; }

 private:
  void Release();  // frees what the constructor acquired; idempotent
  const Api& api_;
  CUdevice device_ = 0;
  CUcontext ctx_ = nullptr;
  CUstream stream_ = nullptr;
  cublasHandle_t blas_ = nullptr;
  cusolverDnHandle_t solver_ = nullptr;
  std::map<std::string, CUmodule, std::less<>> modules_;
  DeviceFacts facts_;
};

}  // namespace lapack_ai::cuda
