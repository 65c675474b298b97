// Our register-tiled GEMM (kernels/gemm_tiled.cl): its tile, when a GEMM takes it, and the
// launch. GemmWorkspace sends a GEMM here when the device's tile is set and the product is large
// enough to fill the tiles; everything else goes to CLBlast.
#pragma once
#include <cstdint>
#include <map>

#include "opencl_device.h"
#include "opencl_gemm_tile.h"

namespace lapack_ai::opencl {

/// Kernels of one tile, compiled on first use per (transposes, k fit, index width,
/// alignments).
class TiledGemm {
 public:
  /// Whether our kernel takes an m x n x k product: at least one full tile each way, so the
  /// panels' thin GEMMs stay with CLBlast's kernels for small shapes.
  static bool Takes(const GemmTile& tile, std::int64_t m, std::int64_t n, std::int64_t k);
  /// Enqueues C = alpha op(A) op(B) + beta C (column-major, offsets in elements) on `q`.
  template <typename T>
  void Enqueue(OpenDevice& dev, cl_command_queue q, const GemmTile& tile, bool ta, bool tb,
               std::int64_t m, std::int64_t n, std::int64_t k, T alpha, cl_mem a,
               std::int64_t a_off, std::int64_t lda, cl_mem b, std::int64_t b_off,
               std::int64_t ldb, T beta, cl_mem c, std::int64_t c_off, std::int64_t ldc);

 private:
  GemmTile tile_;                     // the tile kernels_ were built for
  std::map<int, cl_kernel> kernels_;  // owned by the device's kernel cache
};

}  // namespace lapack_ai::opencl
