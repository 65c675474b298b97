// Tests of the plan compiler and the peeling split: plan structure (pass counts, in-place
// operands, one beta write per C block), plan semantics (an independent scalar interpreter),
// Kronecker levels, E, GF(2) refusal, and that a split covers C exactly once.
#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <tuple>

#include "lapack_ai/error.h"
#include "lapack_ai/fastmm/catalogue.h"
#include "lapack_ai/fastmm/plan.h"
#include "lapack_ai/fastmm/stats.h"
#include "lapack_ai/fastmm/verify.h"

namespace lapack_ai::fastmm {
namespace {

const Scheme& Named(const char* name) {
  const Scheme* s = FindScheme(name);
  REQUIRE_MESSAGE(s != nullptr, name);
  return *s;
}

// Runs a plan on 1x1 blocks (scalars): A is mb x kb, B kb x nb, C mb x nb, all row-major.
std::vector<double> Interpret(const Plan& plan, const std::vector<double>& a,
                              const std::vector<double>& b, std::vector<double> c, double alpha,
                              double beta) {
  std::vector<double> slots(plan.slots.size(), 0.0);
  auto get = [&](BlockRef r) -> double& {
    switch (r.kind) {
      case BlockRef::Kind::kA: return const_cast<double&>(a[static_cast<std::size_t>(r.index)]);
      case BlockRef::Kind::kB: return const_cast<double&>(b[static_cast<std::size_t>(r.index)]);
      case BlockRef::Kind::kC: return c[static_cast<std::size_t>(r.index)];
      case BlockRef::Kind::kSlot: break;
    }
    return slots[static_cast<std::size_t>(r.index)];
  };
  auto apply = [&](double& dst, Init init, double value) {
    if (init == Init::kOverwrite) dst = value;
    else if (init == Init::kAccumulate) dst += value;
    else dst = (beta == 0 ? 0.0 : beta * dst) + value;
  };
  for (const Step& step : plan.steps) {
    if (const auto* p = std::get_if<Product>(&step)) {
      const double s = p->target.kind == BlockRef::Kind::kC ? alpha : 1.0;
      apply(get(p->target), p->init, s * p->coeff * get(p->x) * get(p->y));
      continue;
    }
    const auto& comb = std::get<Combine>(step);
    std::vector<double> src;
    for (BlockRef r : comb.srcs) src.push_back(get(r));
    for (std::size_t d = 0; d < comb.dsts.size(); ++d) {
      double sum = 0;
      for (std::size_t s = 0; s < src.size(); ++s) sum += comb.coeff[d * src.size() + s] * src[s];
      const double sc = comb.dsts[d].kind == BlockRef::Kind::kC ? alpha : 1.0;
      apply(get(comb.dsts[d]), comb.init[d], sc * sum);
    }
  }
  return c;
}

void CheckSemantics(const Plan& plan) {
  std::mt19937 gen(7);
  std::uniform_real_distribution<double> dist(-1, 1);
  auto fill = [&](int count) {
    std::vector<double> v(static_cast<std::size_t>(count));
    for (double& x : v) x = dist(gen);
    return v;
  };
  const auto a = fill(plan.mb * plan.kb), b = fill(plan.kb * plan.nb), c0 = fill(plan.mb * plan.nb);
  const std::pair<double, double> scalars[] = {{1.0, 0.0}, {-0.75, 1.0}, {2.0, -0.5}};
  for (const auto& [alpha, beta] : scalars) {
    const auto c = Interpret(plan, a, b, c0, alpha, beta);
    for (int i = 0; i < plan.mb; ++i)
      for (int l = 0; l < plan.nb; ++l) {
        double want = beta * c0[static_cast<std::size_t>(i * plan.nb + l)];
        for (int j = 0; j < plan.kb; ++j)
          want += alpha * a[static_cast<std::size_t>(i * plan.kb + j)] *
                  b[static_cast<std::size_t>(j * plan.nb + l)];
        CHECK(c[static_cast<std::size_t>(i * plan.nb + l)] == doctest::Approx(want).epsilon(1e-12));
      }
  }
}

TEST_CASE("plan: Strassen compiles to 7 products, single-term operands used in place") {
  CompileOptions per_product;
  per_product.fusion = Fusion::kPerProduct;
  const Plan plan = CompilePlan(Named("strassen"), per_product);
  CHECK(plan.mb == 2);
  CHECK(plan.kb == 2);
  CHECK(plan.nb == 2);
  CHECK(plan.ProductCount() == 7);
  CHECK(plan.rank == 7);
  CHECK(plan.stability_e == 12);
  CHECK(ThresholdScale(plan) == 3);
  // Strassen has 5 two-term A operands, 5 two-term B operands (10 combinations of 3 passes)
  // and 5 products feeding two C blocks. Deferred: each C block sums its slots in one pass
  // (10 slot reads + 4 read/write of C); scattered: 5 scatters of 1 + 2*2 passes.
  CHECK(plan.CombinePasses() == 10 * 3 + 10 + 4 * 2);
  CHECK(plan.slots.size() == 2 + 5);
  CompileOptions scatter = per_product;
  scatter.max_product_slots = 0;
  const Plan scattered = CompilePlan(Named("strassen"), scatter);
  CHECK(scattered.CombinePasses() == 10 * 3 + 5 * 5);
  CHECK(scattered.slots.size() == 3);
  CheckSemantics(scattered);
  int products_into_c = 0;
  for (const Step& s : plan.steps) {
    if (const auto* p = std::get_if<Product>(&s)) {
      products_into_c += p->target.kind == BlockRef::Kind::kC ? 1 : 0;
    }
  }
  CHECK(products_into_c == 2);  // M6 and M7 accumulate straight into C
  CheckSemantics(plan);
}

TEST_CASE("plan: the wide layout reads every block once per side (Strassen 31 passes, Strassen^2 199)") {
  const Plan plan = CompilePlan(Named("strassen"));
  CHECK(plan.fusion == Fusion::kWide);
  CHECK(plan.ProductCount() == 7);
  // A: 4 blocks read, 5 operands written; B the same; C: 5 product slots read, 4 C blocks
  // read-and-written (beta): 9 + 9 + 13.
  CHECK(plan.CombinePasses() == 9 + 9 + 5 + 4 * 2);
  CHECK(plan.slots.size() == 5 + 5 + 5);
  int combines = 0;
  for (const Step& s : plan.steps) combines += std::holds_alternative<Combine>(s) ? 1 : 0;
  CHECK(combines == 3);
  CheckSemantics(plan);
  // Strassen^2: 16 + 45 per operand side, 45 slots + 16 C blocks (beta) on the C side.
  const Plan two = CompilePlan(Named("strassen2"));
  CHECK(two.ProductCount() == 49);
  CHECK(two.CombinePasses() == 2 * (16 + 45) + 45 + 16 * 2);
  CheckSemantics(two);
  for (const char* name : {"winograd", "alphatensor-4x4x4", "alphatensor-3x4x5",
                           "dps-4x4x4-48-rational", "dps-4x4x4-48-accurate", "4x4x4-49-156"}) {
    CAPTURE(name);
    const Plan wide = CompilePlan(Named(name));
    CompileOptions per_product;
    per_product.fusion = Fusion::kPerProduct;
    CHECK(wide.CombinePasses() < CompilePlan(Named(name), per_product).CombinePasses());
    CheckSemantics(wide);
  }
}

TEST_CASE("plan: all_slots puts every operand and product in a slot, products in order") {
  for (const char* name : {"strassen", "strassen2", "alphatensor-3x4x5"}) {
    CAPTURE(name);
    CompileOptions options;
    options.all_slots = true;
    const Plan plan = CompilePlan(Named(name), options);
    int last_target = -1, products = 0;
    for (const Step& s : plan.steps) {
      const auto* p = std::get_if<Product>(&s);
      if (p == nullptr) continue;
      ++products;
      CHECK(p->x.kind == BlockRef::Kind::kSlot);
      CHECK(p->y.kind == BlockRef::Kind::kSlot);
      CHECK(p->target.kind == BlockRef::Kind::kSlot);
      CHECK(p->target.index > last_target);
      last_target = p->target.index;
    }
    CHECK(products == plan.rank);
    CheckSemantics(plan);
  }
}

TEST_CASE("plan: wide operands equal up to a scale share one slot") {
  // <1,2,1:4>: (a1+a2)b1 + 1/2 (2a1+2a2)b2 - a1 b2 - a2 b1 = a1 b1 + a2 b2. Products 1 and 2
  // share the A operand a1 + a2 (the second scaled by 2).
  Scheme s;
  s.name = "shared-sum";
  s.m = 1, s.k = 2, s.n = 1, s.rank = 4;
  s.u = {1, 1, 2, 2, 1, 0, 0, 1};
  s.v = {1, 0, 0, 1, 0, 1, 1, 0};
  s.w = {1, Rational(1, 2), -1, -1};
  REQUIRE(Verify(s).ok);
  const Plan plan = CompilePlan(s);
  int a_slots = 0;
  for (const Slot& slot : plan.slots) a_slots += slot.shape == Slot::Shape::kA ? 1 : 0;
  CHECK(a_slots == 1);
  CheckSemantics(plan);
}

TEST_CASE("plan: every C block gets exactly one beta write, before any accumulation") {
  for (const char* name : {"strassen", "winograd", "strassen2", "alphatensor-4x4x4",
                           "alphatensor-3x4x5", "dps-4x4x4-48-rational"}) {
    CAPTURE(name);
    for (const Fusion fusion : {Fusion::kPerProduct, Fusion::kWide}) {
    CompileOptions options;
    options.max_product_slots = std::string(name) == "strassen2" ? 0 : 64;
    options.fusion = fusion;
    const Plan plan = CompilePlan(Named(name), options);
    std::vector<int> state(static_cast<std::size_t>(plan.mb * plan.nb), 0);  // 0 none, 1 beta
    auto see = [&](BlockRef r, Init init) {
      if (r.kind != BlockRef::Kind::kC) return;
      int& st = state[static_cast<std::size_t>(r.index)];
      CHECK(init != Init::kOverwrite);
      CHECK((init == Init::kBeta) == (st == 0));
      st = 1;
    };
    for (const Step& s : plan.steps) {
      if (const auto* p = std::get_if<Product>(&s)) see(p->target, p->init);
      else
        for (std::size_t d = 0; d < std::get<Combine>(s).dsts.size(); ++d)
          see(std::get<Combine>(s).dsts[d], std::get<Combine>(s).init[d]);
    }
    for (int st : state) CHECK(st == 1);
    CheckSemantics(plan);
    }
  }
}

TEST_CASE("plan: levels are Kronecker powers (Strassen/2 = 49 products on a 4x4 grid, E = 144)") {
  CompileOptions two;
  two.levels = 2;
  const Plan plan = CompilePlan(Named("strassen"), two);
  CHECK(plan.mb == 4);
  CHECK(plan.ProductCount() == 49);
  CHECK(plan.stability_e == 144);
  CHECK(plan.stability_e == PoweredStabilityFactor(Named("strassen2"), 1));
  CHECK(ThresholdScale(plan) == 9);
  CheckSemantics(plan);
  const Plan rect = CompilePlan(Named("alphatensor-3x4x5"), two);
  CHECK(rect.mb == 9);
  CHECK(rect.kb == 16);
  CHECK(rect.nb == 25);
  CHECK(rect.ProductCount() == 47 * 47);
}

TEST_CASE("plan: GF(2) schemes and bad levels are refused") {
  CHECK_THROWS_AS(CompilePlan(Named("alphatensor-4x4x4-gf2")), UsageError);
  CompileOptions zero;
  zero.levels = 0;
  CHECK_THROWS_AS(CompilePlan(Named("strassen"), zero), UsageError);
  CompileOptions huge;
  huge.levels = 4;
  CHECK_THROWS_AS(CompilePlan(Named("strassen2"), huge), UsageError);
}

TEST_CASE("split: the core and fringes cover C exactly once, k-fringe accumulates") {
  const Plan plan = CompilePlan(Named("alphatensor-3x4x5"));
  const std::tuple<int64_t, int64_t, int64_t> shapes[] = {{1, 1, 1},    {3, 5, 4},   {7, 11, 13},
                                                         {31, 2, 17}, {30, 50, 40}, {97, 89, 83}};
  for (const auto& [m, n, k] : shapes) {
    CAPTURE(m);
    CAPTURE(n);
    CAPTURE(k);
    const Split split = SplitForPlan(plan, m, n, k);
    std::vector<int> beta_writes(static_cast<std::size_t>(m * n), 0);
    std::vector<int64_t> k_covered(static_cast<std::size_t>(m * n), 0);
    std::vector<SubGemm> all = split.fringes;
    if (split.core.m_len > 0) {
      CHECK(split.core.m_len % plan.mb == 0);
      CHECK(split.core.k_len % plan.kb == 0);
      all.insert(all.begin(), split.core);
    }
    for (const SubGemm& g : all)
      for (int64_t i = g.m0; i < g.m0 + g.m_len; ++i)
        for (int64_t j = g.n0; j < g.n0 + g.n_len; ++j) {
          beta_writes[static_cast<std::size_t>(i + j * m)] += g.accumulate ? 0 : 1;
          k_covered[static_cast<std::size_t>(i + j * m)] += g.k_len;
        }
    for (int w : beta_writes) CHECK(w == 1);
    for (int64_t kc : k_covered) CHECK(kc == k);
  }
  CHECK(SplitForPlan(plan, 2, 4, 3).core.m_len == 0);  // smaller than the grid: base GEMM
  CHECK(SplitForPlan(plan, 300, 500, 400, 200).core.m_len == 0);  // below min_block
}

TEST_CASE("plan: additions after planning never exceed the naive count") {
  CHECK(CompilePlan(*FindScheme("classical")).CombineAdditions() == 0);  // all into C, beta = 1
  const int strassen = CompilePlan(*FindScheme("strassen")).CombineAdditions();
  CHECK(strassen >= 10);  // 5 two-term A sums + 5 two-term B sums at least
  CHECK(strassen <= ComputeStats(*FindScheme("strassen")).naive_additions);
  for (const Scheme& s : Catalogue()) {
    if (s.field != Field::kQ) continue;
    CAPTURE(s.name);
    CHECK(CompilePlan(s).CombineAdditions() <= ComputeStats(s).naive_additions);
  }
}

}  // namespace
}  // namespace lapack_ai::fastmm
