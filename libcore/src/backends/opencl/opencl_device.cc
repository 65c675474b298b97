// OpenDevice: context and queue creation, and the per-device cache of compiled kernels.
#include "opencl_device.h"

#include <fmt/format.h>

#include "OpenclKernels.h"
#include "lapack_ai/error.h"

namespace lapack_ai::opencl {

std::string_view KernelSource(std::string_view name) {
  const std::string file = fmt::format("{}.cl", name);
  for (const embedded::EmbeddedFile& f : embedded::OpenclKernels()) {
    if (f.name == file) return f.contents;
  }
  throw BackendError(fmt::format("no embedded OpenCL kernel file kernels/{}", file));
}

OpenDevice::OpenDevice(DeviceInfo info) : info_(std::move(info)) {
  cl_int status = CL_SUCCESS;
  const cl_context_properties props[] = {
      CL_CONTEXT_PLATFORM, reinterpret_cast<cl_context_properties>(info_.platform), 0};
  context_.reset(clCreateContext(props, 1, &info_.device, nullptr, nullptr, &status));
  CL_CHECK(status);
  // OpenCL 1.2 entry point: it is what every driver we target (PoCL, NVIDIA) still accepts.
  queue_.reset(clCreateCommandQueue(context_.get(), info_.device, 0, &status));
  CL_CHECK(status);
  raw_queue_ = queue_.get();
}

cl_kernel OpenDevice::Kernel(std::string_view file, const std::string& options,
                             const char* kernel) {
  const std::string key = fmt::format("{}|{}|{}", file, options, kernel);
  if (auto it = kernels_.find(key); it != kernels_.end()) return it->second.get();
  auto pkey = std::make_pair(std::string(file), options);
  auto pit = programs_.find(pkey);
  if (pit == programs_.end()) {
    pit = programs_
              .emplace(pkey, BuildProgram(context(), info_.device, std::string(KernelSource(file)),
                                          options))
              .first;
  }
  return kernels_.emplace(key, MakeKernel(pit->second.get(), kernel)).first->second.get();
}

void OpenDevice::Finish() { CL_CHECK(clFinish(queue_.get())); }

void Launch1D(cl_command_queue q, cl_kernel k, std::size_t global, std::size_t local) {
  if (global == 0) return;
  if (local > 0) global = (global + local - 1) / local * local;
  CL_CHECK(clEnqueueNDRangeKernel(q, k, 1, nullptr, &global, local > 0 ? &local : nullptr, 0,
                                  nullptr, nullptr));
}

}  // namespace lapack_ai::opencl
