// Splitting an arbitrary m x n x k gemm into a plan-sized core and base-GEMM fringes (peeling),
// and the defaults of Backend::BindFastGemm (no plan executor) and FastWorkspaceBudget.
#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

#include "lapack_ai/backend.h"
#include "lapack_ai/error.h"
#include "lapack_ai/fastmm/plan.h"

namespace lapack_ai {

std::unique_ptr<BoundCall> Backend::BindFastGemm(const fastmm::Plan& plan, Call& /*gemm_call*/) {
  throw Unsupported(fmt::format("{}: no fast-matmul executor for scheme '{}'", name(), plan.scheme));
}

int64_t Backend::FastWorkspaceBudget() const {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  return pages > 0 && page > 0 ? static_cast<int64_t>(pages) * page / 4 : int64_t{1} << 30;
}

namespace fastmm {

Split SplitForPlan(const Plan& plan, int64_t m, int64_t n, int64_t k, int64_t min_block) {
  Split split;
  const int64_t bm = m / plan.mb, bn = n / plan.nb, bk = k / plan.kb;
  const int64_t smallest = std::min({bm, bn, bk});
  if (smallest < std::max<int64_t>(min_block, 1)) {
    split.fringes.push_back({0, m, 0, n, 0, k, false});
    return split;
  }
  // Peel rather than pad: the core is the largest multiple of the grid, and the strips left
  // over are thin GEMMs the base runs at near full speed, with no copies of A, B or C.
  const int64_t cm = bm * plan.mb, cn = bn * plan.nb, ck = bk * plan.kb;
  split.core = {0, cm, 0, cn, 0, ck, false};
  if (ck < k) split.fringes.push_back({0, cm, 0, cn, ck, k - ck, true});
  if (cn < n) split.fringes.push_back({0, cm, cn, n - cn, 0, k, false});
  if (cm < m) split.fringes.push_back({cm, m - cm, 0, n, 0, k, false});
  return split;
}

int Plan::ProductCount() const {
  int count = 0;
  for (const Step& s : steps) count += std::holds_alternative<Product>(s) ? 1 : 0;
  return count;
}

int Plan::CombinePasses() const {
  int passes = 0;
  for (const Step& s : steps) {
    if (const auto* c = std::get_if<Combine>(&s)) {
      passes += static_cast<int>(c->srcs.size());
      for (Init init : c->init) passes += init == Init::kOverwrite ? 1 : 2;
    }
  }
  return passes;
}

int64_t Plan::WorkspaceElements(int64_t bm, int64_t bk, int64_t bn) const {
  int64_t elements = 0;
  for (const Slot& s : slots) {
    elements += s.shape == Slot::Shape::kA ? bm * bk : s.shape == Slot::Shape::kB ? bk * bn
                                                                                  : bm * bn;
  }
  return elements;
}

int Plan::CombineAdditions() const {
  int additions = 0;
  for (const Step& s : steps) {
    const auto* c = std::get_if<Combine>(&s);
    if (c == nullptr) continue;
    for (std::size_t d = 0; d < c->dsts.size(); ++d) {
      int terms = c->init[d] == Init::kAccumulate ? 1 : 0;
      for (std::size_t j = 0; j < c->srcs.size(); ++j)
        terms += c->coeff[d * c->srcs.size() + j] != 0.0 ? 1 : 0;
      additions += std::max(0, terms - 1);
    }
  }
  return additions;
}

}  // namespace fastmm
}  // namespace lapack_ai
