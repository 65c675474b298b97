// The opencl backend when the build has no OpenCL or CLBlast (LAPACK_AI_WITH_OPENCL=OFF or not
// found): it exists, so specs still parse, and says why it cannot run.
#include "lapack_ai/backend.h"
#include "lapack_ai/clblast_tuning.h"
#include "lapack_ai/error.h"

namespace lapack_ai {

std::unique_ptr<Backend> MakeOpenclBackend(const BackendSpec& spec) {
  return MakeNotBuiltBackend(spec.text,
                             "built without OpenCL/CLBlast (LAPACK_AI_WITH_OPENCL=OFF or not found)");
}

namespace clblast_tuning {

Outcome Plan(const Options&) {
  throw UsageError("--backend opencl: this build has no OpenCL/CLBlast (LAPACK_AI_WITH_OPENCL=OFF "
                   "or not found), so there is no CLBlast to tune");
}

Outcome Tune(const Options& options, const std::function<void(const Item&)>&) {
  return Plan(options);
}

}  // namespace clblast_tuning

}  // namespace lapack_ai
