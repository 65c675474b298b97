// Cost and stability figures of a scheme: rank, nonzeros, naive additions, and Ballard et al.'s
// stability factor E and prefactor Q (SIMAX 2016, "Improving the numerical stability of fast
// matrix multiplication"); see docs/SCHEMES.md.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>

#include "lapack_ai/fastmm/scheme.h"

namespace lapack_ai::fastmm {

struct SchemeStats {
  int rank = 0;
  int nnz_u = 0, nnz_v = 0, nnz_w = 0;
  /// Block additions of the plain evaluation: per product (nnz(U(:,r)) - 1) + (nnz(V(:,r)) - 1),
  /// plus per C block (nnz(W(c,:)) - 1). Classical 4x4x4: 48; Strassen (x) Strassen: 318.
  /// Naive only: what a plan actually performs (fused passes, CSE) is the plan compiler's
  /// business (fastmm/plan.h: Plan::CombineAdditions and CombinePasses), kept out of this file
  /// so stats stay a pure function of U, V, W; `schemes stats` shows both counts.
  int naive_additions = 0;
  /// Coefficients other than 0 and +-1: each costs a block scaling in the plain evaluation.
  int scalings = 0;
  /// E = max_c sum_r |W(c,r)| * ||U(:,r)||_1 * ||V(:,r)||_1: the one-level error growth factor
  /// (classical 4x4x4: 4, Strassen: 12, Strassen (x) Strassen: 144). Exact.
  Rational e;
  /// Q = max_c (gamma_c + max_{r: W(c,r) != 0} (alpha_r + beta_r)), alpha/beta/gamma nonzero
  /// counts.
  int q = 0;
  /// Smallest classical-equivalent speed-up ceiling of one level: m*k*n / rank.
  double flop_ratio = 0;
};

/// Computes all statistics. Throws std::overflow_error only on absurd coefficients.
SchemeStats ComputeStats(const Scheme& scheme);

/// {"rank", "nnz_u", "nnz_v", "nnz_w", "naive_additions", "scalings", "E", "Q", "flop_ratio"};
/// E is a number when an integer, else a "p/q" string.
nlohmann::json StatsToJson(const SchemeStats& stats);

}  // namespace lapack_ai::fastmm
