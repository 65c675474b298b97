// gemm and batched gemm on PoCL against a host gemm in double: CLBlast paths, our tiny-matrix
// kernels (classical and 49-product), and the timed-transfers mode.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string_view>
#include <utility>
#include <vector>

#include <limits>

#include <fmt/format.h>

#include "lapack_ai/backend.h"
#include "lapack_ai/error.h"
#include "opencl_test_util.h"

namespace lapack_ai {
namespace {

using opencl_test::GemmError;
using opencl_test::RandomVector;

// Bound, reset, run twice (Reset must restore C) and fetched; returns the relative error.
// Leading dimensions are odd, or multiples of 4 when `aligned` (our kernel's vector paths).
template <typename T>
double RunGemm(Backend& b, Trans ta, Trans tb, int64_t m, int64_t n, int64_t k, double beta,
               bool aligned = false) {
  const auto ld = [&](int64_t rows, int64_t pad) { return aligned ? (rows + 3) / 4 * 4 + 4 : rows + pad; };
  const int64_t lda = ld(ta == Trans::kNoTrans ? m : k, 1), ldb = ld(tb == Trans::kNoTrans ? k : n, 2);
  const int64_t ldc = ld(m, 3);
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

// kernels/gemm_tiled.cl through "/gemm_tile=": small tiles so that these sizes take it (one
// without warp shaping, one with RM != RN, one with a 4 x 8 warp), with partial tiles on every
// side, full tiles (unchecked loads), k not a multiple of the slice, vector loads and stores
// (aligned leading dimensions) or not, and the default tiles at sizes that fill them. Each
// build option of the kernel is covered at least once (PoCL compiles every variant: ~1 s each).
TEST_CASE_TEMPLATE("opencl: gemm by our tiled kernel matches a host gemm", T, float, double) {
  constexpr Trans N = Trans::kNoTrans, Tr = Trans::kTrans;
  struct Case {
    const char* tile;
    std::vector<std::pair<Trans, Trans>> trans;
    std::vector<bool> aligned;
  };
  const Case cases[] = {{"16x16x4x4x4", {{N, N}, {N, Tr}, {Tr, N}, {Tr, Tr}}, {false}},
                        {"32x16x8x8x4", {{N, N}, {Tr, Tr}}, {false, true}},
                        {"32x32x16x4x4x4", {{N, Tr}, {Tr, N}}, {false, true}},
                        {"", {{N, N}, {Tr, Tr}}, {true}}};
  for (const Case& cs : cases) {
    const std::string spec = *cs.tile ? fmt::format("{}/gemm_tile={}", opencl_test::kPocl, cs.tile)
                                      : std::string(opencl_test::kPocl);
    auto b = CreateBackend(spec);
    REQUIRE_MESSAGE(b->Info().available, b->Info().note);
    CHECK(b->Info().extra.at("gemm_kernel").find("gemm_tiled") != std::string::npos);
    for (const auto& [ta, tb] : cs.trans) {
      for (bool aligned : cs.aligned) {
        INFO(spec, " transa=", std::string(ToString(ta)), " transb=", std::string(ToString(tb)), " aligned=", aligned);
        if (*cs.tile) {
          CHECK(RunGemm<T>(*b, ta, tb, 37, 29, 41, 0.0, aligned) < Tol<T>());
          CHECK(RunGemm<T>(*b, ta, tb, 64, 32, 16, 1.0, aligned) < Tol<T>());
          CHECK(RunGemm<T>(*b, ta, tb, 70, 33, 64, -1.0, aligned) < Tol<T>());
        } else {
          CHECK(RunGemm<T>(*b, ta, tb, 130, 129, 131, 0.5, aligned) < Tol<T>());
          CHECK(RunGemm<T>(*b, ta, tb, 256, 128, 32, 0.0, aligned) < Tol<T>());
        }
      }
    }
  }
}

TEST_CASE("opencl: /gemm=clblast keeps every GEMM on CLBlast, and a bad /gemm_tile is a usage error") {
  auto b = CreateBackend(std::string(opencl_test::kPocl) + "/gemm=clblast");
  CHECK(b->Info().extra.at("gemm_kernel").starts_with("s: CLBlast, d: CLBlast"));
  CHECK(RunGemm<float>(*b, Trans::kNoTrans, Trans::kTrans, 130, 129, 131, 1.0) < Tol<float>());
  for (const char* bad : {"128x128x16x8", "128x128x16x6x8", "128x128x0x8x8", "64x64x4x4x4", "8x8x8x4x4z",
                          "128x128x16x8x8x3"}) {
    CAPTURE(bad);
    CHECK_THROWS_WITH_AS(CreateBackend(fmt::format("{}/gemm_tile={}", opencl_test::kPocl, bad)),
                         doctest::Contains("gemm_tile must be MTxNTxKTxRMxRN[xLX]"), UsageError);
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

// Products run as CLBlast GemmBatched calls (grouped by operand layout) unless /unbatched, or
// one by one through our tiled kernel when the blocks fill its tile (a small /gemm_tile here);
// the per-product layout is forced through LAPACK_AI_FASTMM_FUSION.
TEST_CASE_TEMPLATE("opencl: alphatensor plans on the device match a host gemm", T, float, double) {
  const std::pair<const char*, const char*> variants[] = {
      {"strassen", ""}, {"strassen2", ""}, {"strassen2", "/unbatched"}, {"strassen2", "/gemm_tile=16x16x4x4x4"},
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
