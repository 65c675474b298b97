// OpenCL error names, the check functions behind CL_CHECK / CLBLAST_CHECK, and the buffer,
// program and rectangular-copy helpers of opencl_wrappers.h.
#include "opencl_wrappers.h"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>

#include "lapack_ai/error.h"

namespace lapack_ai::opencl {

std::string ErrorName(cl_int status) {
  static constexpr std::array<std::pair<cl_int, const char*>, 22> kNames{{
      {CL_DEVICE_NOT_FOUND, "CL_DEVICE_NOT_FOUND"},
      {CL_DEVICE_NOT_AVAILABLE, "CL_DEVICE_NOT_AVAILABLE"},
      {CL_COMPILER_NOT_AVAILABLE, "CL_COMPILER_NOT_AVAILABLE"},
      {CL_MEM_OBJECT_ALLOCATION_FAILURE, "CL_MEM_OBJECT_ALLOCATION_FAILURE"},
      {CL_OUT_OF_RESOURCES, "CL_OUT_OF_RESOURCES"},
      {CL_OUT_OF_HOST_MEMORY, "CL_OUT_OF_HOST_MEMORY"},
      {CL_BUILD_PROGRAM_FAILURE, "CL_BUILD_PROGRAM_FAILURE"},
      {CL_MISALIGNED_SUB_BUFFER_OFFSET, "CL_MISALIGNED_SUB_BUFFER_OFFSET"},
      {CL_INVALID_VALUE, "CL_INVALID_VALUE"},
      {CL_INVALID_PLATFORM, "CL_INVALID_PLATFORM"},
      {CL_INVALID_DEVICE, "CL_INVALID_DEVICE"},
      {CL_INVALID_CONTEXT, "CL_INVALID_CONTEXT"},
      {CL_INVALID_COMMAND_QUEUE, "CL_INVALID_COMMAND_QUEUE"},
      {CL_INVALID_MEM_OBJECT, "CL_INVALID_MEM_OBJECT"},
      {CL_INVALID_BUILD_OPTIONS, "CL_INVALID_BUILD_OPTIONS"},
      {CL_INVALID_KERNEL_NAME, "CL_INVALID_KERNEL_NAME"},
      {CL_INVALID_ARG_INDEX, "CL_INVALID_ARG_INDEX"},
      {CL_INVALID_ARG_SIZE, "CL_INVALID_ARG_SIZE"},
      {CL_INVALID_WORK_GROUP_SIZE, "CL_INVALID_WORK_GROUP_SIZE"},
      {CL_INVALID_GLOBAL_WORK_SIZE, "CL_INVALID_GLOBAL_WORK_SIZE"},
      {CL_INVALID_BUFFER_SIZE, "CL_INVALID_BUFFER_SIZE"},
      {-1001, "CL_PLATFORM_NOT_FOUND_KHR (no OpenCL platform/ICD installed)"},
  }};
  for (const auto& [code, name] : kNames) {
    if (code == status) return name;
  }
  return fmt::format("OpenCL error {}", status);
}

void Check(cl_int status, const char* call, const char* file, int line) {
  if (status == CL_SUCCESS) return;
  throw BackendError(
      fmt::format("{} failed: {} ({}) at {}:{}", call, ErrorName(status), status, file, line));
}

void CheckClblast(int status, const char* call, const char* file, int line) {
  if (status == 0) return;
  // CLBlast returns OpenCL codes as they are and its own codes from -1024 down (clblast.h).
  const std::string what = status > -1000 ? ErrorName(status) : fmt::format("CLBlast status {}", status);
  throw BackendError(fmt::format("{} failed: {} at {}:{}", call, what, file, line));
}

namespace internal {
void LogReleaseFailure(cl_int status) noexcept {
  try {
    fmt::print(stderr, "lapack-ai: warning: OpenCL release failed: {}\n", ErrorName(status));
  } catch (...) {
  }
}
}  // namespace internal

Buffer::Buffer(cl_context context, std::size_t bytes) : bytes_(bytes) {
  cl_int status = CL_SUCCESS;
  // A zero-sized buffer is invalid in OpenCL; empty operands still get a valid handle.
  cl_mem m = clCreateBuffer(context, CL_MEM_READ_WRITE, bytes == 0 ? 16 : bytes, nullptr, &status);
  CL_CHECK(status);
  mem_.reset(m);
}

void Buffer::Write(cl_command_queue q, const void* host, std::size_t bytes, std::size_t offset,
                   bool blocking) {
  if (bytes == 0) return;
  CL_CHECK(clEnqueueWriteBuffer(q, mem_.get(), blocking ? CL_TRUE : CL_FALSE, offset, bytes, host, 0,
                                nullptr, nullptr));
}

void Buffer::Read(cl_command_queue q, void* host, std::size_t bytes, std::size_t offset) const {
  if (bytes == 0) return;
  CL_CHECK(clEnqueueReadBuffer(q, mem_.get(), CL_TRUE, offset, bytes, host, 0, nullptr, nullptr));
}

ProgramHandle BuildProgram(cl_context context, cl_device_id device, const std::string& source,
                           const std::string& options) {
  cl_int status = CL_SUCCESS;
  const char* text = source.c_str();
  const std::size_t length = source.size();
  ProgramHandle program(clCreateProgramWithSource(context, 1, &text, &length, &status));
  CL_CHECK(status);
  status = clBuildProgram(program.get(), 1, &device, options.c_str(), nullptr, nullptr);
  if (status != CL_SUCCESS) {
    std::size_t log_size = 0;
    clGetProgramBuildInfo(program.get(), device, CL_PROGRAM_BUILD_LOG, 0, nullptr, &log_size);
    std::string log(log_size, '\0');
    clGetProgramBuildInfo(program.get(), device, CL_PROGRAM_BUILD_LOG, log_size, log.data(), nullptr);
    throw BackendError(fmt::format("clBuildProgram(\"{}\") failed: {}\n{}", options,
                                   ErrorName(status), log));
  }
  return program;
}

PinnedHost::PinnedHost(cl_context context, cl_command_queue queue, std::size_t bytes)
    : queue_(queue) {
  cl_int status = CL_SUCCESS;
  const std::size_t size = std::max<std::size_t>(bytes, 1);
  mem_.reset(clCreateBuffer(context, CL_MEM_READ_WRITE | CL_MEM_ALLOC_HOST_PTR, size, nullptr,
                            &status));
  Check(status, fmt::format("clCreateBuffer(CL_MEM_ALLOC_HOST_PTR, {} bytes)", size).c_str(),
        __FILE__, __LINE__);
  ptr_ = clEnqueueMapBuffer(queue, mem_.get(), CL_TRUE, CL_MAP_READ | CL_MAP_WRITE, 0, size, 0,
                            nullptr, nullptr, &status);
  Check(status, "clEnqueueMapBuffer(pinned host buffer)", __FILE__, __LINE__);
}

PinnedHost::~PinnedHost() { Release(); }

PinnedHost::PinnedHost(PinnedHost&& other) noexcept { *this = std::move(other); }

PinnedHost& PinnedHost::operator=(PinnedHost&& other) noexcept {
  if (this != &other) {
    Release();
    mem_ = std::move(other.mem_);
    queue_ = std::exchange(other.queue_, nullptr);
    ptr_ = std::exchange(other.ptr_, nullptr);
  }
  return *this;
}

void PinnedHost::Release() noexcept {
  if (ptr_ == nullptr) return;
  // Destructors must not throw: an unmap failure only leaks the mapping until the buffer goes.
  cl_event done = nullptr;
  if (clEnqueueUnmapMemObject(queue_, mem_.get(), ptr_, 0, nullptr, &done) == CL_SUCCESS &&
      done != nullptr) {
    clWaitForEvents(1, &done);
    clReleaseEvent(done);
  }
  ptr_ = nullptr;
}

KernelHandle MakeKernel(cl_program program, const char* name) {
  cl_int status = CL_SUCCESS;
  KernelHandle k(clCreateKernel(program, name, &status));
  Check(status, fmt::format("clCreateKernel(program, \"{}\")", name).c_str(), __FILE__, __LINE__);
  return k;
}

void ReadMatrix(cl_command_queue q, cl_mem buf, std::size_t elem, std::size_t dev_offset,
                std::size_t dev_ld, void* host, std::size_t host_ld, std::size_t rows,
                std::size_t cols) {
  if (rows == 0 || cols == 0) return;
  const std::size_t buffer_origin[3] = {(dev_offset % dev_ld) * elem, dev_offset / dev_ld, 0};
  const std::size_t host_origin[3] = {0, 0, 0};
  const std::size_t region[3] = {rows * elem, cols, 1};
  CL_CHECK(clEnqueueReadBufferRect(q, buf, CL_TRUE, buffer_origin, host_origin, region,
                                   dev_ld * elem, 0, host_ld * elem, 0, host, 0, nullptr, nullptr));
}

void WriteMatrix(cl_command_queue q, cl_mem buf, std::size_t elem, std::size_t dev_offset,
                 std::size_t dev_ld, const void* host, std::size_t host_ld, std::size_t rows,
                 std::size_t cols, bool blocking) {
  if (rows == 0 || cols == 0) return;
  const std::size_t buffer_origin[3] = {(dev_offset % dev_ld) * elem, dev_offset / dev_ld, 0};
  const std::size_t host_origin[3] = {0, 0, 0};
  const std::size_t region[3] = {rows * elem, cols, 1};
  CL_CHECK(clEnqueueWriteBufferRect(q, buf, blocking ? CL_TRUE : CL_FALSE, buffer_origin, host_origin, region,
                                    dev_ld * elem, 0, host_ld * elem, 0, host, 0, nullptr,
                                    nullptr));
}

}  // namespace lapack_ai::opencl
