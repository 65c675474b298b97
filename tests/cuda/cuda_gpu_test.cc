// The cuda backend on a real GPU, checked by the same validation the runner applies to every
// backend (against the netlib reference). Where CUDA cannot run each case reports
// "SKIPPED: no CUDA device: <why>".
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "backends/cuda/cuda_backend.h"
#include "lapack_ai/backend.h"
#include "lapack_ai/error.h"
#include "lapack_ai/runner.h"
#include "lapack_ai/sweep.h"
#include "lib/pip_libraries.h"

namespace lapack_ai {
namespace {

// The backend for `spec`, or nullptr after reporting the skip.
std::unique_ptr<Backend> GpuOrSkip(const char* spec = "cuda") {
  auto b = CreateBackend(spec);
  if (!b->Info().available) {
    const std::string why = "no CUDA device: " + b->Info().note;
    testing::ReportSkip(why.c_str());
    return nullptr;
  }
  return b;
}

void ExpectAllPass(Backend& backend, const char* ops, const char* dims, int64_t batches = 1) {
  SweepSpec spec;
  spec.ops = SplitList(ops, "ops");
  spec.types = {Precision::kSingle, Precision::kDouble};
  spec.dims = ParseDims(dims);
  spec.batches = {batches};
  spec.nrhs = {3};
  auto reference = CreateBackend("reference");
  RunOptions opt;
  opt.timing = false;
  Runner runner(*reference, opt);
  const auto results = runner.Run(ExpandSweep(spec), {&backend});
  REQUIRE_FALSE(results.empty());
  for (const CaseResult& r : results) {
    CAPTURE(r.params.Key());
    CAPTURE(r.message);
    CHECK(r.status == Status::kPass);
  }
}

TEST_CASE("cuda gpu: the device describes itself") {
  auto b = GpuOrSkip();
  if (!b) return;
  const BackendInfo info = b->Info();
  CHECK_FALSE(info.device.empty());
  CHECK(info.library.find("cuBLAS") != std::string::npos);
  CHECK(info.providers.count("cublas") == 1);
  CHECK(info.providers.count("cusolver") == 1);
  CHECK(info.extra.at("math_mode") == "CUBLAS_DEFAULT_MATH");
  CHECK(std::stoi(info.extra.at("sm_count")) > 0);
  REQUIRE(b->DeviceMemoryBytes().has_value());
  CHECK(*b->DeviceMemoryBytes() > 1e9);
  REQUIRE(b->DeviceFreeBytes().has_value());  // what the preflight budgets against
  CHECK(*b->DeviceFreeBytes() > 0);
  CHECK(*b->DeviceFreeBytes() <= *b->DeviceMemoryBytes());
  CHECK(b->FastWorkspaceBudget() == static_cast<int64_t>(*b->DeviceMemoryBytes() / 4));
  CHECK(b->BatchesFastProducts());
}

TEST_CASE("cuda gpu: supports s and d of every routine it binds") {
  auto b = GpuOrSkip();
  if (!b) return;
  for (const char* r : {"gemm", "gemm_batched", "getrf", "gesv", "potrf", "posv", "geqrf", "gels",
                        "gesvd", "syevd"}) {
    CAPTURE(r);
    CHECK(b->Supports(r, Precision::kSingle));
    CHECK(b->Supports(r, Precision::kDouble));
  }
  CHECK_FALSE(b->Supports("gelsd", Precision::kDouble));
}

TEST_CASE("cuda gpu: gemm and batched gemm pass validation") {
  auto b = GpuOrSkip();
  if (!b) return;
  ExpectAllPass(*b, "gemm", "1,17,64x40x33");
  ExpectAllPass(*b, "gemm_batched", "4,8,16,7", 5);
  auto cublas = GpuOrSkip("cuda:cublas/transfers");
  ExpectAllPass(*cublas, "gemm,gemm_batched", "4,9", 3);
}

TEST_CASE("cuda gpu: factorisations and solvers pass validation") {
  auto b = GpuOrSkip();
  if (!b) return;
  ExpectAllPass(*b, "getrf,gesv,potrf,posv,geqrf,syevd", "1,17,48");
  ExpectAllPass(*b, "getrf,geqrf,gels,gesvd", "64x40");
  auto t = GpuOrSkip("cuda:transfers");
  ExpectAllPass(*t, "getrf,potrf,gesvd", "33");
}

TEST_CASE("cuda gpu: INFO comes back like LAPACK's, and device time is reported") {
  auto b = GpuOrSkip();
  if (!b) return;
  std::vector<double> a(9, 0.0);  // singular: U(1,1) is zero
  std::vector<int32_t> piv(3);
  GetrfCall<double> lu{.m = 3, .n = 3, .a = a.data(), .lda = 3, .ipiv = piv.data()};
  Call call = lu;
  auto bound = b->Bind(call);
  bound->Reset();
  bound->Run();
  CHECK(std::get<GetrfCall<double>>(call).info == 1);
  REQUIRE(bound->DeviceSeconds().has_value());
  CHECK(*bound->DeviceSeconds() >= 0.0);
  std::vector<float> s{4, 0, 0, 0, -1, 0, 0, 0, 1};  // not SPD at order 2
  Call chol = PotrfCall<float>{.n = 3, .a = s.data(), .lda = 3};
  auto bc = b->Bind(chol);
  bc->Reset();
  bc->Run();
  CHECK(std::get<PotrfCall<float>>(chol).info == 2);
}

TEST_CASE("cuda gpu: shapes cuSOLVER lacks are unsupported with the reason, wide SVD runs as A^T") {
  auto b = GpuOrSkip();
  if (!b) return;
  std::vector<double> a(40 * 64, 0.0), s(40), u(40 * 40), vt(64 * 64), rhs(64 * 2);
  for (int i = 0; i < 40; ++i) a[static_cast<std::size_t>(i + 40 * i)] = 40 - i;  // S = 40..1
  Call wide = GesvdCall<double>{.jobu = 'S', .jobvt = 'S', .m = 40, .n = 64, .a = a.data(),
                                .lda = 40, .s = s.data(), .u = u.data(), .ldu = 40,
                                .vt = vt.data(), .ldvt = 64};
  auto bound = b->Bind(wide);
  bound->Run();
  bound->Fetch();
  CHECK(std::get<GesvdCall<double>>(wide).info == 0);
  CHECK(s[0] == doctest::Approx(40.0));
  CHECK(s[39] == doctest::Approx(1.0));
  Call overwrite = GesvdCall<double>{.jobu = 'O', .m = 40, .n = 64, .a = a.data(), .lda = 40,
                                     .s = s.data(), .u = u.data(), .ldu = 40, .vt = vt.data(),
                                     .ldvt = 64};
  CHECK_THROWS_WITH_AS(b->Bind(overwrite), doctest::Contains("'O'"), Unsupported);
  Call lq = GelsCall<double>{.trans = Trans::kTrans, .m = 40, .n = 30, .nrhs = 2, .a = a.data(),
                             .lda = 40, .b = rhs.data(), .ldb = 64};
  CHECK_THROWS_WITH_AS(b->Bind(lq), doctest::Contains("m >= n"), Unsupported);
}

}  // namespace
}  // namespace lapack_ai
