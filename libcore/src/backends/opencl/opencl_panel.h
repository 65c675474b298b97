// Helpers of the hybrid factorizations (opencl_hybrid.cc, opencl_hybrid_qr.cc): reading a
// device sub-matrix into a host panel without blocking the host.
#pragma once
#include <cstddef>

#include "opencl_device.h"
#include "opencl_wrappers.h"

namespace lapack_ai::opencl {

// A non-blocking read whose completion the host waits for later.
class PendingRead {
 public:
  ~PendingRead() {
    if (event_ != nullptr) clReleaseEvent(event_);
  }
  cl_event* slot() { return &event_; }
  void Wait() {
    if (event_ == nullptr) return;
    CL_CHECK(clWaitForEvents(1, &event_));
    clReleaseEvent(event_);
    event_ = nullptr;
  }

 private:
  cl_event event_ = nullptr;
};

template <typename T>
inline void ReadAsync(OpenDevice& dev, cl_mem buf, std::size_t offset, std::size_t ld, T* host,
               std::size_t rows, std::size_t cols, PendingRead& pending) {
  const std::size_t origin[3] = {(offset % ld) * sizeof(T), offset / ld, 0};
  const std::size_t host_origin[3] = {0, 0, 0};
  const std::size_t region[3] = {rows * sizeof(T), cols, 1};
  CL_CHECK(clEnqueueReadBufferRect(dev.queue(), buf, CL_FALSE, origin, host_origin, region,
                                   ld * sizeof(T), 0, rows * sizeof(T), 0, host, 0, nullptr,
                                   pending.slot()));
  CL_CHECK(clFlush(dev.queue()));
}

}  // namespace lapack_ai::opencl
