// Built without OpenCL: the opencl family still parses and reports unavailable.
#include <doctest/doctest.h>

#include "lapack_ai/backend.h"

namespace lapack_ai {
namespace {

TEST_CASE("opencl: opencl without OpenCL is unavailable, not an error") {
  auto b = CreateBackend("opencl");
  CHECK_FALSE(b->Info().available);
  CHECK_FALSE(b->Supports("gemm", Precision::kSingle));
}

}  // namespace
}  // namespace lapack_ai
