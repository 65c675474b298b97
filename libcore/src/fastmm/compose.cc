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
  s.u = Zeros(s.m * s.k, s.rank);
  s.v = Zeros(s.k * s.n, s.rank);
  s.w = Zeros(s.m * s.n, s.rank);
  for (int r1 = 0; r1 < outer.rank; ++r1) {
    for (int r2 = 0; r2 < inner.rank; ++r2) {
      const int r = r1 * inner.rank + r2;
      for (int i1 = 0; i1 < outer.m; ++i1) {
        for (int i2 = 0; i2 < inner.m; ++i2) {
          const int i = i1 * inner.m + i2;
          for (int j1 = 0; j1 < outer.k; ++j1) {
            for (int j2 = 0; j2 < inner.k; ++j2) {
              const int j = j1 * inner.k + j2;
              At(s.u, s.m * s.k, i * s.k + j, r) =
                  outer.U(i1 * outer.k + j1, r1) * inner.U(i2 * inner.k + j2, r2);
            }
          }
          for (int l1 = 0; l1 < outer.n; ++l1) {
            for (int l2 = 0; l2 < inner.n; ++l2) {
              const int l = l1 * inner.n + l2;
              At(s.w, s.m * s.n, i * s.n + l, r) =
                  outer.W(i1 * outer.n + l1, r1) * inner.W(i2 * inner.n + l2, r2);
            }
          }
        }
      }
      for (int j1 = 0; j1 < outer.k; ++j1) {
        for (int j2 = 0; j2 < inner.k; ++j2) {
          const int j = j1 * inner.k + j2;
          for (int l1 = 0; l1 < outer.n; ++l1) {
            for (int l2 = 0; l2 < inner.n; ++l2) {
              const int l = l1 * inner.n + l2;
              At(s.v, s.k * s.n, j * s.n + l, r) =
                  outer.V(j1 * outer.n + l1, r1) * inner.V(j2 * inner.n + l2, r2);
            }
          }
        }
      }
    }
  }
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
