// Thin RAII wrappers over the OpenCL C API (context, queue, buffer, program, kernel) and the
// CL_CHECK macro that turns a failing call into a BackendError carrying the call's text.
// Only what the opencl backend uses; every handle is released exactly once.
#pragma once
#include <CL/cl.h>

#include <cstddef>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace lapack_ai::opencl {

/// Symbolic name of an OpenCL status code ("CL_OUT_OF_RESOURCES"), or the number.
std::string ErrorName(cl_int status);

/// Throws BackendError "<call> failed: <name> (<code>) at file:line" when status != CL_SUCCESS.
void Check(cl_int status, const char* call, const char* file, int line);

/// Throws BackendError when a CLBlast StatusCode (passed as int) is not kSuccess.
void CheckClblast(int status, const char* call, const char* file, int line);

}  // namespace lapack_ai::opencl

/// Checks an OpenCL call returning cl_int; the message keeps the text of the call.
#define CL_CHECK(call) ::lapack_ai::opencl::Check((call), #call, __FILE__, __LINE__)
/// Checks a CLBlast call returning clblast::StatusCode.
#define CLBLAST_CHECK(call) \
  ::lapack_ai::opencl::CheckClblast(static_cast<int>(call), #call, __FILE__, __LINE__)

namespace lapack_ai::opencl {

namespace internal {
/// Logs a failed clRelease* to stderr (destructors log, never throw).
void LogReleaseFailure(cl_int status) noexcept;

template <typename H, cl_int (*Release)(H)>
struct Releaser {
  void operator()(H h) const noexcept {
    if (h == nullptr) return;
    if (const cl_int s = Release(h); s != CL_SUCCESS) LogReleaseFailure(s);
  }
};
template <typename H, cl_int (*Release)(H)>
using Handle = std::unique_ptr<std::remove_pointer_t<H>, Releaser<H, Release>>;
}  // namespace internal

using ContextHandle = internal::Handle<cl_context, clReleaseContext>;
using QueueHandle = internal::Handle<cl_command_queue, clReleaseCommandQueue>;
using MemHandle = internal::Handle<cl_mem, clReleaseMemObject>;
using ProgramHandle = internal::Handle<cl_program, clReleaseProgram>;
using KernelHandle = internal::Handle<cl_kernel, clReleaseKernel>;

/// A device buffer of `bytes` bytes (read-write). Move-only; released on destruction.
class Buffer {
 public:
  Buffer() = default;
  /// Allocates on `context`; throws BackendError (with the call text) on failure.
  Buffer(cl_context context, std::size_t bytes);
  cl_mem get() const { return mem_.get(); }
  std::size_t bytes() const { return bytes_; }
  /// Copy host -> device of `bytes` at byte `offset`, blocking unless `blocking` is false (then
  /// `host` must stay unchanged until a later wait on the in-order queue covers the copy).
  void Write(cl_command_queue q, const void* host, std::size_t bytes, std::size_t offset = 0,
             bool blocking = true);
  /// Blocking copy device -> host.
  void Read(cl_command_queue q, void* host, std::size_t bytes, std::size_t offset = 0) const;

 private:
  MemHandle mem_;
  std::size_t bytes_ = 0;
};

/// Page-locked host memory: a CL_MEM_ALLOC_HOST_PTR buffer mapped for the object's lifetime.
/// Drivers DMA straight from it (NVIDIA's OpenCL stages pageable memory through a bounce
/// buffer, at about half the speed), so host panels of the hybrid factorizations live here.
class PinnedHost {
 public:
  PinnedHost() = default;
  PinnedHost(cl_context context, cl_command_queue queue, std::size_t bytes);
  ~PinnedHost();
  PinnedHost(PinnedHost&& other) noexcept;
  PinnedHost& operator=(PinnedHost&& other) noexcept;
  void* data() const { return ptr_; }

 private:
  void Release() noexcept;
  MemHandle mem_;
  cl_command_queue queue_ = nullptr;
  void* ptr_ = nullptr;
};

/// A program built from source for one device. Build failures throw BackendError with the
/// compiler log.
ProgramHandle BuildProgram(cl_context context, cl_device_id device, const std::string& source,
                           const std::string& options);

/// Creates kernel `name` from `program`.
KernelHandle MakeKernel(cl_program program, const char* name);

/// Sets kernel argument `index` to a trivially copyable value.
template <typename T>
void SetArg(cl_kernel k, cl_uint index, const T& value) {
  static_assert(std::is_trivially_copyable_v<T>);
  CL_CHECK(clSetKernelArg(k, index, sizeof(T), &value));
}

/// Copies a column-major sub-matrix (rows x cols, element size `elem`) between host and device
/// with clEnqueue{Read,Write}BufferRect. Offsets and leading dimensions are in elements. A
/// non-blocking write leaves `host` owned by the queue until a later wait covers the copy.
void ReadMatrix(cl_command_queue q, cl_mem buf, std::size_t elem, std::size_t dev_offset,
                std::size_t dev_ld, void* host, std::size_t host_ld, std::size_t rows,
                std::size_t cols);
void WriteMatrix(cl_command_queue q, cl_mem buf, std::size_t elem, std::size_t dev_offset,
                 std::size_t dev_ld, const void* host, std::size_t host_ld, std::size_t rows,
                 std::size_t cols, bool blocking = true);

}  // namespace lapack_ai::opencl
