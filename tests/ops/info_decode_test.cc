// INFO decoding: negative INFO names the argument and its value (and backends refuse illegal
// calls instead of reaching XERBLA), positive INFO says what it means per routine.
#include <doctest/doctest.h>

#include <vector>

#include "lapack_ai/backend.h"
#include "ops/info_decode.h"

namespace lapack_ai {
namespace {

TEST_CASE("illegal arguments give LAPACK's negative INFO, decoded with name and value") {
  std::vector<double> a(25);
  std::vector<int32_t> ipiv(5);
  Call call = GetrfCall<double>{5, 5, a.data(), 3, ipiv.data()};
  CHECK(ValidateArguments(call) == -4);
  const std::string text = DecodeInfo(call, -4);
  CHECK(text.find("dgetrf: argument 4 (LDA)") != std::string::npos);
  CHECK(text.find("LDA = 3") != std::string::npos);
  CHECK(text.find(">= max(1, M) = 5") != std::string::npos);
  Call potrf = PotrfCall<float>{'X', 2, nullptr, 2};
  CHECK(ValidateArguments(potrf) == -1);
  CHECK(DecodeInfo(potrf, -1).find("UPLO = 'X'") != std::string::npos);
  Call gels = GelsCall<double>{Trans::kNoTrans, 4, 6, 1, a.data(), 4, a.data(), 4};
  CHECK(ValidateArguments(gels) == -8);  // LDB < max(1, M, N)
  CHECK(DecodeInfo(gels, -10).find("argument 10") != std::string::npos);
}

TEST_CASE("backends refuse an illegal call with the negative INFO instead of stopping") {
  for (const char* name : {"reference", "openblas"}) {
    auto b = CreateBackend(name);
    std::vector<double> a(25, 1.0);
    std::vector<int32_t> ipiv(5);
    Call call = GetrfCall<double>{5, 5, a.data(), 3, ipiv.data()};
    auto bound = b->Bind(call);
    bound->Run();
    CHECK(std::get<GetrfCall<double>>(call).info == -4);
  }
}

TEST_CASE("positive INFO is explained for each routine") {
  std::vector<double> a(16);
  CHECK(DecodeInfo(GetrfCall<double>{4, 4, a.data(), 4}, 7) ==
        "U(7,7) is exactly zero: A is singular; use gels/gelsd for least squares or regularize");
  CHECK(DecodeInfo(PotrfCall<double>{'L', 4, a.data(), 4}, 5).find(
            "the leading minor of order 5 is not positive definite: A is not SPD; use getrf/sytrf") == 0);
  CHECK(DecodeInfo(GesvdCall<double>{}, 3).find("SVD did not converge: 3 superdiagonals") == 0);
  SyevdCall<float> ev;
  ev.jobz = 'V';
  ev.n = 4;
  CHECK(DecodeInfo(ev, 7).find("rows and columns 1 through 2") != std::string::npos);
  CHECK(DecodeInfo(GelsCall<double>{}, 2).find("gelsd or gelsy") != std::string::npos);
  CHECK(DecodeInfo(GemmCall<double>{}).empty());
}

}  // namespace
}  // namespace lapack_ai
