// The cuda backend when the build has no CUDA toolkit (LAPACK_AI_WITH_CUDA=OFF or nvcc/headers
// not found): it exists, so specs still parse, and says why it cannot run.
#include "lapack_ai/backend.h"

namespace lapack_ai {

std::unique_ptr<Backend> MakeCudaBackend(const BackendSpec& spec) {
  return MakeNotBuiltBackend(
      spec.text, "built without CUDA (LAPACK_AI_WITH_CUDA=OFF or the CUDA toolkit was not found)");
}

}  // namespace lapack_ai
