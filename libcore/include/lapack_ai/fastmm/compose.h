// Building schemes from schemes: the classical algorithm of any shape, the Kronecker (tensor)
// product that nests one scheme inside another, and transposition (C^T = B^T A^T).
#pragma once
#include "lapack_ai/fastmm/scheme.h"

namespace lapack_ai::fastmm {

/// The classical <m,k,n : m*k*n> scheme (one product per A(i,j) B(j,l) pair), exact over Q.
/// Throws std::invalid_argument unless 1 <= m, k, n <= 64.
Scheme Classical(int m, int k, int n);

/// Kronecker product: `outer` applied to blocks that are themselves multiplied with `inner`,
/// giving <m1*m2, k1*k2, n1*n2 : R1*R2>. Block (i1*m2 + i2, j1*k2 + j2) of A is block (i2, j2)
/// of outer block (i1, j1); product r1*R2 + r2. The field is GF2 if either is. The name is
/// "<outer>*<inner>"; callers rename. Throws std::overflow_error if a product overflows.
Scheme Kronecker(const Scheme& outer, const Scheme& inner);

/// The scheme for C^T = B^T A^T: <n,k,m : R> with U' from V, V' from U and W' = W transposed.
/// Verifies iff the input does. The name gets a "^T" suffix.
Scheme Transpose(const Scheme& scheme);

}  // namespace lapack_ai::fastmm
