// Classical schemes, Kronecker products and transposition, all in the project convention
// (row-major blocks, W not transposed; see scheme.h).
#include "lapack_ai/fastmm/compose.h"

#include <fmt/format.h>

#include <stdexcept>

namespace lapack_ai::fastmm {

namespace {

std::vector<Rational> Zeros(int rows, int rank) {
  return std::vector<Rational>(static_cast<std::size_t>(rows) * static_cast<std::size_t>(rank));
}

Rational& At(std::vector<Rational>& x, int rows, int row, int r) {
  return x[static_cast<std::size_t>(row) + static_cast<std::size_t>(r) * rows];
}

/// One coefficient matrix of a scheme whose blocks form a p x q grid (U: m x k, V: k x n,
/// W: m x n), column-major with one column per product.
struct Factor {
  const std::vector<Rational>* x;
  int p, q;
};

/// Row (i1*p2 + i2, j1*q2 + j2) of the p1p2 x q1q2 grid, product r1*rank2 + r2, is
/// outer(i1, j1; r1) * inner(i2, j2; r2).
std::vector<Rational> KroneckerFactor(Factor outer, Factor inner, int rank1, int rank2) {
  const int rows1 = outer.p * outer.q, rows2 = inner.p * inner.q, cols = outer.q * inner.q;
  std::vector<Rational> out = Zeros(rows1 * rows2, rank1 * rank2);
  for (int r1 = 0; r1 < rank1; ++r1) {
    for (int a1 = 0; a1 < rows1; ++a1) {
      const Rational& x1 = (*outer.x)[static_cast<std::size_t>(a1 + r1 * rows1)];
      if (x1.is_zero()) continue;
      for (int r2 = 0; r2 < rank2; ++r2) {
        for (int a2 = 0; a2 < rows2; ++a2) {
          const Rational& x2 = (*inner.x)[static_cast<std::size_t>(a2 + r2 * rows2)];
          if (x2.is_zero()) continue;
          const int row = ((a1 / outer.q) * inner.p + a2 / inner.q) * cols +
                          (a1 % outer.q) * inner.q + a2 % inner.q;
          At(out, rows1 * rows2, row, r1 * rank2 + r2) = x1 * x2;
        }
      }
    }
  }
  return out;
}

}  // namespace

Scheme Classical(int m, int k, int n) {
  if (m < 1 || k < 1 || n < 1 || m > 64 || k > 64 || n > 64) {
    throw std::invalid_argument(
        fmt::format("classical scheme {}x{}x{}: sizes must be 1..64", m, k, n));
  }
  Scheme s;
  s.name = m == 2 && k == 2 && n == 2 ? "classical" : fmt::format("classical-{}x{}x{}", m, k, n);
  s.m = m;
  s.k = k;
  s.n = n;
  s.rank = m * k * n;
  s.u = Zeros(m * k, s.rank);
  s.v = Zeros(k * n, s.rank);
  s.w = Zeros(m * n, s.rank);
  int r = 0;
  for (int i = 0; i < m; ++i) {
    for (int l = 0; l < n; ++l) {
      for (int j = 0; j < k; ++j, ++r) {
        At(s.u, m * k, i * k + j, r) = 1;
        At(s.v, k * n, j * n + l, r) = 1;
        At(s.w, m * n, i * n + l, r) = 1;
      }
    }
  }
  s.source = "the definition of the matrix product";
  s.licence = "public domain";
  s.description = fmt::format("classical {}x{}x{} block product, {} products", m, k, n, s.rank);
  return s;
}

Scheme Kronecker(const Scheme& outer, const Scheme& inner) {
  Scheme s;
  s.name = outer.name + "*" + inner.name;
  s.m = outer.m * inner.m;
  s.k = outer.k * inner.k;
  s.n = outer.n * inner.n;
  s.rank = outer.rank * inner.rank;
  s.field = (outer.field == Field::kGF2 || inner.field == Field::kGF2) ? Field::kGF2 : Field::kQ;
  s.u = KroneckerFactor({&outer.u, outer.m, outer.k}, {&inner.u, inner.m, inner.k}, outer.rank,
                        inner.rank);
  s.v = KroneckerFactor({&outer.v, outer.k, outer.n}, {&inner.v, inner.k, inner.n}, outer.rank,
                        inner.rank);
  s.w = KroneckerFactor({&outer.w, outer.m, outer.n}, {&inner.w, inner.m, inner.n}, outer.rank,
                        inner.rank);
  s.source = fmt::format("Kronecker product of {} and {}", outer.name, inner.name);
  s.licence = outer.licence == inner.licence ? outer.licence : outer.licence + "; " + inner.licence;
  s.description = fmt::format("{} (x) {}: {}x{}x{} with {} products", outer.name, inner.name, s.m,
                              s.k, s.n, s.rank);
  return s;
}

Scheme Transpose(const Scheme& in) {
  Scheme s = in;
  s.name = in.name + "^T";
  s.m = in.n;
  s.n = in.m;
  s.u = Zeros(s.m * s.k, s.rank);
  s.v = Zeros(s.k * s.n, s.rank);
  s.w = Zeros(s.m * s.n, s.rank);
  for (int r = 0; r < in.rank; ++r) {
    // A' = B^T (n x k), B' = A^T (k x m), C' = C^T (n x m).
    for (int l = 0; l < in.n; ++l) {
      for (int j = 0; j < in.k; ++j) At(s.u, s.m * s.k, l * in.k + j, r) = in.V(j * in.n + l, r);
      for (int i = 0; i < in.m; ++i) At(s.w, s.m * s.n, l * in.m + i, r) = in.W(i * in.n + l, r);
    }
    for (int j = 0; j < in.k; ++j) {
      for (int i = 0; i < in.m; ++i) At(s.v, s.k * s.n, j * in.m + i, r) = in.U(i * in.k + j, r);
    }
  }
  s.description = "transpose of " + in.name + " (computes C^T = B^T A^T)";
  return s;
}

}  // namespace lapack_ai::fastmm
