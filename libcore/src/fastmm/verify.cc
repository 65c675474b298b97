// Exact Brent-equation check. The tensor sum_r U(:,r) (x) V(:,r) (x) W(:,r) is accumulated
// sparsely (only nonzero coefficient triples), so large AlphaTensor keys stay cheap, and is then
// compared entry by entry with the matrix multiplication tensor.
#include "lapack_ai/fastmm/verify.h"

#include <fmt/format.h>

#include <stdexcept>
#include <vector>

#include "lapack_ai/error.h"

namespace lapack_ai::fastmm {

namespace {

std::string ShapeProblem(const Scheme& s) {
  if (s.m <= 0 || s.k <= 0 || s.n <= 0 || s.rank <= 0) {
    return fmt::format("bad shape <{},{},{} : {}>: all must be positive", s.m, s.k, s.n, s.rank);
  }
  const auto expect = [&](const std::vector<Rational>& x, int rows, char label) -> std::string {
    const std::size_t want = static_cast<std::size_t>(rows) * static_cast<std::size_t>(s.rank);
    if (x.size() == want) return "";
    return fmt::format("{} has {} coefficients, expected {} x {} = {}", label, x.size(), rows,
                       s.rank, want);
  };
  for (std::string p :
       {expect(s.u, s.m * s.k, 'U'), expect(s.v, s.k * s.n, 'V'), expect(s.w, s.m * s.n, 'W')}) {
    if (!p.empty()) return p;
  }
  return "";
}

bool EqualInField(const Rational& got, int expected, bool mod2) {
  if (!mod2) return got == Rational(expected);
  // p/q with q odd is p * q^-1 = p mod 2 in GF(2).
  return ((got.num % 2) != 0) == (expected != 0);
}

/// Over GF(2) a coefficient p/q exists only when q is odd (then it is p mod 2).
std::string EvenDenominator(const Scheme& s) {
  const auto scan = [](const std::vector<Rational>& x, int rows, char label) -> std::string {
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (x[i].den % 2 != 0) continue;
      return fmt::format("coefficient {}({}, {}) = {} has no value modulo 2", label,
                         i % static_cast<std::size_t>(rows), i / static_cast<std::size_t>(rows),
                         x[i].ToString());
    }
    return "";
  };
  for (std::string p :
       {scan(s.u, s.m * s.k, 'U'), scan(s.v, s.k * s.n, 'V'), scan(s.w, s.m * s.n, 'W')}) {
    if (!p.empty()) return p;
  }
  return "";
}

/// sum_r U(:,r) (x) V(:,r) (x) W(:,r), entry (a, b, c) at (a*kn + b)*mn + c. Throws
/// std::overflow_error when a partial sum leaves int64.
std::vector<Rational> Tensor(const Scheme& s) {
  const int mk = s.m * s.k, kn = s.k * s.n, mn = s.m * s.n;
  std::vector<Rational> t(static_cast<std::size_t>(mk) * kn * mn);
  for (int r = 0; r < s.rank; ++r) {
    for (int a = 0; a < mk; ++a) {
      if (s.U(a, r).is_zero()) continue;
      for (int b = 0; b < kn; ++b) {
        if (s.V(b, r).is_zero()) continue;
        const Rational uv = s.U(a, r) * s.V(b, r);
        for (int c = 0; c < mn; ++c) {
          if (s.W(c, r).is_zero()) continue;
          Rational& cell = t[(static_cast<std::size_t>(a) * kn + b) * mn + c];
          cell = cell + uv * s.W(c, r);
        }
      }
    }
  }
  return t;
}

VerifyResult VerifyIn(const Scheme& s, bool mod2) {
  VerifyResult result;
  result.message = ShapeProblem(s);
  if (result.message.empty() && mod2) result.message = EvenDenominator(s);
  if (!result.message.empty()) return result;
  const int mk = s.m * s.k, kn = s.k * s.n, mn = s.m * s.n;
  // The dense tensor costs 16 bytes per equation; 2^27 of them (about 2 GiB) covers every
  // AlphaTensor key (12x12x12: 3M) and refuses absurd shapes instead of dying in bad_alloc.
  if (int64_t{mk} * kn * mn > (int64_t{1} << 27)) {
    result.message =
        fmt::format("{}x{}x{} has too many Brent equations to verify here", s.m, s.k, s.n);
    return result;
  }
  std::vector<Rational> t;
  try {
    t = Tensor(s);
  } catch (const std::exception& e) {
    result.message = fmt::format("cannot evaluate the Brent equations exactly: {}", e.what());
    return result;
  }
  for (int a = 0; a < mk; ++a) {
    const int i = a / s.k, j = a % s.k;
    for (int b = 0; b < kn; ++b) {
      const int j2 = b / s.n, l = b % s.n;
      for (int c = 0; c < mn; ++c) {
        const int expected = (j == j2 && c / s.n == i && c % s.n == l) ? 1 : 0;
        const Rational& got = t[(static_cast<std::size_t>(a) * kn + b) * mn + c];
        if (EqualInField(got, expected, mod2)) continue;
        if (++result.failing_equations > 1) continue;
        result.message =
            fmt::format("equation (a=A[{}][{}], b=B[{}][{}], c=C[{}][{}]) = {} expected {}{}", i, j,
                        j2, l, c / s.n, c % s.n, got.ToString(), expected, mod2 ? " (mod 2)" : "");
      }
    }
  }
  if (result.failing_equations > 1) {
    result.message += fmt::format(" (and {} more failing equations)", result.failing_equations - 1);
  }
  result.ok = result.failing_equations == 0;
  return result;
}

}  // namespace

VerifyResult Verify(const Scheme& scheme) { return VerifyIn(scheme, scheme.field == Field::kGF2); }

VerifyResult VerifyMod2(const Scheme& scheme) { return VerifyIn(scheme, true); }

void RequireFloatingPointUsable(const Scheme& scheme) {
  if (scheme.field == Field::kGF2) {
    throw UsageError(fmt::format(
        "scheme '{}' is only valid modulo 2 (GF(2)): it does not compute A*B over the reals, "
        "so it cannot multiply floating-point matrices; pick a scheme with field Q",
        scheme.name));
  }
}

}  // namespace lapack_ai::fastmm
