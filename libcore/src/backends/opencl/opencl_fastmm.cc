// The OpenCL executor of fast-matmul plans (alphatensor:<scheme>@opencl): every operand and
// workspace slot stays on the device; block products are GEMMs on buffer offsets: our tiled
// kernel (opencl_gemm_tiled.h) one product a call where the blocks fill its tile (it runs a 4096
// block as fast as a 16384 GEMM), else CLBlast, with consecutive independent products of one
// operand layout as ONE GemmBatched call (49 products of 4096 blocks then run at the speed of
// one 16384 CLBlast GEMM instead of the slower 4096 one), each
// Combine step is one launch of kernels/lincomb.cl. Same plan semantics as the openblas
// executor (fastmm/plan.h): alpha scales C contributions, kBeta marks a C block's first write.
#include <clblast.h>

#include <array>
#include <map>
#include <set>

#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_ai/fastmm/plan.h"
#include "opencl_backend.h"
#include "opencl_gemm_workspace.h"

namespace lapack_ai::opencl {
namespace {

using fastmm::BlockRef;
using fastmm::Init;

clblast::Transpose ToClblast(Trans t) {
  return t == Trans::kNoTrans ? clblast::Transpose::kNo : clblast::Transpose::kYes;
}

template <typename I>
std::size_t U(I v) {
  return static_cast<std::size_t>(v);
}

struct Loc {
  // 0 A, 1 B, 2 C, 3/4/5 the A-/B-/C-shaped workspace (the order of the kernel's buffers).
  // One workspace per shape keeps every offset below 2^31 elements (CLBlast passes offsets as
  // int) and lets a batched product read and write distinct buffers.
  cl_long buffer;
  cl_long offset, ld;
};

// One GemmBatched call, its arguments fixed at bind time: products with the same buffers and
// leading dimensions (those of x, y, t) and distinct targets.
template <typename T>
struct Batch {
  Loc x, y, t;
  std::vector<T> alphas, betas;
  std::vector<std::size_t> xo, yo, to;  // offsets of each product's operands and target
};

template <typename T>
class FastGemmBound final : public DeviceBoundCall {
 public:
  FastGemmBound(OpenDevice& dev, const OpenclOptions& opts, const fastmm::Plan& plan,
                GemmCall<T>& c)
      : DeviceBoundCall(dev, opts.transfers), plan_(plan), c_(c) {
    AddOperand(c.a, SpanBytes(sizeof(T), c.lda, c.transa == Trans::kNoTrans ? c.k : c.m), false);
    AddOperand(c.b, SpanBytes(sizeof(T), c.ldb, c.transb == Trans::kNoTrans ? c.n : c.k), false);
    AddOperand(c.c, SpanBytes(sizeof(T), c.ldc, c.n), true);
    split_ = fastmm::SplitForPlan(plan, c.m, c.n, c.k, plan.min_block);
    if (c.alpha == T(0)) split_ = {{}, {{0, c.m, 0, c.n, 0, c.k, false}}};
    bm_ = split_.core.m_len / plan.mb;
    bn_ = split_.core.n_len / plan.nb;
    bk_ = split_.core.k_len / plan.kb;
    cl_long ws[3] = {0, 0, 0};
    for (const fastmm::Slot& s : plan.slots) {
      const auto shape = static_cast<std::size_t>(s.shape);
      slot_offset_.push_back(ws[shape]);
      const auto [rows, cols] = StoredShape(s.shape);
      ws[shape] += rows * cols;
    }
    for (std::size_t i = 0; i < 3; ++i)
      workspace_[i] = Buffer(dev.context(), sizeof(T) * static_cast<std::size_t>(std::max<cl_long>(ws[i], 1)));
    if (split_.core.m_len > 0) {
      BuildTables(dev);
      if (!opts.unbatched && !TiledGemm::Takes(dev.gemm_tile(sizeof(T)), bm_, bn_, bk_)) BuildBatches();
    }
  }

 protected:
  void Compute() override {
    std::size_t combine = 0;
    if (split_.core.m_len > 0) {
      for (std::size_t i = 0; i < plan_.steps.size(); ++i) {
        const fastmm::Step& step = plan_.steps[i];
        if (const auto* p = std::get_if<fastmm::Product>(&step)) {
          const auto batch = batches_.find(i);  // a batch runs at its first step, whole
          if (batch != batches_.end()) DoBatch(batch->second);
          else if (!batched_.contains(i)) DoProduct(*p);
        } else {
          DoCombine(std::get<fastmm::Combine>(step), combine++);
        }
      }
    }
    for (const fastmm::SubGemm& f : split_.fringes) DoFringe(f);
  }

 private:
  std::pair<int64_t, int64_t> StoredShape(fastmm::Slot::Shape shape) const {
    return fastmm::StoredShape(shape, c_.transa, c_.transb, bm_, bk_, bn_);
  }

  fastmm::Slot::Shape ShapeOf(BlockRef ref) const { return fastmm::ShapeOf(plan_, ref); }

  // Offset of element (r, c) of op(X): r + c*ld, or c + r*ld when X is stored transposed.
  static cl_long At(int64_t ld, Trans t, int64_t r, int64_t c) {
    return t == Trans::kNoTrans ? r + c * ld : c + r * ld;
  }

  Loc Block(BlockRef ref) const {
    switch (ref.kind) {
      case BlockRef::Kind::kA:
        return {0, At(c_.lda, c_.transa, ref.index / plan_.kb * bm_, ref.index % plan_.kb * bk_), c_.lda};
      case BlockRef::Kind::kB:
        return {1, At(c_.ldb, c_.transb, ref.index / plan_.nb * bk_, ref.index % plan_.nb * bn_), c_.ldb};
      case BlockRef::Kind::kC:
        return {2, At(c_.ldc, Trans::kNoTrans, ref.index / plan_.nb * bm_, ref.index % plan_.nb * bn_), c_.ldc};
      case BlockRef::Kind::kSlot: break;
    }
    const auto slot = static_cast<std::size_t>(ref.index);
    const fastmm::Slot::Shape shape = plan_.slots[slot].shape;
    return {3 + static_cast<cl_long>(shape), slot_offset_[slot], StoredShape(shape).first};
  }

  cl_mem Mem(const Loc& l) const {
    return l.buffer >= 3 ? workspace_[static_cast<std::size_t>(l.buffer - 3)].get()
                         : mem(static_cast<std::size_t>(l.buffer));
  }
  T Scale(BlockRef ref) const { return ref.kind == BlockRef::Kind::kC ? c_.alpha : T(1); }
  T BetaOf(Init init) const { return init == Init::kOverwrite ? T(0) : init == Init::kAccumulate ? T(1) : c_.beta; }

  // One table and coefficient block per Combine step, uploaded once at bind time.
  void BuildTables(OpenDevice& dev) {
    std::vector<cl_long> table;
    std::vector<T> coef;
    for (const fastmm::Step& step : plan_.steps) {
      const auto* c = std::get_if<fastmm::Combine>(&step);
      if (c == nullptr) continue;
      table_offset_.push_back(static_cast<cl_long>(table.size()));
      coef_offset_.push_back(static_cast<cl_long>(coef.size()));
      for (BlockRef r : c->srcs) {
        const Loc l = Block(r);
        table.insert(table.end(), {l.buffer, l.offset, l.ld});
      }
      for (std::size_t d = 0; d < c->dsts.size(); ++d) {
        const Loc l = Block(c->dsts[d]);
        const cl_long init = c->init[d] == Init::kOverwrite ? 0 : c->init[d] == Init::kAccumulate ? 1 : 2;
        table.insert(table.end(), {l.buffer, l.offset, l.ld, init});
        for (std::size_t s = 0; s < c->srcs.size(); ++s)
          coef.push_back(static_cast<T>(c->coeff[d * c->srcs.size() + s]) * Scale(c->dsts[d]));
      }
    }
    table_ = Buffer(dev.context(), table.size() * sizeof(cl_long) + 8);
    table_.Write(dev.queue(), table.data(), table.size() * sizeof(cl_long));
    coef_ = Buffer(dev.context(), coef.size() * sizeof(T) + 8);
    coef_.Write(dev.queue(), coef.data(), coef.size() * sizeof(T));
    lincomb_ = dev.Kernel("lincomb", OpenDevice::TypeOptions<T>(), "lincomb");
  }

  // Runs of consecutive products are independent (a product reads A/B-shaped data and writes a
  // C-shaped target), so each run is grouped by operand layout into batches; a run where two
  // products write the same target stays one call per product (beta order matters there).
  void BuildBatches() {
    std::size_t i = 0;
    while (i < plan_.steps.size()) {
      std::size_t end = i;
      while (end < plan_.steps.size() && std::holds_alternative<fastmm::Product>(plan_.steps[end])) ++end;
      std::set<std::pair<cl_long, cl_long>> targets;
      bool distinct = true;
      for (std::size_t j = i; j < end; ++j) {
        const Loc t = Block(std::get<fastmm::Product>(plan_.steps[j]).target);
        distinct = distinct && targets.insert({t.buffer, t.offset}).second;
      }
      std::map<std::array<cl_long, 6>, std::size_t> first_of;  // layout -> first step
      for (std::size_t j = i; distinct && j < end; ++j) {
        const auto& p = std::get<fastmm::Product>(plan_.steps[j]);
        const Loc x = Block(p.x), y = Block(p.y), t = Block(p.target);
        const auto [it, fresh] = first_of.insert({{x.buffer, x.ld, y.buffer, y.ld, t.buffer, t.ld}, j});
        Batch<T>& b = batches_[it->second];
        if (fresh) b.x = x, b.y = y, b.t = t;
        else batched_.insert(j);
        b.alphas.push_back(static_cast<T>(p.coeff) * Scale(p.target));
        b.betas.push_back(BetaOf(p.init));
        b.xo.push_back(static_cast<std::size_t>(x.offset));
        b.yo.push_back(static_cast<std::size_t>(y.offset));
        b.to.push_back(static_cast<std::size_t>(t.offset));
      }
      i = end + 1;
    }
    // A batch of one is a plain call.
    std::erase_if(batches_, [](const auto& b) { return b.second.alphas.size() < 2; });
  }

  void DoBatch(const Batch<T>& b) {
    CLBLAST_CHECK(clblast::GemmBatched<T>(
        clblast::Layout::kColMajor, ToClblast(c_.transa), ToClblast(c_.transb), bm_, bn_, bk_,
        b.alphas.data(), Mem(b.x), b.xo.data(), b.x.ld, Mem(b.y), b.yo.data(), b.y.ld,
        b.betas.data(), Mem(b.t), b.to.data(), b.t.ld, b.alphas.size(), dev_.queue_ptr(), nullptr));
  }

  void DoProduct(const fastmm::Product& p) {
    const Loc x = Block(p.x), y = Block(p.y), t = Block(p.target);
    gemm_.Gemm<T>(dev_, dev_.queue_ptr(), ToClblast(c_.transa), ToClblast(c_.transb), U(bm_), U(bn_),
                  U(bk_), static_cast<T>(p.coeff) * Scale(p.target), Mem(x), U(x.offset), U(x.ld), Mem(y),
                  U(y.offset), U(y.ld), BetaOf(p.init), Mem(t), U(t.offset), U(t.ld));
  }

  void DoCombine(const fastmm::Combine& c, std::size_t index) {
    const auto [rows, cols] = StoredShape(ShapeOf(c.dsts.front()));
    cl_kernel k = lincomb_;
    SetArg(k, 0, static_cast<cl_long>(rows));
    SetArg(k, 1, static_cast<cl_long>(cols));
    SetArg(k, 2, static_cast<cl_int>(c.srcs.size()));
    SetArg(k, 3, static_cast<cl_int>(c.dsts.size()));
    for (cl_uint b = 0; b < 3; ++b) SetArg(k, 4 + b, mem(b));
    for (cl_uint b = 0; b < 3; ++b) SetArg(k, 7 + b, workspace_[b].get());
    SetArg(k, 10, table_.get());
    SetArg(k, 11, table_offset_[index]);
    SetArg(k, 12, coef_.get());
    SetArg(k, 13, coef_offset_[index]);
    SetArg(k, 14, c_.beta);
    // kernels/lincomb.cl: 64 x 4 work-items cover 256 rows x 4 columns.
    const std::size_t local[2] = {64, 4};
    const std::size_t global[2] = {(static_cast<std::size_t>(rows) + 255) / 256 * 64,
                                   (static_cast<std::size_t>(cols) + 3) / 4 * 4};
    if (rows > 0 && cols > 0)
      CL_CHECK(clEnqueueNDRangeKernel(dev_.queue(), k, 2, nullptr, global, local, 0, nullptr, nullptr));
  }

  void DoFringe(const fastmm::SubGemm& f) {
    if (f.m_len == 0 || f.n_len == 0) return;
    gemm_.Gemm<T>(dev_, dev_.queue_ptr(), ToClblast(c_.transa), ToClblast(c_.transb), U(f.m_len),
                  U(f.n_len), U(f.k_len), c_.alpha, mem(0), U(At(c_.lda, c_.transa, f.m0, f.k0)), U(c_.lda), mem(1),
                  U(At(c_.ldb, c_.transb, f.k0, f.n0)), U(c_.ldb), f.accumulate ? T(1) : c_.beta, mem(2),
                  U(At(c_.ldc, Trans::kNoTrans, f.m0, f.n0)), U(c_.ldc));
  }

  const fastmm::Plan& plan_;
  GemmCall<T>& c_;
  fastmm::Split split_;
  int64_t bm_ = 0, bn_ = 0, bk_ = 0;
  std::vector<cl_long> slot_offset_, table_offset_, coef_offset_;  // slot offsets: per shape
  Buffer workspace_[3], table_, coef_;
  std::map<std::size_t, Batch<T>> batches_;  // first step of each batch -> its call
  std::set<std::size_t> batched_;         // the other steps of a batch (skipped when reached)
  cl_kernel lincomb_ = nullptr;  // owned by the device's kernel cache
  GemmWorkspace gemm_;           // CLBlast's temporaries for the products and fringes
};

}  // namespace

std::unique_ptr<BoundCall> BindFastGemm(OpenDevice& dev, const OpenclOptions& opts,
                                        const fastmm::Plan& plan, Call& call) {
  std::unique_ptr<DeviceBoundCall> bound;
  if (auto* g = std::get_if<GemmCall<float>>(&call)) {
    bound = std::make_unique<FastGemmBound<float>>(dev, opts, plan, *g);
  } else if (auto* gd = std::get_if<GemmCall<double>>(&call)) {
    bound = std::make_unique<FastGemmBound<double>>(dev, opts, plan, *gd);
  } else {
    throw Unsupported(fmt::format("alphatensor@opencl: {} is not a gemm", RoutineOf(call)));
  }
  bound->Prepare();
  return bound;
}

}  // namespace lapack_ai::opencl
