// The opencl backend when the build has no OpenCL or CLBlast (LAPACK_AI_WITH_OPENCL=OFF or not
// found): it exists, so specs still parse, and says why it cannot run.
#include "lapack_ai/backend.h"

namespace lapack_ai {

std::unique_ptr<Backend> MakeOpenclBackend(const BackendSpec& spec) {
  return MakeNotBuiltBackend(spec.text,
                             "built without OpenCL/CLBlast (LAPACK_AI_WITH_OPENCL=OFF or not found)");
}

}  // namespace lapack_ai
