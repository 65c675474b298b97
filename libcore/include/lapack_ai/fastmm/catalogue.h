// The shipped catalogue of fast matmul schemes: classical, Strassen, Winograd, Strassen (x)
// Strassen, AlphaTensor's schemes, the DPS 48-product 4x4 schemes and a 49-product scheme with
// 156 additions, plus AlphaTensor's GF(2) 4x4 (listed, verified mod 2, never used on floats).
#pragma once
#include <string_view>
#include <vector>

#include "lapack_ai/fastmm/scheme.h"

namespace lapack_ai::fastmm {

/// Every shipped scheme, in a fixed order. Built on first use (thread-safe): the JSON files of
/// data/schemes embedded in the binary are parsed and each scheme is verified exactly; a
/// shipped scheme that fails is a build defect and throws std::logic_error naming it.
const std::vector<Scheme>& Catalogue();

/// The scheme named `name` (exact match, e.g. "strassen2"), or nullptr. The pointer stays valid
/// for the life of the process.
const Scheme* FindScheme(std::string_view name);

}  // namespace lapack_ai::fastmm
