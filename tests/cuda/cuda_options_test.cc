// Host-side tests of the cuda backend that need no GPU: spec parsing, status texts, the check
// macros, INFO decoding of devInfo values, and the unavailable path on a machine without CUDA.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "backends/cuda/cuda_backend.h"
#include "lapack_ai/backend.h"
#include "lapack_ai/error.h"
#include "ops/info_decode.h"

namespace lapack_ai {
namespace {

using cuda::ParseCudaArgument;

TEST_CASE("cuda: spec options parse, bad ones are usage errors naming the spec") {
  const cuda::CudaOptions d = ParseCudaArgument("cuda", "");
  CHECK(d.device == 0);
  CHECK_FALSE(d.transfers);
  CHECK_FALSE(d.tf32);
  CHECK_FALSE(d.cublas);
  CHECK_FALSE(d.unbatched);
  const cuda::CudaOptions o = ParseCudaArgument("cuda:1/tf32/transfers", "1/tf32/transfers");
  CHECK(o.device == 1);
  CHECK(o.tf32);
  CHECK(o.transfers);
  const cuda::CudaOptions c = ParseCudaArgument("cuda:cublas/unbatched", "cublas/unbatched");
  CHECK(c.cublas);
  CHECK(c.unbatched);
  CHECK(c.device == 0);
  CHECK_FALSE(c.serial);
  CHECK(ParseCudaArgument("cuda:serial", "serial").serial);
  CHECK_FALSE(c.generic);
  CHECK(ParseCudaArgument("cuda:generic/serial", "generic/serial").generic);
  // What the additions run on is recorded with every result (devices, the JSON context).
  const auto info = CreateBackend("cuda")->Info().extra;
  REQUIRE(info.count("fastmm_additions") == 1);
  CHECK((info.at("fastmm_additions").starts_with("specialised per plan by NVRTC") ||
         info.at("fastmm_additions").starts_with("generic kernels: ")));
  CHECK(CreateBackend("cuda:generic")->Info().extra.at("fastmm_additions") == "generic kernels (/generic)");
  // --allow-tf32 reaches every cuda backend of the run through LAPACK_AI_CUDA_TF32=1.
  setenv("LAPACK_AI_CUDA_TF32", "1", 1);
  const bool allowed = ParseCudaArgument("cuda", "").tf32;
  setenv("LAPACK_AI_CUDA_TF32", "0", 1);
  const bool refused = ParseCudaArgument("cuda", "").tf32;
  unsetenv("LAPACK_AI_CUDA_TF32");
  CHECK(allowed);
  CHECK_FALSE(refused);
  for (const char* bad : {"cuda:bogus", "cuda:0/fast", "cuda:tf32/1", "cuda:/tf32", "cuda:-1"}) {
    CAPTURE(bad);
    try {
      CreateBackend(bad);
      FAIL("accepted");
    } catch (const UsageError& e) {
      CHECK(std::string(e.what()).find(bad) != std::string::npos);
    }
  }
  CHECK_THROWS_AS(CreateBackend("cuda@openblas"), UsageError);
}

TEST_CASE("cuda: status codes have their names, unknown ones their number") {
  CHECK(cuda::CuStatusText(CUDA_ERROR_NO_DEVICE).starts_with("CUDA_ERROR_NO_DEVICE"));
  CHECK(cuda::CuStatusText(CUDA_ERROR_OUT_OF_MEMORY).starts_with("CUDA_ERROR_OUT_OF_MEMORY"));
  CHECK(cuda::CuStatusText(CUDA_ERROR_STUB_LIBRARY).find("stub") != std::string::npos);
  CHECK(cuda::CublasStatusText(CUBLAS_STATUS_NOT_SUPPORTED) == "CUBLAS_STATUS_NOT_SUPPORTED");
  CHECK(cuda::CublasStatusText(static_cast<cublasStatus_t>(999)) == "cublasStatus_t 999");
  CHECK(cuda::CusolverStatusText(CUSOLVER_STATUS_INVALID_VALUE) == "CUSOLVER_STATUS_INVALID_VALUE");
  CHECK(cuda::CusolverStatusText(static_cast<cusolverStatus_t>(998)) == "cusolverStatus_t 998");
}

TEST_CASE("cuda: check macros throw BackendError with the call and the status") {
  auto failing_blas = [] { return CUBLAS_STATUS_ALLOC_FAILED; };
  try {
    LAPACK_AI_CUBLAS(failing_blas());
    FAIL("no throw");
  } catch (const BackendError& e) {
    const std::string what = e.what();
    CHECK(what.find("failing_blas()") != std::string::npos);
    CHECK(what.find("CUBLAS_STATUS_ALLOC_FAILED") != std::string::npos);
  }
  auto failing_solver = [] { return CUSOLVER_STATUS_EXECUTION_FAILED; };
  CHECK_THROWS_WITH_AS(LAPACK_AI_CUSOLVER(failing_solver()),
                       doctest::Contains("CUSOLVER_STATUS_EXECUTION_FAILED"), BackendError);
  CHECK_THROWS_WITH_AS(LAPACK_AI_CU(CUDA_ERROR_INVALID_VALUE),
                       doctest::Contains("CUDA_ERROR_INVALID_VALUE"), BackendError);
  CHECK_NOTHROW(LAPACK_AI_CU(CUDA_SUCCESS));
}

TEST_CASE("cuda: positive devInfo values decode like LAPACK's INFO") {
  // The cuSOLVER binders copy devInfo into the call's info unchanged; these are the texts the
  // runner then shows.
  Call lu = GetrfCall<double>{.m = 9, .n = 9, .lda = 9, .info = 7};
  CHECK(DecodeInfo(lu).find("U(7,7) is exactly zero") != std::string::npos);
  Call chol = PotrfCall<float>{.n = 9, .lda = 9, .info = 7};
  CHECK(DecodeInfo(chol).find("leading minor of order 7 is not positive definite") !=
        std::string::npos);
}

TEST_CASE("cuda: operand spans cover the last column of the last matrix") {
  CHECK(cuda::SpanBytes(8, 10, 3) == 8 * 30);
  CHECK(cuda::SpanBytes(4, 4, 4, 20, 3) == 4 * (40 + 16));
  CHECK(cuda::SpanBytes(4, 4, 0) == 0);
  CHECK(cuda::CheckedInt(7, "n") == 7);
  CHECK_THROWS_AS(cuda::CheckedInt(int64_t{1} << 31, "n"), Unsupported);
}

TEST_CASE("cuda: libraries are looked for in the toolkit and the Python wheels") {
  const std::vector<std::string> dirs = cuda::CudaLibraryDirs();
  CHECK(std::find(dirs.begin(), dirs.end(), "/usr/local/cuda/lib64") != dirs.end());
}

TEST_CASE("cuda: the backend always exists and says why it cannot run") {
  auto b = CreateBackend("cuda:tf32");
  const BackendInfo info = b->Info();
  CHECK(info.name == "cuda:tf32");
  CHECK(info.extra.at("timer") == "cuda_events");
  CHECK(info.extra.at("math_mode") == "CUBLAS_TF32_TENSOR_OP_MATH");
  CHECK(info.extra.at("tf32") == "on");
  CHECK(info.extra.at("transfers_included") == "false");
  std::string why;
  if (cuda::LoadApi(&why) != nullptr && info.available) return;  // a GPU host: cuda_gpu_test
  CHECK_FALSE(info.available);
  CHECK_FALSE(info.note.empty());
  const bool names_what = info.note.find("libcuda.so.1") != std::string::npos ||
                          info.note.find("not found (looked in:") != std::string::npos ||
                          info.note.find("cuInit") != std::string::npos ||
                          info.note.find("CUDA device") != std::string::npos;
  CHECK_MESSAGE(names_what, info.note);
  CHECK_FALSE(b->Supports("gemm", Precision::kSingle));
  CHECK_FALSE(b->DeviceMemoryBytes().has_value());
  std::vector<float> m(4);
  Call call = GemmCall<float>{.m = 2, .n = 2, .k = 2, .a = m.data(), .lda = 2, .b = m.data(),
                              .ldb = 2, .c = m.data(), .ldc = 2};
  CHECK_THROWS_WITH_AS(b->Bind(call), doctest::Contains(info.note.c_str()), BackendError);
}

}  // namespace
}  // namespace lapack_ai
