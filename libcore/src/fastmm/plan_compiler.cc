// The plan compiler: a verified scheme, Kronecker-powered to L levels, becomes a list of fused
// steps with the fewest memory passes (see plan.h). Fusion::kWide: three wide combinations
// (BuildWide). Fusion::kPerProduct: single-term operands are used in place,
// products feeding one C block accumulate into it with beta = 1, products feeding several are
// written once to their own slot and each C block sums its slots in one fused pass at the end
// (or, past CompileOptions::max_product_slots, scattered right away through one reused slot).
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_ai/fastmm/plan.h"
#include "lapack_ai/fastmm/verify.h"

namespace lapack_ai::fastmm {
namespace {

// A scheme with double coefficients (exact: catalogue coefficients are small dyadic rationals or
// integers and their products stay exact), in the column-major layout of Scheme.
struct DenseScheme {
  int m = 1, k = 1, n = 1, rank = 1;
  std::vector<double> u{1.0}, v{1.0}, w{1.0};
};

DenseScheme ToDense(const Scheme& s) {
  DenseScheme d{s.m, s.k, s.n, s.rank, {}, {}, {}};
  for (const Rational& x : s.u) d.u.push_back(x.ToDouble());
  for (const Rational& x : s.v) d.v.push_back(x.ToDouble());
  for (const Rational& x : s.w) d.w.push_back(x.ToDouble());
  return d;
}

// Coefficient matrix of one operand of the Kronecker product: rows of `outer` (a p x q block
// grid) are split by `inner`'s p' x q' grid, so block (i1*p'+i2, j1*q'+j2) gets the product of
// the coefficients; product index r = r1 * R' + r2 (outer level first, as recursion runs).
std::vector<double> KronFactor(const std::vector<double>& outer, int p, int q, int outer_rank,
                               const std::vector<double>& inner, int pi, int qi, int inner_rank) {
  const int rows = p * pi * q * qi;
  std::vector<double> out(static_cast<std::size_t>(rows) * outer_rank * inner_rank, 0.0);
  for (int r1 = 0; r1 < outer_rank; ++r1)
    for (int r2 = 0; r2 < inner_rank; ++r2)
      for (int i1 = 0; i1 < p; ++i1)
        for (int j1 = 0; j1 < q; ++j1) {
          const double c1 = outer[static_cast<std::size_t>(i1 * q + j1 + r1 * p * q)];
          if (c1 == 0) continue;
          for (int i2 = 0; i2 < pi; ++i2)
            for (int j2 = 0; j2 < qi; ++j2) {
              const double c2 = inner[static_cast<std::size_t>(i2 * qi + j2 + r2 * pi * qi)];
              const int row = (i1 * pi + i2) * (q * qi) + (j1 * qi + j2);
              const int r = r1 * inner_rank + r2;
              out[static_cast<std::size_t>(row + r * rows)] = c1 * c2;
            }
        }
  return out;
}

DenseScheme Kron(const DenseScheme& a, const DenseScheme& b) {
  DenseScheme d;
  d.m = a.m * b.m;
  d.k = a.k * b.k;
  d.n = a.n * b.n;
  d.rank = a.rank * b.rank;
  d.u = KronFactor(a.u, a.m, a.k, a.rank, b.u, b.m, b.k, b.rank);
  d.v = KronFactor(a.v, a.k, a.n, a.rank, b.v, b.k, b.n, b.rank);
  d.w = KronFactor(a.w, a.m, a.n, a.rank, b.w, b.m, b.n, b.rank);
  return d;
}

DenseScheme Powered(const Scheme& scheme, int levels) {
  const DenseScheme one = ToDense(scheme);
  DenseScheme d = one;
  for (int l = 1; l < levels; ++l) d = Kron(d, one);
  return d;
}

double StabilityOf(const DenseScheme& d) {
  double e = 0;
  const int na = d.m * d.k, nb = d.k * d.n, nc = d.m * d.n;
  for (int c = 0; c < nc; ++c) {
    double ec = 0;
    for (int r = 0; r < d.rank; ++r) {
      const double wc = std::fabs(d.w[static_cast<std::size_t>(c + r * nc)]);
      if (wc == 0) continue;
      double nu = 0, nv = 0;
      for (int a = 0; a < na; ++a) nu += std::fabs(d.u[static_cast<std::size_t>(a + r * na)]);
      for (int b = 0; b < nb; ++b) nv += std::fabs(d.v[static_cast<std::size_t>(b + r * nb)]);
      ec += wc * nu * nv;
    }
    e = std::max(e, ec);
  }
  return e;
}

struct Term {
  int index;
  double coeff;
  friend bool operator==(const Term&, const Term&) = default;
};

// The first write into each C block applies the call's beta, later ones accumulate; blocks no
// product reaches still get C = beta*C (only a degenerate scheme has one).
class CWrites {
 public:
  explicit CWrites(int nc) : written_(static_cast<std::size_t>(nc), false) {}

  Init First(int c) {
    const Init init = written_[static_cast<std::size_t>(c)] ? Init::kAccumulate : Init::kBeta;
    written_[static_cast<std::size_t>(c)] = true;
    return init;
  }

  void EmitUntouched(std::vector<Step>* steps) const {
    Combine untouched;
    for (std::size_t c = 0; c < written_.size(); ++c) {
      if (written_[c]) continue;
      untouched.dsts.push_back({BlockRef::Kind::kC, static_cast<int>(c)});
      untouched.init.push_back(Init::kBeta);
    }
    if (!untouched.dsts.empty()) steps->push_back(std::move(untouched));
  }

 private:
  std::vector<bool> written_;
};

std::vector<Term> Column(const std::vector<double>& coeffs, int rows, int r) {
  std::vector<Term> terms;
  for (int i = 0; i < rows; ++i) {
    const double c = coeffs[static_cast<std::size_t>(i + r * rows)];
    if (c != 0) terms.push_back({i, c});
  }
  return terms;
}

// The operand of one product: a block used in place (scaled through the product's coefficient)
// or one fused combination written to `slot`.
BlockRef Operand(const std::vector<Term>& terms, BlockRef::Kind kind, int slot, double* scale,
                 std::vector<Step>* steps) {
  if (terms.size() == 1) {
    *scale = terms[0].coeff;
    return {kind, terms[0].index};
  }
  Combine c;
  for (const Term& t : terms) {
    c.srcs.push_back({kind, t.index});
    c.coeff.push_back(t.coeff);
  }
  c.dsts.push_back({BlockRef::Kind::kSlot, slot});
  c.init.push_back(Init::kOverwrite);
  steps->push_back(std::move(c));
  *scale = 1.0;
  return {BlockRef::Kind::kSlot, slot};
}

// Emits a plan's steps product by product, tracking the first write into each C block.
class PlanBuilder {
 public:
  PlanBuilder(const DenseScheme& d, int max_product_slots, Plan* plan)
      : d_(d), plan_(*plan), nc_(d.m * d.n), sums_(static_cast<std::size_t>(nc_)), writes_(nc_) {
    int multi_target = 0;
    for (int r = 0; r < d.rank; ++r) multi_target += Column(d.w, nc_, r).size() > 1 ? 1 : 0;
    defer_ = multi_target <= max_product_slots;
    plan_.slots = {{Slot::Shape::kA}, {Slot::Shape::kB}};
    if (!defer_) plan_.slots.push_back({Slot::Shape::kC});  // slot 2: the reused scatter slot
  }

  void AddProduct(int r) {
    const auto us = Column(d_.u, d_.m * d_.k, r), vs = Column(d_.v, d_.k * d_.n, r);
    const auto ws = Column(d_.w, nc_, r);
    if (us.empty() || vs.empty() || ws.empty()) return;  // contributes nothing
    double su = 1, sv = 1;
    Product p;
    p.x = Operand(us, BlockRef::Kind::kA, 0, &su, &plan_.steps);
    p.y = Operand(vs, BlockRef::Kind::kB, 1, &sv, &plan_.steps);
    p.coeff = su * sv;
    ++plan_.rank;
    if (ws.size() == 1) {
      p.target = {BlockRef::Kind::kC, ws[0].index};
      p.coeff *= ws[0].coeff;
      p.init = writes_.First(ws[0].index);
      plan_.steps.push_back(p);
    } else if (defer_) {
      const int slot = static_cast<int>(plan_.slots.size());
      plan_.slots.push_back({Slot::Shape::kC});
      plan_.steps.push_back(Product{p.x, p.y, {BlockRef::Kind::kSlot, slot}, p.coeff, Init::kOverwrite});
      for (const Term& t : ws) {
        sums_[static_cast<std::size_t>(t.index)].srcs.push_back({BlockRef::Kind::kSlot, slot});
        sums_[static_cast<std::size_t>(t.index)].coeff.push_back(t.coeff);
      }
    } else {
      plan_.steps.push_back(Product{p.x, p.y, {BlockRef::Kind::kSlot, 2}, p.coeff, Init::kOverwrite});
      Combine scatter;
      scatter.srcs.push_back({BlockRef::Kind::kSlot, 2});
      for (const Term& t : ws) {
        scatter.dsts.push_back({BlockRef::Kind::kC, t.index});
        scatter.init.push_back(writes_.First(t.index));
        scatter.coeff.push_back(t.coeff);
      }
      plan_.steps.push_back(std::move(scatter));
    }
  }

  // The deferred per-C-block sums, then C = beta*C for any block no product reaches.
  void Finish() {
    for (int c = 0; c < nc_; ++c) {
      Combine& sum = sums_[static_cast<std::size_t>(c)];
      if (sum.srcs.empty()) continue;
      sum.dsts.push_back({BlockRef::Kind::kC, c});
      sum.init.push_back(writes_.First(c));
      plan_.steps.push_back(std::move(sum));
    }
    writes_.EmitUntouched(&plan_.steps);
  }

 private:
  const DenseScheme& d_;
  Plan& plan_;
  const int nc_;
  bool defer_ = true;
  std::vector<Combine> sums_;  // deferred per-C-block sums
  CWrites writes_;
};

// The operands of one side (A or B) in the wide layout: every multi-term operand gets a slot,
// shared by operands equal up to a scale, and ONE Combine writes them all.
class WideOperands {
 public:
  WideOperands(BlockRef::Kind kind, Slot::Shape shape, bool all_slots)
      : kind_(kind), shape_(shape), all_slots_(all_slots) {}

  // The block or slot product r uses, and the scale to fold into the product's coefficient.
  BlockRef Add(const std::vector<Term>& terms, double* scale, Plan* plan) {
    if (terms.size() == 1 && !all_slots_) {
      *scale = terms[0].coeff;
      return {kind_, terms[0].index};
    }
    // Normalised so the first coefficient is 1: c*x and x share a slot.
    std::vector<Term> key = terms;
    for (Term& t : key) t.coeff /= terms[0].coeff;
    *scale = terms[0].coeff;
    for (std::size_t i = 0; i < operands_.size(); ++i)
      if (operands_[i] == key) return {BlockRef::Kind::kSlot, slots_[i]};
    operands_.push_back(std::move(key));
    slots_.push_back(static_cast<int>(plan->slots.size()));
    plan->slots.push_back({shape_});
    return {BlockRef::Kind::kSlot, slots_.back()};
  }

  // The one Combine: sources are the blocks any operand reads, in index order.
  void Emit(std::vector<Step>* steps) const {
    if (operands_.empty()) return;
    std::vector<int> blocks;
    for (const auto& o : operands_)
      for (const Term& t : o) blocks.push_back(t.index);
    std::sort(blocks.begin(), blocks.end());
    blocks.erase(std::unique(blocks.begin(), blocks.end()), blocks.end());
    Combine c;
    for (int b : blocks) c.srcs.push_back({kind_, b});
    for (std::size_t i = 0; i < operands_.size(); ++i) {
      c.dsts.push_back({BlockRef::Kind::kSlot, slots_[i]});
      c.init.push_back(Init::kOverwrite);
      for (int b : blocks) {
        double k = 0;
        for (const Term& t : operands_[i]) k = t.index == b ? t.coeff : k;
        c.coeff.push_back(k);
      }
    }
    steps->push_back(std::move(c));
  }

 private:
  BlockRef::Kind kind_;
  Slot::Shape shape_;
  bool all_slots_;
  std::vector<std::vector<Term>> operands_;
  std::vector<int> slots_;
};

// Fusion::kWide (plan.h): operand combinations, the products that feed several C blocks (into
// slots), one C combination, then the products that feed one C block (beta = 1 into C).
// With all_slots every operand and every product gets a slot (CompileOptions::all_slots).
void BuildWide(const DenseScheme& d, bool all_slots, Plan* plan) {
  const int nc = d.m * d.n;
  WideOperands as(BlockRef::Kind::kA, Slot::Shape::kA, all_slots);
  WideOperands bs(BlockRef::Kind::kB, Slot::Shape::kB, all_slots);
  std::vector<Product> into_slots, into_c;
  std::vector<std::vector<Term>> c_terms;  // W column of each slot product
  for (int r = 0; r < d.rank; ++r) {
    const auto us = Column(d.u, d.m * d.k, r), vs = Column(d.v, d.k * d.n, r);
    const auto ws = Column(d.w, nc, r);
    if (us.empty() || vs.empty() || ws.empty()) continue;  // contributes nothing
    double su = 1, sv = 1;
    Product p;
    p.x = as.Add(us, &su, plan);
    p.y = bs.Add(vs, &sv, plan);
    p.coeff = su * sv;
    ++plan->rank;
    if (ws.size() == 1 && !all_slots) {
      p.target = {BlockRef::Kind::kC, ws[0].index};
      p.coeff *= ws[0].coeff;
      into_c.push_back(p);
      continue;
    }
    p.target = {BlockRef::Kind::kSlot, static_cast<int>(plan->slots.size())};
    plan->slots.push_back({Slot::Shape::kC});
    p.init = Init::kOverwrite;
    into_slots.push_back(p);
    c_terms.push_back(ws);
  }
  as.Emit(&plan->steps);
  bs.Emit(&plan->steps);
  for (const Product& p : into_slots) plan->steps.push_back(p);
  CWrites writes(nc);
  Combine sum;
  for (const Product& p : into_slots) sum.srcs.push_back(p.target);
  for (int c = 0; c < nc; ++c) {
    std::vector<double> row(sum.srcs.size(), 0.0);
    bool any = false;
    for (std::size_t s = 0; s < c_terms.size(); ++s)
      for (const Term& t : c_terms[s])
        if (t.index == c) row[s] = t.coeff, any = true;
    if (!any) continue;
    sum.dsts.push_back({BlockRef::Kind::kC, c});
    sum.init.push_back(writes.First(c));
    sum.coeff.insert(sum.coeff.end(), row.begin(), row.end());
  }
  if (!sum.dsts.empty()) plan->steps.push_back(std::move(sum));
  for (Product p : into_c) {
    p.init = writes.First(p.target.index);
    plan->steps.push_back(p);
  }
  writes.EmitUntouched(&plan->steps);
}

}  // namespace

double PoweredStabilityFactor(const Scheme& scheme, int levels) {
  return StabilityOf(Powered(scheme, levels));
}

double ThresholdScale(const Plan& plan) {
  return std::max(1.0, plan.stability_e / (static_cast<double>(plan.kb) * plan.kb));
}

Plan CompilePlan(const Scheme& scheme, const CompileOptions& options) {
  RequireFloatingPointUsable(scheme);
  const int levels = options.levels;
  const double blocks = std::pow(std::max({scheme.m * scheme.k, scheme.k * scheme.n,
                                           scheme.m * scheme.n}), levels);
  if (levels < 1 || blocks > 4096) {
    throw UsageError(fmt::format("scheme '{}': recursion levels must be >= 1 and keep the grid "
                                 "within 4096 blocks, got /{}", scheme.name, levels));
  }
  const DenseScheme d = Powered(scheme, levels);
  Plan plan;
  plan.scheme = scheme.name;
  plan.levels = levels;
  plan.mb = d.m;
  plan.kb = d.k;
  plan.nb = d.n;
  plan.stability_e = StabilityOf(d);
  plan.fusion = options.fusion;
  if (options.fusion == Fusion::kWide) {
    BuildWide(d, options.all_slots, &plan);
    return plan;
  }
  PlanBuilder builder(d, options.max_product_slots, &plan);
  for (int r = 0; r < d.rank; ++r) builder.AddProduct(r);
  builder.Finish();
  return plan;
}

}  // namespace lapack_ai::fastmm
