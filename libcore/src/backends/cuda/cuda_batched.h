// Batched gemm of tiny square matrices (n = 4, 8, 16) by kernels/cuda_batched_small.cu: one
// launch, memory-bound, every global access a coalesced 16-byte vector when the operands allow.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "lapack_ai/backend.h"
#include "lapack_ai/calls.h"

namespace lapack_ai::cuda {

class Device;
struct CudaOptions;

/// A bound call for a square 4/8/16 batched gemm our kernel handles; nullptr otherwise (or
/// when opts.cublas asks for cuBLAS).
std::unique_ptr<BoundCall> BindBatchedSmall(Device& dev, const CudaOptions& opts, Call& call);

/// The fields of a GemmBatchedCall that decide the launch.
struct BatchedShape {
  Trans transa = Trans::kNoTrans, transb = Trans::kNoTrans;
  int64_t m = 0, n = 0, k = 0, lda = 1, ldb = 1, ldc = 1;
  int64_t stride_a = 0, stride_b = 0, stride_c = 0, batch = 0;
  std::size_t elem = 4;  ///< sizeof(T)
};

/// One launch of kernels/cuda_batched_small.cu (blockDim 128: 32, 8 or 4 matrices a block for n = 4, 8, 16).
struct SmallLaunch {
  std::string kernel;  ///< e.g. "batched_small_s4_nn"
  bool vec = false;    ///< every ld and stride a multiple of 16 bytes of elements
  unsigned grid_x = 0;  ///< 0 for an empty batch (nothing to launch)
};

/// The launch for `s`, or nullopt when our kernels do not handle it: not square 4/8/16, an ld
/// below n, or C matrices that overlap (left to cuBLAS).
std::optional<SmallLaunch> PlanBatchedSmall(const BatchedShape& s);

}  // namespace lapack_ai::cuda
