// Exact verification: every shipped scheme, a flipped coefficient, shapes, and GF(2) refusal.
#include "lapack_ai/fastmm/verify.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_ai/fastmm/catalogue.h"
#include "lapack_ai/fastmm/compose.h"

namespace lapack_ai::fastmm {

TEST_CASE("Every shipped scheme verifies exactly in its field") {
  REQUIRE(Catalogue().size() >= 13);
  for (const Scheme& s : Catalogue()) {
    CAPTURE(s.name);
    const VerifyResult v = Verify(s);
    CHECK(v.ok);
    CHECK(v.message.empty());
    CHECK(v.failing_equations == 0);
  }
}

TEST_CASE("One flipped coefficient fails and the message names the equation") {
  for (const char* name : {"strassen", "alphatensor-4x4x4", "dps-4x4x4-48-rational"}) {
    Scheme s = *FindScheme(name);
    // Flip the first nonzero U coefficient; the first failing equation must involve that a.
    std::size_t pos = 0;
    while (s.u[pos].is_zero()) ++pos;
    s.u[pos] = -s.u[pos];
    const int a = static_cast<int>(pos % static_cast<std::size_t>(s.m * s.k));
    const VerifyResult v = Verify(s);
    CAPTURE(name);
    CAPTURE(v.message);
    CHECK_FALSE(v.ok);
    CHECK(v.failing_equations > 0);
    CHECK(v.message.starts_with(fmt::format("equation (a=A[{}][{}], b=B[", a / s.k, a % s.k)));
    CHECK(v.message.find("expected") != std::string::npos);
  }
}

TEST_CASE("Malformed shapes are reported, not crashed on") {
  Scheme s = *FindScheme("strassen");
  s.w.pop_back();
  VerifyResult v = Verify(s);
  CHECK_FALSE(v.ok);
  CHECK(v.message.find("W has 27 coefficients") != std::string::npos);
  s = *FindScheme("strassen");
  s.rank = 0;
  CHECK_FALSE(Verify(s).ok);
}

TEST_CASE("Overflow while summing is a failed verification") {
  Scheme s = Classical(1, 1, 1);
  s.u[0] = Rational(INT64_MAX / 2);
  s.v[0] = Rational(4);
  const VerifyResult v = Verify(s);
  CHECK_FALSE(v.ok);
  CHECK(v.message.find("overflow") != std::string::npos);
}

TEST_CASE("GF(2) schemes verify only modulo 2 and are refused for floating point") {
  const Scheme* gf2 = FindScheme("alphatensor-4x4x4-gf2");
  REQUIRE(gf2 != nullptr);
  CHECK(gf2->field == Field::kGF2);
  CHECK(gf2->rank == 47);
  CHECK(VerifyMod2(*gf2).ok);
  Scheme as_q = *gf2;
  as_q.field = Field::kQ;
  CHECK_FALSE(Verify(as_q).ok);
  try {
    RequireFloatingPointUsable(*gf2);
    FAIL("a GF(2) scheme was accepted for floating point");
  } catch (const UsageError& e) {
    CHECK(std::string(e.what()).find("only valid modulo 2") != std::string::npos);
  }
  CHECK_NOTHROW(RequireFloatingPointUsable(*FindScheme("strassen2")));
  // Strassen works in any ring, so also mod 2; a 1/2 coefficient has no value mod 2.
  CHECK(VerifyMod2(*FindScheme("strassen")).ok);
  CHECK_FALSE(VerifyMod2(*FindScheme("dps-4x4x4-48-rational")).ok);
}

}  // namespace lapack_ai::fastmm
