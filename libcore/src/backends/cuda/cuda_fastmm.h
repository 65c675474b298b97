// The CUDA executor of fast-matmul plans (alphatensor:<scheme>@cuda): products by cuBLAS,
// Combine steps by kernels compiled for them (or kernels/cuda_lincomb.cu), operands and
// workspace on the device. The plan is laid out once per call shape (FastLayout, in
// cuda_fastmm_layout.cc: pure bookkeeping, tested on the host); the bound call in cuda_fastmm.cc
// only launches what the layout lists.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "lapack_ai/backend.h"
#include "lapack_ai/calls.h"
#include "lapack_ai/fastmm/plan.h"

namespace lapack_ai::cuda {

class Device;
struct CudaOptions;

/// gemm through a fast-matmul plan (which must outlive the result). Throws Unsupported for a
/// non-gemm call or a shape cuBLAS's int arguments cannot express.
std::unique_ptr<BoundCall> BindFastGemm(Device& dev, const CudaOptions& opts,
                                        const fastmm::Plan& plan, Call& call);

/// Where a block lives on the device: buffer 0 = A, 1 = B, 2 = C, 3 = workspace; element
/// offset into that buffer and leading dimension.
struct DevLoc {
  int64_t buffer = 0, offset = 0, ld = 1;
  friend bool operator==(const DevLoc&, const DevLoc&) = default;
};

/// The gemm call a layout is built for.
struct LayoutShape {
  Trans transa = Trans::kNoTrans, transb = Trans::kNoTrans;
  int64_t m = 0, n = 0, k = 0, lda = 1, ldb = 1, ldc = 1;
  std::size_t elem = 4;     ///< sizeof(T)
  bool alpha_zero = false;  ///< alpha == 0: the whole call is one base gemm (C = beta C)
};

/// One Combine step as a launch of kernels/cuda_lincomb.cu (blockDim 64 x 4).
struct CombineLaunch {
  int64_t rows = 0, cols = 0;
  int nsrc = 0, ndst = 0;
  std::size_t table_offset = 0, coef_offset = 0;  ///< into FastLayout::table / coef
  bool vec = false;  ///< every offset, ld and `rows` a multiple of 16 bytes of elements
  char mode = 'a';   ///< kernel variant: 's' sources resident, 'd' destinations, 'a' any
  unsigned grid_x = 0, grid_y = 0;
};

/// Products run as one cuBLAS call: gemm for one step, gemmBatched for several (same operand
/// buffers and leading dimensions, same coefficient and Init, distinct targets).
struct ProductGroup {
  std::vector<std::size_t> steps;  ///< plan step indices
  std::vector<DevLoc> x, y, t;     ///< per step
  double coeff = 1;                ///< times alpha when the targets are C blocks
  bool c_target = false;
  fastmm::Init init = fastmm::Init::kOverwrite;
  /// Stream of the run of products this group belongs to: 0 is the call's stream; groups of a
  /// run whose targets are all distinct go round robin over the side streams too, so cuBLAS
  /// fills one product's last, partial wave of tiles with the next product's.
  int stream = 0;
};

/// The plan laid out for one call: what to launch, in order, and where every block lives.
struct FastLayout {
  fastmm::Split split;
  int64_t bm = 0, bn = 0, bk = 0;          ///< block sides (0 when the core is empty)
  std::vector<int64_t> slot_offset;        ///< element offset of each slot in the workspace
  int64_t workspace_elements = 0;
  std::vector<int64_t> table;              ///< lincomb term tables, all steps
  std::vector<double> coef;                ///< coefficients, all steps (CoefIndex; alpha not applied)
  std::vector<char> coef_alpha;            ///< 1 where the coefficient is scaled by alpha
  std::vector<CombineLaunch> combines;
  std::vector<ProductGroup> groups;
  struct Op {
    bool combine;
    std::size_t index;  ///< into combines or groups
  };
  std::vector<Op> ops;  ///< the core's work in order (fringes follow: split.fringes)
  int streams = 1;      ///< streams the groups use (1 + the largest ProductGroup::stream)
};

/// Lays `plan` out for `shape`; `batch` groups products (false: one gemm per product), and the
/// groups of a run of independent products spread over at most `streams` streams.
FastLayout LayOut(const fastmm::Plan& plan, const LayoutShape& shape, bool batch, int streams = 1);

/// Index in FastLayout::coef of the coefficient of source s in destination d: mode 's' keeps
/// one zero-padded row of 16 per destination, 'd' one per source, 'a' a dense ndst x nsrc block.
std::size_t CoefIndex(const CombineLaunch& l, int d, int s);

/// Grid of a lincomb launch over a rows x cols block (blockDim 64 x 4; a thread covers
/// 16 / elem rows when vec, else one; at most 65535 blocks in y, the kernel loops over the rest).
std::pair<unsigned, unsigned> LincombGrid(int64_t rows, int64_t cols, bool vec, std::size_t elem);

}  // namespace lapack_ai::cuda
