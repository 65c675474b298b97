// Renderings for `lapack-ai schemes`: aligned tables, the bilinear products written out, and
// the JSON summaries.
#include "schemes_format.h"

#include <optional>

#include <fmt/format.h>

#include "lapack_ai/fastmm/plan.h"
#include "lapack_ai/fastmm/stats.h"

namespace lapack_ai::cli {

namespace {

using fastmm::Rational;
using fastmm::Scheme;

std::string FieldText(const Scheme& s) { return s.field == fastmm::Field::kGF2 ? "GF2" : "Q"; }

std::string Block(char matrix, int row, int col, bool compact) {
  return compact ? fmt::format("{}{}{}", matrix, row, col)
                 : fmt::format("{}[{}][{}]", matrix, row, col);
}

/// "A00 - 1/2 A11": a linear form over blocks, `name(index)` naming block `index`.
template <typename Coeff, typename Name>
std::string LinearForm(int count, Coeff coeff, Name name) {
  std::string out;
  for (int x = 0; x < count; ++x) {
    const Rational q = coeff(x);
    if (q.is_zero()) continue;
    const bool negative = q.num < 0;
    const Rational mag = negative ? -q : q;
    const std::string factor = mag == Rational(1) ? "" : mag.ToString() + " ";
    out += out.empty() ? (negative ? "-" : "") : (negative ? " - " : " + ");
    out += factor + name(x);
  }
  return out.empty() ? "0" : out;
}

std::string EText(const fastmm::SchemeStats& st) { return st.e.ToString(); }

}  // namespace

std::string ShapeText(const Scheme& s) { return fmt::format("{}x{}x{}", s.m, s.k, s.n); }

std::string ListTable(const std::vector<const Scheme*>& schemes) {
  std::string out = fmt::format("{:<24} {:>7} {:>4} {:>5} {:>5}  {}\n", "name", "shape", "R",
                                "field", "E", "description");
  for (const Scheme* s : schemes) {
    out += fmt::format("{:<24} {:>7} {:>4} {:>5} {:>5}  {}\n", s->name, ShapeText(*s), s->rank,
                       FieldText(*s), EText(fastmm::ComputeStats(*s)), s->description);
  }
  return out;
}

// Additions the compiled plan (one level) performs outside the GEMMs and the block passes
// (reads + writes) they cost; none for GF(2) schemes, never compiled for floating point.
struct PlannedCost {
  int additions = 0;
  int passes = 0;
};

std::optional<PlannedCost> PlanCostOf(const Scheme& s) {
  if (s.field != fastmm::Field::kQ) return std::nullopt;
  const fastmm::Plan plan = fastmm::CompilePlan(s);
  return PlannedCost{plan.CombineAdditions(), plan.CombinePasses()};
}

// The pure statistics plus the compiled plan's additions and passes (null for GF(2)).
nlohmann::json StatsJson(const Scheme& s) {
  nlohmann::json j = fastmm::StatsToJson(fastmm::ComputeStats(s));
  const auto cost = PlanCostOf(s);
  j["planned_additions"] = cost ? nlohmann::json(cost->additions) : nlohmann::json();
  j["planned_passes"] = cost ? nlohmann::json(cost->passes) : nlohmann::json();
  return j;
}

std::string StatsTable(const std::vector<const Scheme*>& schemes) {
  std::string out =
      fmt::format("{:<24} {:>7} {:>4} {:>5} {:>13} {:>6} {:>7} {:>6} {:>6} {:>5} {:>4} {:>6}\n",
                  "name", "shape", "R", "field", "nnz U/V/W", "adds", "planned", "passes", "scale",
                  "E", "Q", "mkn/R");
  for (const Scheme* s : schemes) {
    const fastmm::SchemeStats st = fastmm::ComputeStats(*s);
    const auto cost = PlanCostOf(*s);
    const std::string planned = cost ? std::to_string(cost->additions) : "-";
    const std::string passes = cost ? std::to_string(cost->passes) : "-";
    out += fmt::format("{:<24} {:>7} {:>4} {:>5} {:>13} {:>6} {:>7} {:>6} {:>6} {:>5} {:>4} {:>6.3f}\n",
                       s->name, ShapeText(*s), st.rank, FieldText(*s),
                       fmt::format("{}/{}/{}", st.nnz_u, st.nnz_v, st.nnz_w), st.naive_additions,
                       planned, passes, st.scalings, EText(st), st.q, st.flop_ratio);
  }
  return out;
}

std::string ShowText(const Scheme& s) {
  const fastmm::SchemeStats st = fastmm::ComputeStats(s);
  std::string out = fmt::format(
      "{}: <{}:{}> over {}{}\n", s.name, ShapeText(s), s.rank, FieldText(s),
      s.field == fastmm::Field::kGF2 ? " (valid ONLY modulo 2: not for floating point)" : "");
  out += fmt::format("source:      {}\nlicence:     {}\ndescription: {}\n", s.source, s.licence,
                     s.description);
  out +=
      fmt::format("stats:       nnz U/V/W {}/{}/{}, naive additions {}, scalings {}, E {}, Q {}\n",
                  st.nnz_u, st.nnz_v, st.nnz_w, st.naive_additions, st.scalings, EText(st), st.q);
  const bool compact = s.m <= 10 && s.k <= 10 && s.n <= 10;
  out += "products:\n";
  for (int r = 0; r < s.rank; ++r) {
    const std::string a = LinearForm(
        s.m * s.k, [&](int x) { return s.U(x, r); },
        [&](int x) { return Block('A', x / s.k, x % s.k, compact); });
    const std::string b = LinearForm(
        s.k * s.n, [&](int x) { return s.V(x, r); },
        [&](int x) { return Block('B', x / s.n, x % s.n, compact); });
    out += fmt::format("  M{} = ({}) * ({})\n", r + 1, a, b);
  }
  out += "C blocks:\n";
  for (int c = 0; c < s.m * s.n; ++c) {
    out += fmt::format("  {} = {}\n", Block('C', c / s.n, c % s.n, compact),
                       LinearForm(
                           s.rank, [&](int r) { return s.W(c, r); },
                           [](int r) { return fmt::format("M{}", r + 1); }));
  }
  return out;
}

nlohmann::json SummaryJson(const Scheme& s) {
  return {{"name", s.name},
          {"m", s.m},
          {"k", s.k},
          {"n", s.n},
          {"rank", s.rank},
          {"field", FieldText(s)},
          {"source", s.source},
          {"licence", s.licence},
          {"description", s.description},
          {"stats", StatsJson(s)}};
}

nlohmann::json VerifyJson(const Scheme& s, const fastmm::VerifyResult& v) {
  const int64_t equations = int64_t{s.m} * s.k * s.k * s.n * s.m * s.n;
  return {
      {"name", s.name}, {"shape", ShapeText(s)}, {"rank", s.rank},        {"field", FieldText(s)},
      {"ok", v.ok},     {"message", v.message},  {"equations", equations}};
}

}  // namespace lapack_ai::cli
