// Tests of sweep parsing (ICL syntax) and expansion, including the errors users see.
#include <doctest/doctest.h>

#include <string>

#include "lapack_ai/error.h"
#include "lapack_ai/sweep.h"

namespace lapack_ai {
namespace {

std::string ErrorOf(const std::string& dims) {
  try {
    ParseDims(dims);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST_CASE("ParseCount accepts suffixes and exponents") {
  CHECK(ParseCount("42", "--x") == 42);
  CHECK(ParseCount("2k", "--x") == 2000);
  CHECK(ParseCount("1Ki", "--x") == 1024);
  CHECK(ParseCount("3Mi", "--x") == 3 * 1024 * 1024);
  CHECK(ParseCount("1e3", "--x") == 1000);
  CHECK_THROWS_AS(ParseCount("-1", "--x"), UsageError);
  CHECK_THROWS_AS(ParseCount("1.5", "--x"), UsageError);
  CHECK_THROWS_AS(ParseCount("abc", "--x"), UsageError);
  CHECK_THROWS_AS(ParseCount("99999999999999999999", "--x"), UsageError);
}

TEST_CASE("ParseDims: single values, ranges, lists") {
  CHECK(ParseDims("5") == std::vector<Dims>{{5, 5, 5}});
  CHECK(ParseDims("0") == std::vector<Dims>{{0, 0, 0}});
  const auto r = ParseDims("1:300:37");
  REQUIRE(r.size() == 9);
  CHECK(r.front() == Dims{1, 1, 1});
  CHECK(r.back() == Dims{297, 297, 297});
  CHECK(ParseDims("100:300").size() == 3);  // step defaults to start (testsweeper)
  CHECK(ParseDims("4, 8 ,16").size() == 3);
}

TEST_CASE("ParseDims: MxNxK zips, M*N*K is cartesian, MxN sets k = n") {
  CHECK(ParseDims("7x5x3") == std::vector<Dims>{{7, 5, 3}});
  CHECK(ParseDims("7x5") == std::vector<Dims>{{7, 5, 5}});
  const auto zip = ParseDims("100:300:100x50x10:20:10");
  REQUIRE(zip.size() == 2);  // stops at the shortest range
  CHECK(zip[0] == Dims{100, 50, 10});
  CHECK(zip[1] == Dims{200, 50, 20});
  CHECK(ParseDims("1:2:1*3:4:1*5").size() == 2 * 2 * 1);
  CHECK(ParseDims("1:2*3:4*5").size() == 2);  // 3:4 steps by its start: {3}
}

TEST_CASE("ParseDims: bad input names the flag, the value and what was expected") {
  CHECK(ErrorOf("10:abc").find("--dim") != std::string::npos);
  CHECK(ErrorOf("10:abc").find("abc") != std::string::npos);
  CHECK(ErrorOf("5:1").find("end >= start") != std::string::npos);
  CHECK(ErrorOf("0:10").find("step > 0") != std::string::npos);
  CHECK(ErrorOf("1:10:0").find("step > 0") != std::string::npos);
  CHECK(ErrorOf("").find("expected") != std::string::npos);
  CHECK(ErrorOf("4,,5").find("--dim") != std::string::npos);
  CHECK(ErrorOf("2x3x4x5").find("expected") != std::string::npos);
  CHECK(ErrorOf("2x3*4").find("either x") != std::string::npos);
  CHECK(ErrorOf("-3").find("sizes >= 0") != std::string::npos);
  CHECK(ErrorOf("5,10:abc").find("'10:abc' in '5,10:abc'") != std::string::npos);
  CHECK(ErrorOf("1:100000000000").find("too many") != std::string::npos);
}

TEST_CASE("ExpandSweep: cartesian product of what the routine reads") {
  SweepSpec spec;
  spec.ops = {"gemm"};
  spec.types = {Precision::kSingle, Precision::kDouble};
  spec.dims = ParseDims("1,2,3");
  spec.transa = {Trans::kNoTrans, Trans::kTrans};
  spec.nrhs = {1, 2, 3};  // gemm does not read nrhs: not multiplied
  const auto cases = ExpandSweep(spec);
  CHECK(cases.size() == 2 * 3 * 2);
  CHECK(cases[0].type == Precision::kSingle);
  CHECK(cases[0].transa == Trans::kNoTrans);
  CHECK(cases[1].transa == Trans::kTrans);  // rightmost parameter cycles fastest
  spec.ops = {"nosuch"};
  CHECK_THROWS_WITH_AS(ExpandSweep(spec), doctest::Contains("unknown op 'nosuch'"), UsageError);
}

TEST_CASE("Case keys are stable and distinguish parameters") {
  CaseParams a, b;
  b.k = 7;
  CHECK(a.Key() == CaseParams{}.Key());
  CHECK(a.Key() != b.Key());
}

}  // namespace
}  // namespace lapack_ai
