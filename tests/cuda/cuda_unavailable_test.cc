// A build without the CUDA toolkit still has the cuda backend, which says why it cannot run.
#include <doctest/doctest.h>

#include "lapack_ai/backend.h"

namespace lapack_ai {
namespace {

TEST_CASE("cuda: a build without CUDA reports the backend unavailable") {
  auto b = CreateBackend("cuda");
  const BackendInfo info = b->Info();
  CHECK_FALSE(info.available);
  CHECK(info.note.find("LAPACK_AI_WITH_CUDA") != std::string::npos);
  CHECK_FALSE(b->Supports("gemm", Precision::kSingle));
}

}  // namespace
}  // namespace lapack_ai
