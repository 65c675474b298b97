// The default `lapack-ai validate` sweep: LAPACK's small sizes (dtest.in) plus odd and larger
// ones, zero included, on openblas.
#include "sweep_options.h"

namespace lapack_ai::cli {

std::string DefaultValidateDims() { return "0,1,2,3,5,10,17,50,64,100,257"; }

std::vector<SweepPart> DefaultValidateParts(const std::vector<CaseParams>& cases) {
  return {SweepPart{cases, {"openblas"}}};
}

}  // namespace lapack_ai::cli
