// One opened OpenCL device: its context, an in-order queue, and a cache of our own kernels
// (kernels/*.cl, embedded at build time) compiled once per device and build options.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "opencl_block_sizes.h"
#include "opencl_devices.h"
#include "opencl_gemm_tile.h"
#include "opencl_wrappers.h"

namespace lapack_ai::opencl {

/// Source text of kernels/<name>.cl, embedded at build time; throws BackendError if unknown.
std::string_view KernelSource(std::string_view name);

/// Context + queue on one device. Not thread-safe (the backend runs one call at a time).
class OpenDevice {
 public:
  /// Creates the context and queue; throws BackendError with the failing call's text.
  explicit OpenDevice(DeviceInfo info);
  const DeviceInfo& info() const { return info_; }
  cl_context context() const { return context_.get(); }
  cl_command_queue queue() const { return queue_.get(); }
  /// The queue as CLBlast wants it (a pointer it may not retain beyond the call).
  cl_command_queue* queue_ptr() { return &raw_queue_; }
  /// Kernel `kernel` of kernels/<file>.cl built with `options`; compiled on first use only, so
  /// callers that warm up once keep compilation out of timed regions.
  cl_kernel Kernel(std::string_view file, const std::string& options, const char* kernel);
  /// The build options that make our kernels' element type T (float or double, fp64 enabled).
  template <typename T>
  static const char* TypeOptions() {
    return sizeof(T) == 4 ? "-DT=float" : "-DT=double -DLAPACK_AI_FP64";
  }
  /// The tile of our GEMM kernel for elements of `bytes` bytes (disabled: CLBlast for all GEMMs).
  const GemmTile& gemm_tile(std::size_t bytes) const { return gemm_tile_[bytes == 4 ? 0 : 1]; }
  void set_gemm_tile(std::size_t bytes, const GemmTile& t) { gemm_tile_[bytes == 4 ? 0 : 1] = t; }
  /// The hybrid factorizations' block sizes `tune` stored for the device (empty: defaults).
  const TunedBlocks& tuned_blocks() const { return tuned_blocks_; }
  void set_tuned_blocks(TunedBlocks b) { tuned_blocks_ = std::move(b); }
  /// Blocks until the queue is empty.
  void Finish();

 private:
  DeviceInfo info_;
  ContextHandle context_;
  QueueHandle queue_;
  cl_command_queue raw_queue_ = nullptr;
  std::map<std::pair<std::string, std::string>, ProgramHandle> programs_;
  std::map<std::string, KernelHandle> kernels_;
  GemmTile gemm_tile_[2] = {GemmTile::Default(4), GemmTile::Default(8)};
  TunedBlocks tuned_blocks_;
};

/// Launches `k` over a 1-D range of `global` work-items (rounded up to `local` when local > 0).
void Launch1D(cl_command_queue q, cl_kernel k, std::size_t global, std::size_t local = 0);

}  // namespace lapack_ai::opencl
