// CLBlast GEMM with a workspace owned by the bound call. CLBlast's indirect GEMM copies A, B and
// C into padded or transposed temporaries; left to itself it creates them on every call, and on
// NVIDIA's driver a new buffer costs ~0.4 ms when a kernel first touches it (CLBlast issue #195),
// more than the GEMM of a panel update. The hybrid factorizations issue thousands of such GEMMs,
// so each bound call keeps one buffer, grown to the largest need (during the bind's warm-up run)
// and passed to every GEMM through CLBlast's temp_buffer argument. GEMMs large enough for the
// device's tile go to our kernel instead (opencl_gemm_tiled.h), which needs no temporaries.
#pragma once
#include <clblast.h>

#include <cstddef>

#include "opencl_device.h"
#include "opencl_gemm_tiled.h"
#include "opencl_wrappers.h"

namespace lapack_ai::opencl {

class GemmWorkspace {
 public:
  /// C = alpha op(A) op(B) + beta C, column-major, offsets and leading dimensions in elements.
  template <typename T>
  void Gemm(OpenDevice& dev, cl_command_queue* q, clblast::Transpose ta, clblast::Transpose tb,
            std::size_t m, std::size_t n, std::size_t k, T alpha, cl_mem a, std::size_t a_off,
            std::size_t lda, cl_mem b, std::size_t b_off, std::size_t ldb, T beta, cl_mem c,
            std::size_t c_off, std::size_t ldc) {
    if (m == 0 || n == 0) return;
    const GemmTile& tile = dev.gemm_tile(sizeof(T));
    if (TiledGemm::Takes(tile, m, n, k)) {
      using I = std::int64_t;
      tiled_.Enqueue<T>(dev, *q, tile, ta == clblast::Transpose::kYes, tb == clblast::Transpose::kYes, I(m),
                        I(n), I(k), alpha, a, I(a_off), I(lda), b, I(b_off), I(ldb), beta, c, I(c_off), I(ldc));
      return;
    }
    constexpr auto kCol = clblast::Layout::kColMajor;
    std::size_t need = 0;
    CLBLAST_CHECK(clblast::GemmTempBufferSize<T>(kCol, ta, tb, m, n, k, a_off, lda, b_off, ldb, c_off,
                                                 ldc, q, need));
    if (need > buffer_.bytes()) {
      // OpenCL keeps a released buffer alive until the queued kernels using it finish, so
      // replacing it here is safe with GEMMs still in flight.
      buffer_ = Buffer(dev.context(), need + need / 4);
    }
    CLBLAST_CHECK(clblast::Gemm<T>(kCol, ta, tb, m, n, k, alpha, a, a_off, lda, b, b_off, ldb, beta,
                                   c, c_off, ldc, q, nullptr, need > 0 ? buffer_.get() : nullptr));
  }

 private:
  Buffer buffer_;
  TiledGemm tiled_;
};

}  // namespace lapack_ai::opencl
