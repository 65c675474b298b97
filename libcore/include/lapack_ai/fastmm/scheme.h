// A fast matrix-multiplication scheme <m,k,n : R> with exact rational coefficients, in the
// project's one internal convention (row-major blocks, W NOT transposed):
//   C[c] = sum_r W(c, r) * (sum_a U(a, r) A[a]) * (sum_b V(b, r) B[b])
// with a = i*k + j indexing the m x k blocks of A, b = j*n + l the k x n blocks of B and
// c = i*n + l the m x n blocks of C. Importers convert each source's convention to this one
// (AlphaTensor's W is transposed; PLinOpt's P is not).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lapack_ai::fastmm {

/// An exact rational p/q, q > 0, gcd(p, q) = 1. Arithmetic throws std::overflow_error rather
/// than wrap.
struct Rational {
  int64_t num = 0;
  int64_t den = 1;

  Rational() = default;
  Rational(int64_t n) : num(n) {}  // NOLINT: integers convert implicitly
  Rational(int64_t n, int64_t d);
  bool is_zero() const { return num == 0; }
  double ToDouble() const { return static_cast<double>(num) / static_cast<double>(den); }
  std::string ToString() const;  ///< "3", "-1/2"
  friend bool operator==(const Rational&, const Rational&) = default;
};

Rational operator+(const Rational& a, const Rational& b);
Rational operator-(const Rational& a, const Rational& b);
Rational operator*(const Rational& a, const Rational& b);
Rational operator-(const Rational& a);
/// Throws std::domain_error when b is zero.
Rational operator/(const Rational& a, const Rational& b);
bool operator<(const Rational& a, const Rational& b);
Rational Abs(const Rational& a);
/// Parses "3", "-1/2", "+4/8" (reduced on the way). Returns false on anything else, including
/// a zero denominator or a value that does not fit in int64.
bool ParseRational(std::string_view text, Rational* out);

/// Where a scheme is exact: over the rationals (usable in floating point) or only modulo 2.
enum class Field { kQ, kGF2 };

struct Scheme {
  std::string name;         ///< catalogue name, e.g. "strassen2"
  int m = 0, k = 0, n = 0;  ///< block grid: A is m x k blocks, B k x n, C m x n
  int rank = 0;             ///< R, the number of block products
  /// Column-major coefficient matrices: U(a, r) = u[a + r * m*k], V(b, r) = v[b + r * k*n],
  /// W(c, r) = w[c + r * m*n].
  std::vector<Rational> u, v, w;
  Field field = Field::kQ;
  std::string source;       ///< where the coefficients come from (paper, repository, file)
  std::string licence;      ///< licence of the data
  std::string description;

  const Rational& U(int a, int r) const { return u[static_cast<std::size_t>(a + r * m * k)]; }
  const Rational& V(int b, int r) const { return v[static_cast<std::size_t>(b + r * k * n)]; }
  const Rational& W(int c, int r) const { return w[static_cast<std::size_t>(c + r * m * n)]; }
};

}  // namespace lapack_ai::fastmm
