// LayOut: a fast-matmul plan laid out for one gemm call on the device (block addresses in the
// A, B, C and workspace buffers, lincomb term tables and launch geometry, the grouping of
// products into cuBLAS calls and their streams). Pure bookkeeping, no CUDA calls: the host tests
// run it through an emulation. cuda_fastmm.cc's bound call launches what it lists.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "cuda_fastmm.h"

namespace lapack_ai::cuda {
namespace {

using fastmm::BlockRef;
using fastmm::Init;

constexpr int kMaxResident = 16;      // kernels/cuda_lincomb.cu: kMaxResident
constexpr int64_t kSlotAlign = 64;    // elements: every slot starts 256-byte aligned

// Offset of element (r, c) of op(X): r + c*ld, or c + r*ld when X is stored transposed.
int64_t At(int64_t ld, Trans t, int64_t r, int64_t c) {
  return t == Trans::kNoTrans ? r + c * ld : c + r * ld;
}

class Builder {
 public:
  Builder(const fastmm::Plan& plan, const LayoutShape& s, FastLayout& out)
      : plan_(plan), s_(s), out_(out) {}

  void Slots() {
    int64_t ws = 0;
    for (const fastmm::Slot& slot : plan_.slots) {
      out_.slot_offset.push_back(ws);
      const auto [rows, cols] = Stored(slot.shape);
      ws += (rows * cols + kSlotAlign - 1) / kSlotAlign * kSlotAlign;
    }
    out_.workspace_elements = ws;
  }

  void Steps(bool batch, int streams) {
    std::size_t i = 0;
    while (i < plan_.steps.size()) {
      if (const auto* c = std::get_if<fastmm::Combine>(&plan_.steps[i])) {
        AddCombine(*c);
        ++i;
        continue;
      }
      std::size_t end = i;
      while (end < plan_.steps.size() && std::holds_alternative<fastmm::Product>(plan_.steps[end])) ++end;
      AddProducts(i, end, batch, streams);
      i = end;
    }
  }

 private:
  std::pair<int64_t, int64_t> Stored(fastmm::Slot::Shape shape) const {
    return fastmm::StoredShape(shape, s_.transa, s_.transb, out_.bm, out_.bk, out_.bn);
  }

  DevLoc Block(BlockRef ref) const {
    switch (ref.kind) {
      case BlockRef::Kind::kA:
        return {0, At(s_.lda, s_.transa, ref.index / plan_.kb * out_.bm, ref.index % plan_.kb * out_.bk), s_.lda};
      case BlockRef::Kind::kB:
        return {1, At(s_.ldb, s_.transb, ref.index / plan_.nb * out_.bk, ref.index % plan_.nb * out_.bn), s_.ldb};
      case BlockRef::Kind::kC:
        return {2, At(s_.ldc, Trans::kNoTrans, ref.index / plan_.nb * out_.bm, ref.index % plan_.nb * out_.bn), s_.ldc};
      case BlockRef::Kind::kSlot: break;
    }
    const auto slot = static_cast<std::size_t>(ref.index);
    return {3, out_.slot_offset[slot], Stored(plan_.slots[slot].shape).first};
  }

  void AddCombine(const fastmm::Combine& c) {
    if (c.dsts.empty()) return;
    CombineLaunch l;
    std::tie(l.rows, l.cols) = Stored(fastmm::ShapeOf(plan_, c.dsts.front()));
    l.nsrc = static_cast<int>(c.srcs.size());
    l.ndst = static_cast<int>(c.dsts.size());
    l.table_offset = out_.table.size();
    const int64_t v = static_cast<int64_t>(16 / s_.elem);
    l.vec = l.rows % v == 0;
    auto add = [&](const DevLoc& d) {
      out_.table.insert(out_.table.end(), {d.buffer, d.offset, d.ld});
      l.vec = l.vec && d.offset % v == 0 && d.ld % v == 0;
    };
    for (BlockRef r : c.srcs) add(Block(r));
    for (std::size_t d = 0; d < c.dsts.size(); ++d) {
      add(Block(c.dsts[d]));
      out_.table.push_back(c.init[d] == Init::kOverwrite ? 0 : c.init[d] == Init::kAccumulate ? 1 : 2);
    }
    l.mode = l.nsrc <= kMaxResident ? 's' : l.ndst <= kMaxResident ? 'd' : 'a';
    // The register-resident kernels load rows of 16 as aligned vectors.
    const std::size_t size = l.mode == 'a' ? c.srcs.size() * c.dsts.size()
                                           : kMaxResident * (l.mode == 's' ? c.dsts.size() : c.srcs.size());
    l.coef_offset = (out_.coef.size() + kMaxResident - 1) / kMaxResident * kMaxResident;
    out_.coef.resize(l.coef_offset + size, 0.0);
    out_.coef_alpha.resize(l.coef_offset + size, 0);
    for (int d = 0; d < l.ndst; ++d) {
      for (int s = 0; s < l.nsrc; ++s) {
        const std::size_t i = CoefIndex(l, d, s);
        out_.coef[i] = c.coeff[static_cast<std::size_t>(d * l.nsrc + s)];
        out_.coef_alpha[i] = c.dsts[static_cast<std::size_t>(d)].kind == BlockRef::Kind::kC ? 1 : 0;
      }
    }
    std::tie(l.grid_x, l.grid_y) = LincombGrid(l.rows, l.cols, l.vec, s_.elem);
    out_.ops.push_back({true, out_.combines.size()});
    out_.combines.push_back(l);
  }

  // Products [i, end) are independent (they read A/B-shaped blocks and write C-shaped ones), so
  // each group runs whole at its first step. Two products writing one target keep every product
  // of the run a call of its own (their order matters then).
  void AddProducts(std::size_t i, std::size_t end, bool batch, int streams) {
    std::set<std::pair<int64_t, int64_t>> targets;
    bool distinct = true;
    for (std::size_t j = i; j < end; ++j) {
      const DevLoc t = Block(std::get<fastmm::Product>(plan_.steps[j]).target);
      distinct = targets.insert({t.buffer, t.offset}).second && distinct;
    }
    batch = batch && distinct;
    const std::size_t first_group = out_.groups.size();
    using Key = std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, double, int>;
    std::map<Key, std::size_t> group_of;
    for (std::size_t j = i; j < end; ++j) {
      const auto& p = std::get<fastmm::Product>(plan_.steps[j]);
      const DevLoc x = Block(p.x), y = Block(p.y), t = Block(p.target);
      const Key key{x.buffer, x.ld, y.buffer, y.ld, t.buffer, t.ld, p.coeff, static_cast<int>(p.init)};
      auto it = group_of.find(key);
      if (!batch || it == group_of.end()) {
        ProductGroup g;
        g.coeff = p.coeff;
        g.c_target = p.target.kind == BlockRef::Kind::kC;
        g.init = p.init;
        out_.ops.push_back({false, out_.groups.size()});
        it = group_of.insert_or_assign(key, out_.groups.size()).first;
        out_.groups.push_back(std::move(g));
      }
      ProductGroup& g = out_.groups[it->second];
      g.steps.push_back(j);
      g.x.push_back(x);
      g.y.push_back(y);
      g.t.push_back(t);
    }
    if (!distinct) return;
    for (std::size_t g = first_group; g < out_.groups.size(); ++g) {
      out_.groups[g].stream = static_cast<int>((g - first_group) % static_cast<std::size_t>(streams));
      out_.streams = std::max(out_.streams, out_.groups[g].stream + 1);
    }
  }

  const fastmm::Plan& plan_;
  const LayoutShape& s_;
  FastLayout& out_;
};

}  // namespace

std::size_t CoefIndex(const CombineLaunch& l, int d, int s) {
  const auto at = [&](int row, int i, int width) { return l.coef_offset + static_cast<std::size_t>(row * width + i); };
  return l.mode == 's' ? at(d, s, kMaxResident) : l.mode == 'd' ? at(s, d, kMaxResident) : at(d, s, l.nsrc);
}

std::pair<unsigned, unsigned> LincombGrid(int64_t rows, int64_t cols, bool vec, std::size_t elem) {
  const int64_t per_block = 64 * (vec ? static_cast<int64_t>(16 / elem) : 1);
  const int64_t gx = (rows + per_block - 1) / per_block;
  const int64_t gy = std::min<int64_t>((cols + 3) / 4, 65535);
  return {static_cast<unsigned>(gx), static_cast<unsigned>(gy)};
}

FastLayout LayOut(const fastmm::Plan& plan, const LayoutShape& s, bool batch, int streams) {
  FastLayout out;
  out.split = fastmm::SplitForPlan(plan, s.m, s.n, s.k, plan.min_block);
  if (s.alpha_zero) out.split = {{}, {{0, s.m, 0, s.n, 0, s.k, false}}};
  if (out.split.core.m_len == 0) return out;
  out.bm = out.split.core.m_len / plan.mb;
  out.bn = out.split.core.n_len / plan.nb;
  out.bk = out.split.core.k_len / plan.kb;
  Builder b(plan, s, out);
  b.Slots();
  b.Steps(batch, std::max(streams, 1));
  return out;
}

}  // namespace lapack_ai::cuda
