// The host executor of fast-matmul plans (alphatensor:<scheme>@openblas, @lib:<name>): block
// products are the base's gemm on views into A, B, C or workspace slots; the fused linear
// combinations run column by column (each column of every operand stays in L1 while all its
// terms are summed, so each block crosses memory once) on as many threads as the base's gemm.
#include "backends/host_fastmm/host_fastmm.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <memory>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_ai/fastmm/plan.h"
#include "backends/alphatensor/column_pool.h"

namespace lapack_ai {
namespace {

using fastmm::BlockRef;
using fastmm::Init;

template <typename T>
struct View {
  T* p;
  int64_t ld;
};

// First term of a destination column: applies its Init (beta == 0 never reads the old value).
template <typename T>
void FirstTerm(T* out, const T* src, T k, Init init, T beta, int64_t rows) {
  if (init == Init::kAccumulate || (init == Init::kBeta && beta == T(1))) {
    for (int64_t i = 0; i < rows; ++i) out[i] += k * src[i];
  } else if (init == Init::kOverwrite || beta == T(0)) {
    for (int64_t i = 0; i < rows; ++i) out[i] = k * src[i];
  } else {
    for (int64_t i = 0; i < rows; ++i) out[i] = beta * out[i] + k * src[i];
  }
}

template <typename T>
void ScaleOnly(T* out, Init init, T beta, int64_t rows) {
  if (init == Init::kAccumulate || (init == Init::kBeta && beta == T(1))) return;
  const T s = init == Init::kOverwrite ? T(0) : beta;
  for (int64_t i = 0; i < rows; ++i) out[i] = s == T(0) ? T(0) : s * out[i];
}

// Blocks of at least this many bytes are written with non-temporal stores (8 MiB: beyond the
// per-core share of the last-level cache, so the data would be evicted before GEMM reads it).
constexpr int64_t kStreamBytes = int64_t{8} << 20;
// Bytes of source rows a combination keeps in cache at once (half a core's L2 on the machines
// we measure; the destinations' rows add one more chunk).
constexpr int64_t kChunkBytes = int64_t{256} << 10;

template <typename T>
void StreamColumn(T* dst, const T* src, int64_t rows) {
#if defined(__SSE2__)
  int64_t i = 0;
  for (; i < rows && reinterpret_cast<std::uintptr_t>(dst + i) % 16 != 0; ++i) dst[i] = src[i];
  if constexpr (sizeof(T) == 8) {
    for (; i + 2 <= rows; i += 2) _mm_stream_pd(dst + i, _mm_loadu_pd(src + i));
  } else {
    for (; i + 4 <= rows; i += 4) _mm_stream_ps(dst + i, _mm_loadu_ps(src + i));
  }
  for (; i < rows; ++i) dst[i] = src[i];
#else
  std::copy(src, src + rows, dst);
#endif
}

// Orders this thread's streaming stores before the pool reports the job done.
inline void StreamFence() {
#if defined(__SSE2__)
  _mm_sfence();
#endif
}

template <typename T>
class PlanExecutor {
 public:
  PlanExecutor(const fastmm::Plan& plan, GemmCall<T>& call, HostGemm gemm)
      : plan_(plan), call_(call), gemm_(std::move(gemm)) {
    split_ = fastmm::SplitForPlan(plan, call.m, call.n, call.k, plan.min_block);
    if (call.alpha == T(0)) split_ = {{}, {{0, call.m, 0, call.n, 0, call.k, false}}};
    bm_ = split_.core.m_len / plan.mb;
    bn_ = split_.core.n_len / plan.nb;
    bk_ = split_.core.k_len / plan.kb;
    const char* profile = std::getenv("LAPACK_AI_FASTMM_PROFILE");
    profile_ = profile != nullptr && std::string_view(profile) == "1";
    for (const fastmm::Slot& s : plan.slots) {
      const auto [rows, cols] = StoredShape(s.shape);
      slots_.emplace_back(static_cast<std::size_t>(rows * cols));
    }
  }

  void Run() {
    double product_s = 0, combine_s = 0;
    if (split_.core.m_len > 0) {
      for (const fastmm::Step& step : plan_.steps) {
        const auto t0 = std::chrono::steady_clock::now();
        const auto* p = std::get_if<fastmm::Product>(&step);
        if (p != nullptr) DoProduct(*p);
        else DoCombine(std::get<fastmm::Combine>(step));
        if (!profile_) continue;
        const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
        (p != nullptr ? product_s : combine_s) += dt.count();
      }
    }
    const auto t0 = std::chrono::steady_clock::now();
    for (const fastmm::SubGemm& f : split_.fringes) DoFringe(f);
    if (profile_) {
      // Diagnostic for docs/PERFORMANCE.md ("what limits it"), only when asked for.
      const std::chrono::duration<double> fringe = std::chrono::steady_clock::now() - t0;
      fmt::print(stderr, "fastmm {}/{} {}x{}x{}: products {:.4f} s, additions {:.4f} s, fringes {:.4f} s\n",
                 plan_.scheme, plan_.levels, call_.m, call_.n, call_.k, product_s, combine_s,
                 fringe.count());
    }
  }

 private:
  std::pair<int64_t, int64_t> StoredShape(fastmm::Slot::Shape shape) const {
    return fastmm::StoredShape(shape, call_.transa, call_.transb, bm_, bk_, bn_);
  }

  fastmm::Slot::Shape ShapeOf(BlockRef ref) const { return fastmm::ShapeOf(plan_, ref); }

  // Element (r, c) of op(X) lives at r + c*ld, or c + r*ld when X is stored transposed.
  static T* At(const T* p, int64_t ld, Trans t, int64_t r, int64_t c) {
    return const_cast<T*>(t == Trans::kNoTrans ? p + r + c * ld : p + c + r * ld);
  }

  View<T> Block(BlockRef ref) {
    switch (ref.kind) {
      case BlockRef::Kind::kA:
        return {At(call_.a, call_.lda, call_.transa, ref.index / plan_.kb * bm_,
                   ref.index % plan_.kb * bk_), call_.lda};
      case BlockRef::Kind::kB:
        return {At(call_.b, call_.ldb, call_.transb, ref.index / plan_.nb * bk_,
                   ref.index % plan_.nb * bn_), call_.ldb};
      case BlockRef::Kind::kC:
        return {At(call_.c, call_.ldc, Trans::kNoTrans, ref.index / plan_.nb * bm_,
                   ref.index % plan_.nb * bn_), call_.ldc};
      case BlockRef::Kind::kSlot: break;
    }
    auto& slot = slots_[static_cast<std::size_t>(ref.index)];
    return {slot.data(), StoredShape(plan_.slots[static_cast<std::size_t>(ref.index)].shape).first};
  }

  T Scale(BlockRef ref) const { return ref.kind == BlockRef::Kind::kC ? call_.alpha : T(1); }

  T BetaOf(Init init) const {
    return init == Init::kOverwrite ? T(0) : init == Init::kAccumulate ? T(1) : call_.beta;
  }

  void DoProduct(const fastmm::Product& p) {
    const View<T> x = Block(p.x), y = Block(p.y), t = Block(p.target);
    BaseGemm(call_.transa, call_.transb, bm_, bn_, bk_, static_cast<T>(p.coeff) * Scale(p.target),
             x.p, x.ld, y.p, y.ld, BetaOf(p.init), t.p, t.ld);
  }

  void DoCombine(const fastmm::Combine& c) {
    const auto [rows, cols] = StoredShape(ShapeOf(c.dsts.front()));
    std::vector<View<T>> srcs, dsts;
    for (BlockRef r : c.srcs) srcs.push_back(Block(r));
    for (BlockRef r : c.dsts) dsts.push_back(Block(r));
    // Each destination's nonzero terms only: a zero coefficient must not touch its source
    // (0 * Inf would plant a NaN) nor cost a pass (wide combinations are mostly zeros).
    struct Term {
      std::size_t src;
      T k;
    };
    std::vector<std::vector<Term>> terms(dsts.size());
    for (std::size_t d = 0; d < dsts.size(); ++d)
      for (std::size_t s = 0; s < srcs.size(); ++s) {
        const T k = static_cast<T>(c.coeff[d * srcs.size() + s]) * Scale(c.dsts[d]);
        if (k != T(0)) terms[d].push_back({s, k});
      }
    const T beta = call_.beta;
    // A destination whose old content is not read, far larger than the caches, is written
    // with streaming stores from an L1 buffer: plain stores would first read every line
    // (write-allocate), a third more traffic for an operand combination.
    const bool big = rows * cols * static_cast<int64_t>(sizeof(T)) >= kStreamBytes;
    std::vector<bool> streamed(dsts.size());
    for (std::size_t d = 0; d < dsts.size(); ++d) {
      const bool fresh = c.init[d] == Init::kOverwrite || (c.init[d] == Init::kBeta && beta == T(0));
      streamed[d] = big && fresh && !terms[d].empty();
    }
    // Rows in chunks so that one chunk of every source stays in L2 while all destinations read
    // it: each source then crosses memory once even when dozens of destinations use it.
    const int64_t chunk = std::clamp<int64_t>(
        kChunkBytes / (static_cast<int64_t>(sizeof(T)) * static_cast<int64_t>(srcs.size() + 1)) /
            64 * 64,
        64, std::max<int64_t>(rows, 1));
    auto columns = [&](int64_t first, int64_t last) {
      std::vector<T> buffer(static_cast<std::size_t>(std::min(chunk, rows)));
      for (int64_t j = first; j < last; ++j) {
        for (int64_t i0 = 0; i0 < rows; i0 += chunk) {
          const int64_t len = std::min(chunk, rows - i0);
          for (std::size_t d = 0; d < dsts.size(); ++d) {
            T* dst = dsts[d].p + j * dsts[d].ld + i0;
            T* out = streamed[d] ? buffer.data() : dst;
            const auto& ts = terms[d];
            if (ts.empty()) {
              ScaleOnly(out, c.init[d], beta, len);
              continue;
            }
            FirstTerm(out, srcs[ts[0].src].p + j * srcs[ts[0].src].ld + i0, ts[0].k, c.init[d],
                      beta, len);
            for (std::size_t t = 1; t < ts.size(); ++t) {
              const T* src = srcs[ts[t].src].p + j * srcs[ts[t].src].ld + i0;
              const T k = ts[t].k;
              for (int64_t i = 0; i < len; ++i) out[i] += k * src[i];
            }
            if (streamed[d]) StreamColumn(dst, out, len);
          }
        }
      }
      StreamFence();
    };
    // Columns are independent: one contiguous share per thread BLAS uses; tiny blocks stay on
    // the calling thread (waking a worker costs more than the work).
    const int parts = rows * cols > 16384 ? gemm_.threads() : 1;
    alphatensor::ColumnPool::Instance().ParallelFor(cols, parts, columns);
  }

  void DoFringe(const fastmm::SubGemm& f) {
    if (f.m_len == 0 || f.n_len == 0) return;
    BaseGemm(call_.transa, call_.transb, f.m_len, f.n_len, f.k_len, call_.alpha,
             At(call_.a, call_.lda, call_.transa, f.m0, f.k0), call_.lda,
             At(call_.b, call_.ldb, call_.transb, f.k0, f.n0), call_.ldb,
             f.accumulate ? T(1) : call_.beta, At(call_.c, call_.ldc, Trans::kNoTrans, f.m0, f.n0),
             call_.ldc);
  }

  template <typename... Args>
  void BaseGemm(Args&&... args) {
    if constexpr (sizeof(T) == 4) gemm_.s(std::forward<Args>(args)...);
    else gemm_.d(std::forward<Args>(args)...);
  }

  const fastmm::Plan& plan_;
  GemmCall<T>& call_;
  HostGemm gemm_;
  fastmm::Split split_;
  int64_t bm_ = 0, bn_ = 0, bk_ = 0;
  bool profile_ = false;  // LAPACK_AI_FASTMM_PROFILE=1: time products vs additions per Run
  std::vector<std::vector<T>> slots_;
};

struct FastBinder {
  const fastmm::Plan& plan;
  Call& call;
  const HostGemm& gemm;
  template <typename T>
  std::function<void()> Make(GemmCall<T>& c) const {
    auto exec = std::make_shared<PlanExecutor<T>>(plan, c, gemm);
    return [exec] { exec->Run(); };
  }
  std::function<void()> operator()(GemmCall<float>& c) const { return Make(c); }
  std::function<void()> operator()(GemmCall<double>& c) const { return Make(c); }
  template <typename Other>
  std::function<void()> operator()(Other&) const {
    throw Unsupported(fmt::format("alphatensor@{}: {} is not a gemm", gemm.backend, RoutineOf(call)));
  }
};

}  // namespace

std::unique_ptr<BoundCall> BindHostFastGemm(const fastmm::Plan& plan, Call& call, HostGemm gemm) {
  std::function<void()> fn = std::visit(FastBinder{plan, call, gemm}, call);
  return MakeHostBoundCall(call, std::move(fn));
}

}  // namespace lapack_ai
