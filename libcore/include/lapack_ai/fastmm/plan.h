// A compiled fast-matmul plan: a scheme turned into DATA (block grid, workspace slots, a list of
// fused linear-combination and block-product steps) that any base executes the same way — the
// host executor (backends/host_fastmm) and the OpenCL one read this and nothing else.
// Recursion levels are Kronecker powers: scheme/L runs scheme^(x)L as ONE level on its grid.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "lapack_ai/fastmm/scheme.h"
#include "lapack_ai/types.h"

namespace lapack_ai::fastmm {

/// Where a block operand lives. A/B/C blocks are indexed row-major in the plan's grid
/// (a = i*kb + j for op(A), b = j*nb + l for op(B), c = i*nb + l for C); slots index
/// Plan::slots.
struct BlockRef {
  enum class Kind { kA, kB, kC, kSlot };
  Kind kind = Kind::kA;
  int index = 0;
  friend bool operator==(const BlockRef&, const BlockRef&) = default;
};

/// How a step treats the old content of a destination.
///   kOverwrite: dst = new (never read; slots only).
///   kAccumulate: dst += new.
///   kBeta: dst = beta*dst + new, beta being the call's beta. It marks the FIRST write into each
///     C block; with beta == 0 the old content is not read (BLAS semantics, NaN-safe).
/// Every contribution written into a C block is multiplied by the call's alpha.
enum class Init { kOverwrite, kAccumulate, kBeta };

/// A fused linear combination, done in ONE pass over the block's elements: each source is read
/// once, each destination read (unless kOverwrite/beta = 0) and written once:
///   dsts[d] = init_d(dsts[d]) + s_d * sum_s coeff[d * srcs.size() + s] * srcs[s]
/// with s_d = alpha for C destinations and 1 otherwise. Zero coefficients are allowed.
/// All sources and destinations of one step have the same block shape (all A-shaped, all
/// B-shaped or all C-shaped). A-shaped blocks of a transposed A are stored transposed: the
/// executor combines blocks in A's storage order and passes the transpose flag to the product.
struct Combine {
  std::vector<BlockRef> srcs;
  std::vector<BlockRef> dsts;
  std::vector<Init> init;      ///< one per destination
  std::vector<double> coeff;   ///< dsts.size() x srcs.size(), row-major
};

/// A block product: target = init(target) + s * coeff * X * Y, with s = alpha for a C target.
/// X is an A block or an A-shaped slot, Y a B block or a B-shaped slot, target a C block or a
/// C-shaped slot. One base GEMM call (beta = 0, 1 or the call's beta).
struct Product {
  BlockRef x, y, target;
  double coeff = 1.0;
  Init init = Init::kOverwrite;
};

using Step = std::variant<Combine, Product>;

/// A workspace buffer of one block shape. Slots are reused between steps where lifetimes allow.
struct Slot {
  enum class Shape { kA, kB, kC };
  Shape shape = Shape::kC;
};

/// How a plan groups its additions into Combine steps.
///   kPerProduct: one combination per product operand and one sum per C block (workspace: two
///     operand slots plus one slot per product feeding several C blocks).
///   kWide: three passes in all — ONE Combine reads every A block once and writes every distinct
///     multi-term A operand, one does the same for B, and after the products one reads every
///     product slot once and writes every C block. Block traffic is then about
///     (A blocks + A operands) + (B blocks + B operands) + product slots + 2 * C blocks outside
///     the GEMMs, against the operands' term counts and W's nonzeros: Strassen^2 needs 199
///     passes instead of 542, for three times the workspace (all operands live at once).
///     Operands that are equal up to a scale share one slot.
enum class Fusion { kPerProduct, kWide };

/// The compiled plan for one scheme at one recursion level count.
struct Plan {
  std::string scheme;       ///< catalogue name, e.g. "strassen"
  int levels = 1;           ///< L: the scheme was Kronecker-powered L times
  int mb = 1, kb = 1, nb = 1;  ///< block grid (scheme dims to the power L)
  int rank = 0;             ///< products executed (R^L)
  double stability_e = 0;   ///< E of the powered scheme (= E(scheme)^L), Ballard et al.
  /// Smallest block side (of the core's m/mb, n/nb, k/kb) for which executors run the plan;
  /// smaller calls go whole to the base GEMM. Executors pass it to SplitForPlan.
  int64_t min_block = 1;
  Fusion fusion = Fusion::kPerProduct;
  std::vector<Slot> slots;
  std::vector<Step> steps;  ///< executed in order

  /// Base GEMM calls and element passes (reads + writes, in block units) the plan performs:
  /// what the pass-count tests and the docs' table quote.
  int ProductCount() const;
  int CombinePasses() const;
  /// Block additions done outside the GEMM calls: per Combine destination, its nonzero terms
  /// minus one, plus one when it accumulates into old content. (Accumulating a product into C
  /// with beta = 1 happens inside the GEMM and is not counted.) `schemes stats` shows it beside
  /// the naive count.
  int CombineAdditions() const;
  /// Workspace elements the slots need for blocks of op(A) bm x bk, op(B) bk x bn, C bm x bn.
  int64_t WorkspaceElements(int64_t bm, int64_t bk, int64_t bn) const;
};

struct CompileOptions {
  int levels = 1;  ///< L >= 1
  /// kPerProduct only: products that feed several C blocks each get their own C-shaped slot,
  /// and every C block then sums all of its slots in ONE fused pass at the end (C crosses
  /// memory once), provided there are at most this many such products; otherwise each is
  /// scattered into its C blocks right after it is computed through one reused slot (less
  /// memory, more C traffic).
  /// Strassen^2 at n = 8192 in double: 45 slots of (n/4)^2, 1.4 GiB.
  int max_product_slots = 64;
  /// kWide by default: the fewest passes; executors fall back to a kPerProduct plan when the
  /// wide workspace does not fit (see alphatensor_backend.cc).
  Fusion fusion = Fusion::kWide;
  /// kWide only: every operand (single-term ones copied) and every product (single-destination
  /// ones too) in a slot, product slots in product order. All products then share one operand
  /// layout and run as ONE batched GEMM on bases that batch (Backend::BatchesFastProducts); it
  /// costs a copy per single-term operand and two passes per single-destination product.
  bool all_slots = false;
};

/// Compiles `scheme` (verified, field Q) into a plan. Throws UsageError for levels < 1, a
/// GF(2) scheme (it is only exact modulo 2) or a grid larger than 4096 blocks per operand.
Plan CompilePlan(const Scheme& scheme, const CompileOptions& options = {});

/// Stability factor E = max_c sum_r |W(c,r)| ||U(:,r)||_1 ||V(:,r)||_1 of `scheme` powered
/// `levels` times (Ballard et al. 2016; equals E(scheme)^levels).
double PoweredStabilityFactor(const Scheme& scheme, int levels);

/// Multiplier of the gemm normwise threshold for a plan: max(1, E / kb^2) with E, kb those of
/// the powered scheme. It is the ratio of the max-norm error bound of the fast scheme,
/// E (k/kb)^2 u ||A|| ||B||, to the classical one, k^2 u ||A|| ||B|| (Higham's Strassen bound
/// is the case E = 12, kb = 2: 3 per level). docs/ALPHATENSOR.md has the derivation.
double ThresholdScale(const Plan& plan);

/// One sub-GEMM of a split: rows/cols are offsets in C (m), C (n) and the inner dimension (k);
/// the size of each range is the *_len field. accumulate: beta = 1 instead of the call's beta.
struct SubGemm {
  int64_t m0 = 0, m_len = 0, n0 = 0, n_len = 0, k0 = 0, k_len = 0;
  bool accumulate = false;
};

/// How an m x n x k call is split for a plan: the leading core (multiples of the grid, run by
/// the plan; core.*_len == 0 means "do not use the plan") and the fringe GEMMs run by the base,
/// in order, after the core. Every element of C is covered exactly once with the call's beta;
/// the k-fringe accumulates into the core. `min_block` is the smallest block side for which the
/// plan is used.
struct Split {
  SubGemm core;
  std::vector<SubGemm> fringes;
};
Split SplitForPlan(const Plan& plan, int64_t m, int64_t n, int64_t k, int64_t min_block = 1);

/// The block shape a reference has: A, B or C blocks, or the shape of the slot it names.
inline Slot::Shape ShapeOf(const Plan& plan, const BlockRef& ref) {
  switch (ref.kind) {
    case BlockRef::Kind::kA: return Slot::Shape::kA;
    case BlockRef::Kind::kB: return Slot::Shape::kB;
    case BlockRef::Kind::kC: return Slot::Shape::kC;
    case BlockRef::Kind::kSlot: break;
  }
  return plan.slots[static_cast<std::size_t>(ref.index)].shape;
}

/// (rows, cols) of a block of `shape` as stored: blocks of op(A) are bm x bk, of op(B) bk x bn,
/// of C bm x bn; an A or B block is stored transposed when its operand is.
inline std::pair<int64_t, int64_t> StoredShape(Slot::Shape shape, Trans transa, Trans transb,
                                               int64_t bm, int64_t bk, int64_t bn) {
  switch (shape) {
    case Slot::Shape::kA:
      return transa == Trans::kNoTrans ? std::pair{bm, bk} : std::pair{bk, bm};
    case Slot::Shape::kB:
      return transb == Trans::kNoTrans ? std::pair{bk, bn} : std::pair{bn, bk};
    case Slot::Shape::kC:
      break;
  }
  return {bm, bn};
}

}  // namespace lapack_ai::fastmm
