// Rational arithmetic and scheme composition (classical, Kronecker, transpose).
#include <doctest/doctest.h>

#include <stdexcept>

#include "lapack_ai/fastmm/catalogue.h"
#include "lapack_ai/fastmm/compose.h"
#include "lapack_ai/fastmm/verify.h"

namespace lapack_ai::fastmm {

TEST_CASE("Rational reduces, orders and refuses overflow") {
  CHECK(Rational(2, -4) == Rational(-1, 2));
  CHECK((Rational(1, 2) + Rational(1, 3)) == Rational(5, 6));
  CHECK((Rational(3, 4) * Rational(2, 3)) == Rational(1, 2));
  CHECK((Rational(1, 2) - Rational(1, 2)).is_zero());
  CHECK((Rational(1, 2) / Rational(-1, 4)) == Rational(-2));
  CHECK(Rational(-1, 2) < Rational(1, 3));
  CHECK(Abs(Rational(-3, 8)) == Rational(3, 8));
  CHECK(Rational(-3, 8).ToString() == "-3/8");
  CHECK(Rational(5).ToString() == "5");
  CHECK_THROWS_AS(Rational(1, 0), std::domain_error);
  CHECK_THROWS_AS(Rational(INT64_MAX) * Rational(2), std::overflow_error);
  CHECK_THROWS_AS(Rational(INT64_MAX) + Rational(1), std::overflow_error);
}

TEST_CASE("ParseRational accepts integers and fractions only") {
  Rational q;
  CHECK(ParseRational("-1/2", &q));
  CHECK(q == Rational(-1, 2));
  CHECK(ParseRational("+4/8", &q));
  CHECK(q == Rational(1, 2));
  CHECK(ParseRational("7", &q));
  CHECK(q == Rational(7));
  for (const char* bad : {"", "1/0", "x", "1/2/3", "0.5", "1/-2", "/2", "99999999999999999999"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseRational(bad, &q));
  }
}

TEST_CASE("Classical schemes of any shape verify") {
  const int shapes[][3] = {{1, 1, 1}, {2, 3, 4}, {3, 1, 2}, {4, 4, 4}};
  for (const auto& d : shapes) {
    const Scheme s = Classical(d[0], d[1], d[2]);
    CAPTURE(s.name);
    CHECK(s.rank == d[0] * d[1] * d[2]);
    CHECK(Verify(s).ok);
  }
  CHECK_THROWS_AS(Classical(0, 2, 2), std::invalid_argument);
}

TEST_CASE("Kronecker products multiply shapes and ranks and stay exact") {
  const Scheme& strassen = *FindScheme("strassen");
  const Scheme rect = Classical(1, 2, 3);
  const Scheme k1 = Kronecker(strassen, rect);
  CHECK(k1.m == 2);
  CHECK(k1.k == 4);
  CHECK(k1.n == 6);
  CHECK(k1.rank == 7 * 6);
  CHECK(Verify(k1).ok);
  const Scheme k2 = Kronecker(rect, *FindScheme("winograd"));
  CHECK(k2.rank == 6 * 7);
  CHECK(Verify(k2).ok);
  const Scheme s2 = Kronecker(strassen, strassen);
  CHECK(s2.u == FindScheme("strassen2")->u);
  CHECK(s2.w == FindScheme("strassen2")->w);
}

TEST_CASE("Transpose swaps the outer dimensions and keeps exactness") {
  for (const Scheme& s : Catalogue()) {
    CAPTURE(s.name);
    const Scheme t = Transpose(s);
    CHECK(t.m == s.n);
    CHECK(t.n == s.m);
    CHECK(t.rank == s.rank);
    CHECK(Verify(t).ok);
    CHECK(Transpose(t).u == s.u);
  }
  Scheme broken = Classical(2, 3, 4);
  broken.w[0] = Rational(0);
  CHECK_FALSE(Verify(Transpose(broken)).ok);
}

}  // namespace lapack_ai::fastmm
