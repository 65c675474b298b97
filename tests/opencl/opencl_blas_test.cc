// gemm and batched gemm on PoCL against a host gemm in double: CLBlast paths, our tiny-matrix
// kernels (classical and 49-product), and the timed-transfers mode.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string_view>

#include <limits>

#include <fmt/format.h>

#include "lapack_ai/backend.h"
#include "opencl_test_util.h"

namespace lapack_ai {
namespace {

using opencl_test::GemmError;
using opencl_test::RandomVector;

// Bound, reset, run twice (Reset must restore C) and fetched; returns the relative error.
template <typename T>
double RunGemm(Backend& b, Trans ta, Trans tb, int64_t m, int64_t n, int64_t k, double beta) {
  const int64_t lda = (ta == Trans::kNoTrans ? m : k) + 1, ldb = (tb == Trans::kNoTrans ? k : n) + 2;
  const int64_t ldc = m + 3;
  auto a = RandomVector<T>(lda * (ta == Trans::kNoTrans ? k : m), 1);
  auto bm = RandomVector<T>(ldb * (tb == Trans::kNoTrans ? n : k), 2);
  const auto c0 = RandomVector<T>(ldc * n, 3);
  auto c = c0;
  GemmCall<T> g{ta, tb, m, n, k, T(0.5), a.data(), lda, bm.data(), ldb, T(beta), c.data(), ldc};
  Call call = g;
  auto bound = b.Bind(call);
  for (int rep = 0; rep < 2; ++rep) {
    bound->Reset();
    bound->Run();
  }
  bound->Fetch();
  return GemmError(ta, tb, m, n, k, 0.5, a.data(), lda, bm.data(), ldb, beta, c0.data(), c.data(), ldc);
}

template <typename T>
double RunBatched(Backend& b, int64_t n, int64_t batch, double beta, Trans ta = Trans::kNoTrans) {
  const int64_t stride = n * n + 5;
  auto a = RandomVector<T>(stride * batch, 4);
  auto bm = RandomVector<T>(stride * batch, 5);
  const auto c0 = RandomVector<T>(stride * batch, 6);
  auto c = c0;
  GemmBatchedCall<T> g{ta, Trans::kNoTrans, n, n, n, T(1.5), a.data(), n, stride, bm.data(), n,
                       stride, T(beta), c.data(), n, stride, batch};
  Call call = g;
  auto bound = b.Bind(call);
  bound->Reset();
  bound->Run();
  bound->Fetch();
  double worst = 0;
  for (int64_t i = 0; i < batch; ++i) {
    const int64_t o = i * stride;
    worst = std::max(worst, GemmError(ta, Trans::kNoTrans, n, n, n, 1.5, a.data() + o, n,
                                      bm.data() + o, n, beta, c0.data() + o, c.data() + o, n));
  }
  return worst;
}

template <typename T>
double Tol() { return 50 * std::numeric_limits<T>::epsilon(); }

TEST_SUITE("opencl") {

TEST_CASE_TEMPLATE("opencl: gemm through CLBlast matches a host gemm", T, float, double) {
  auto b = CreateBackend(opencl_test::kPocl);
  REQUIRE(b->Info().available);
  for (Trans ta : {Trans::kNoTrans, Trans::kTrans}) {
    for (Trans tb : {Trans::kNoTrans, Trans::kTrans}) {
      INFO("transa=", std::string(ToString(ta)), " transb=", std::string(ToString(tb)));
      CHECK(RunGemm<T>(*b, ta, tb, 37, 29, 41, 0.0) < Tol<T>());
      CHECK(RunGemm<T>(*b, ta, tb, 1, 1, 1, 2.0) < Tol<T>());
      CHECK(RunGemm<T>(*b, ta, tb, 70, 3, 65, -1.0) < Tol<T>());
    }
  }
}

TEST_CASE("opencl: gemm with timed transfers gives the same result and says so") {
  auto b = CreateBackend(std::string(opencl_test::kPocl) + "/transfers");
  CHECK(b->Info().extra.at("transfers_included") == "true");
  CHECK(RunGemm<float>(*b, Trans::kNoTrans, Trans::kTrans, 33, 20, 9, 1.0) < Tol<float>());
}

TEST_CASE_TEMPLATE("opencl: batched tiny products by our kernel match a host gemm", T, float, double) {
  auto b = CreateBackend(opencl_test::kPocl);
  for (int64_t n : {4, 8, 16}) {
    CAPTURE(n);
    CHECK(RunBatched<T>(*b, n, 37, 0.0) < Tol<T>());
    CHECK(RunBatched<T>(*b, n, 5, 0.5) < Tol<T>());
  }
}

TEST_CASE_TEMPLATE("opencl: batched 4x4 by the 49-product scheme and by CLBlast", T, float, double) {
  auto s49 = CreateBackend(std::string(opencl_test::kPocl) + "/s49");
  CHECK(RunBatched<T>(*s49, 4, 129, 0.0) < Tol<T>());
  CHECK(RunBatched<T>(*s49, 4, 3, -2.0) < Tol<T>());
  auto clblast = CreateBackend(std::string(opencl_test::kPocl) + "/clblast");
  CHECK(RunBatched<T>(*clblast, 4, 33, 1.0) < Tol<T>());
  // Shapes our kernel does not take fall back to CLBlast's strided batched gemm.
  auto def = CreateBackend(opencl_test::kPocl);
  CHECK(RunBatched<T>(*def, 5, 7, 1.0) < Tol<T>());
  CHECK(RunBatched<T>(*def, 4, 7, 0.0, Trans::kTrans) < Tol<T>());
}

// Products run as CLBlast GemmBatched calls (grouped by operand layout) unless /unbatched;
// the per-product layout is forced through LAPACK_AI_FASTMM_FUSION.
TEST_CASE_TEMPLATE("opencl: alphatensor plans on the device match a host gemm", T, float, double) {
  const std::pair<const char*, const char*> variants[] = {
      {"strassen", ""}, {"strassen2", ""}, {"strassen2", "/unbatched"},
      {"dps-4x4x4-48-accurate", ""}, {"strassen2", "per-product"}};
  for (const auto& [scheme, option] : variants) {
    const bool per_product = std::string_view(option) == "per-product";
    if (per_product) setenv("LAPACK_AI_FASTMM_FUSION", "per-product", 1);
    auto b = CreateBackend(fmt::format("alphatensor:{}@{}{}", scheme, opencl_test::kPocl,
                                       per_product ? "" : option));
    REQUIRE_MESSAGE(b->Info().available, b->Info().note);
    INFO("scheme=", scheme, option);
    // Odd sizes exercise the peeled fringes; both transposes the stored-transposed blocks.
    CHECK(RunGemm<T>(*b, Trans::kNoTrans, Trans::kNoTrans, 130, 96, 70, 0.0) < 4 * Tol<T>());
    CHECK(RunGemm<T>(*b, Trans::kTrans, Trans::kTrans, 67, 129, 101, 1.5) < 4 * Tol<T>());
    unsetenv("LAPACK_AI_FASTMM_FUSION");
  }
}

// What the memory preflight adds per backend on a device: the workspace of the plan Bind picks.
// Strassen at 512 (one level, 256-wide blocks) needs at least its 7 products' blocks; the base
// itself and non-gemm routines need none.
TEST_CASE("opencl: alphatensor@opencl states its device workspace for the preflight") {
  auto fast = CreateBackend(fmt::format("alphatensor:strassen@{}", opencl_test::kPocl));
  auto base = CreateBackend(opencl_test::kPocl);
  const double ws = fast->DeviceWorkspaceBytes("gemm", Precision::kDouble, 512, 512, 512);
  CHECK(ws >= 7.0 * 256 * 256 * 8);
  CHECK(ws <= fast->DeviceMemoryBytes().value_or(0) / 4);
  CHECK(fast->DeviceWorkspaceBytes("gemm", Precision::kSingle, 512, 512, 512) == doctest::Approx(ws / 2));
  CHECK(fast->DeviceWorkspaceBytes("getrf", Precision::kDouble, 512, 512, 512) == 0);
  CHECK(base->DeviceWorkspaceBytes("gemm", Precision::kDouble, 512, 512, 512) == 0);
}

}  // TEST_SUITE

}  // namespace
}  // namespace lapack_ai
