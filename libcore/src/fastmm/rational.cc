// Exact rational arithmetic for scheme coefficients. Every operation reduces by the gcd and
// checks for int64 overflow: a wrong-but-wrapped coefficient would make verification lie.
#include <fmt/format.h>

#include <charconv>
#include <numeric>
#include <stdexcept>
#include <string>

#include "lapack_ai/fastmm/scheme.h"

namespace lapack_ai::fastmm {

namespace {

int64_t CheckedMul(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) {
    throw std::overflow_error(fmt::format("rational overflow: {} * {}", a, b));
  }
  return r;
}

int64_t CheckedAdd(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) {
    throw std::overflow_error(fmt::format("rational overflow: {} + {}", a, b));
  }
  return r;
}

}  // namespace

Rational::Rational(int64_t n, int64_t d) {
  if (d == 0) throw std::domain_error("rational with zero denominator");
  if (n == INT64_MIN || d == INT64_MIN) throw std::overflow_error("rational overflow: INT64_MIN");
  if (d < 0) {
    n = -n;
    d = -d;
  }
  const int64_t g = std::gcd(n, d);
  num = n / g;
  den = d / g;
}

std::string Rational::ToString() const {
  return den == 1 ? fmt::format("{}", num) : fmt::format("{}/{}", num, den);
}

Rational operator+(const Rational& a, const Rational& b) {
  if (a.den == b.den) return Rational(CheckedAdd(a.num, b.num), a.den);
  const int64_t g = std::gcd(a.den, b.den);
  const int64_t num = CheckedAdd(CheckedMul(a.num, b.den / g), CheckedMul(b.num, a.den / g));
  return Rational(num, CheckedMul(a.den, b.den / g));
}

Rational operator-(const Rational& a) {
  if (a.num == INT64_MIN) throw std::overflow_error("rational overflow: -INT64_MIN");
  Rational r;
  r.num = -a.num;
  r.den = a.den;
  return r;
}

Rational operator-(const Rational& a, const Rational& b) { return a + (-b); }

Rational operator*(const Rational& a, const Rational& b) {
  // Cross-reduce first so products of already reduced fractions overflow as late as possible.
  const int64_t g1 = std::gcd(a.num, b.den);
  const int64_t g2 = std::gcd(b.num, a.den);
  const int64_t n1 = g1 ? a.num / g1 : a.num, d2 = g1 ? b.den / g1 : b.den;
  const int64_t n2 = g2 ? b.num / g2 : b.num, d1 = g2 ? a.den / g2 : a.den;
  return Rational(CheckedMul(n1, n2), CheckedMul(d1, d2));
}

Rational operator/(const Rational& a, const Rational& b) {
  if (b.is_zero()) throw std::domain_error("rational division by zero");
  return a * Rational(b.den, b.num);
}

bool operator<(const Rational& a, const Rational& b) {
  return CheckedMul(a.num, b.den) < CheckedMul(b.num, a.den);
}

Rational Abs(const Rational& a) { return a.num < 0 ? -a : a; }

bool ParseRational(std::string_view text, Rational* out) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const std::size_t slash = text.find('/');
  const std::string_view num_text = text.substr(0, slash);
  const std::string_view den_text =
      slash == std::string_view::npos ? std::string_view("1") : text.substr(slash + 1);
  int64_t num = 0, den = 0;
  const auto parse = [](std::string_view s, int64_t* v) {
    if (s.empty()) return false;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
    return ec == std::errc() && end == s.data() + s.size();
  };
  if (!parse(num_text, &num) || !parse(den_text, &den) || den == 0) return false;
  if (!den_text.empty() && den_text.front() == '-') return false;
  try {
    *out = Rational(num, den);
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

}  // namespace lapack_ai::fastmm
