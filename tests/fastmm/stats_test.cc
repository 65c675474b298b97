// Scheme statistics against the published figures (Ballard et al. SIMAX 2016's E; fastmm.md).
#include "lapack_ai/fastmm/stats.h"

#include <doctest/doctest.h>

#include "lapack_ai/fastmm/catalogue.h"
#include "lapack_ai/fastmm/compose.h"

namespace lapack_ai::fastmm {

namespace {
SchemeStats Of(const char* name) {
  const Scheme* s = FindScheme(name);
  REQUIRE(s != nullptr);
  return ComputeStats(*s);
}
}  // namespace

TEST_CASE("Stability factor E matches the literature") {
  CHECK(Of("classical-4x4x4").e == Rational(4));
  CHECK(Of("strassen").e == Rational(12));
  CHECK(Of("strassen2").e == Rational(144));
  CHECK(Of("alphatensor-4x4x4").e == Rational(328));
  CHECK(Of("dps-4x4x4-48-rational").e == Rational(288));
  CHECK(Of("dps-4x4x4-48-accurate").e == Rational(148));
}

TEST_CASE("E of a Kronecker product is the product of the factors' E") {
  const Scheme& s = *FindScheme("strassen");
  const Scheme& w = *FindScheme("winograd");
  CHECK(ComputeStats(Kronecker(s, w)).e == ComputeStats(s).e * ComputeStats(w).e);
}

TEST_CASE("Ranks, nonzeros and naive additions") {
  const SchemeStats s2 = Of("strassen2");
  CHECK(s2.rank == 49);
  CHECK(s2.nnz_u == 144);
  CHECK(s2.nnz_v == 144);
  CHECK(s2.nnz_w == 144);
  CHECK(s2.naive_additions == 318);
  CHECK(s2.q == 24);
  const SchemeStats c = Of("classical-4x4x4");
  CHECK(c.naive_additions == 48);
  CHECK(c.scalings == 0);
  CHECK(c.flop_ratio == doctest::Approx(1.0));
  const SchemeStats at = Of("alphatensor-4x4x4");
  CHECK(at.nnz_u == 194);
  CHECK(at.naive_additions == 468);
  const SchemeStats dps = Of("dps-4x4x4-48-rational");
  CHECK(dps.nnz_u == 448);
  CHECK(dps.nnz_v == 288);
  CHECK(dps.nnz_w == 336);
  CHECK(dps.naive_additions == 960);
  CHECK(dps.scalings > 0);
  CHECK(Of("strassen").naive_additions == 18);
}

TEST_CASE("Stats JSON carries every figure") {
  const nlohmann::json j = StatsToJson(Of("strassen2"));
  CHECK(j.at("E") == 144);
  CHECK(j.at("rank") == 49);
  CHECK(j.at("naive_additions") == 318);
  CHECK(j.at("flop_ratio").get<double>() == doctest::Approx(64.0 / 49.0));
}

}  // namespace lapack_ai::fastmm
