// Scheme statistics: nonzeros, naive additions, scalings, and Ballard et al.'s E and Q
// (SIMAX 2016; fast-matmul codegen/stability_quantities.py defines the same quantities).
#include "lapack_ai/fastmm/stats.h"

#include <algorithm>

namespace lapack_ai::fastmm {

namespace {

bool IsScaling(const Rational& q) {
  return !q.is_zero() && !(q.den == 1 && (q.num == 1 || q.num == -1));
}

}  // namespace

SchemeStats ComputeStats(const Scheme& s) {
  SchemeStats st;
  st.rank = s.rank;
  const int mk = s.m * s.k, kn = s.k * s.n, mn = s.m * s.n;
  std::vector<int> alpha(static_cast<std::size_t>(s.rank)), beta(alpha.size());
  std::vector<Rational> l1_product(alpha.size());
  for (int r = 0; r < s.rank; ++r) {
    Rational norm_u, norm_v;
    for (int a = 0; a < mk; ++a) {
      if (s.U(a, r).is_zero()) continue;
      ++alpha[static_cast<std::size_t>(r)];
      norm_u = norm_u + Abs(s.U(a, r));
      st.scalings += IsScaling(s.U(a, r)) ? 1 : 0;
    }
    for (int b = 0; b < kn; ++b) {
      if (s.V(b, r).is_zero()) continue;
      ++beta[static_cast<std::size_t>(r)];
      norm_v = norm_v + Abs(s.V(b, r));
      st.scalings += IsScaling(s.V(b, r)) ? 1 : 0;
    }
    st.nnz_u += alpha[static_cast<std::size_t>(r)];
    st.nnz_v += beta[static_cast<std::size_t>(r)];
    st.naive_additions += std::max(0, alpha[static_cast<std::size_t>(r)] - 1) +
                          std::max(0, beta[static_cast<std::size_t>(r)] - 1);
    l1_product[static_cast<std::size_t>(r)] = norm_u * norm_v;
  }
  for (int c = 0; c < mn; ++c) {
    int gamma = 0, widest = 0;
    Rational e;
    for (int r = 0; r < s.rank; ++r) {
      if (s.W(c, r).is_zero()) continue;
      ++gamma;
      st.scalings += IsScaling(s.W(c, r)) ? 1 : 0;
      e = e + Abs(s.W(c, r)) * l1_product[static_cast<std::size_t>(r)];
      widest =
          std::max(widest, alpha[static_cast<std::size_t>(r)] + beta[static_cast<std::size_t>(r)]);
    }
    st.nnz_w += gamma;
    st.naive_additions += std::max(0, gamma - 1);
    st.e = c == 0 || st.e < e ? e : st.e;
    st.q = std::max(st.q, gamma + widest);
  }
  st.flop_ratio = static_cast<double>(mk) * s.n / s.rank;
  return st;
}

nlohmann::json StatsToJson(const SchemeStats& st) {
  nlohmann::json e = st.e.den == 1 ? nlohmann::json(st.e.num) : nlohmann::json(st.e.ToString());
  return {{"rank", st.rank},
          {"nnz_u", st.nnz_u},
          {"nnz_v", st.nnz_v},
          {"nnz_w", st.nnz_w},
          {"naive_additions", st.naive_additions},
          {"scalings", st.scalings},
          {"E", e},
          {"Q", st.q},
          {"flop_ratio", st.flop_ratio}};
}

}  // namespace lapack_ai::fastmm
