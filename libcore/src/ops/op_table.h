// The routine table: one accessor per routine description, listed once in op_table.cc.
#pragma once
#include "lapack_ai/op.h"

namespace lapack_ai {

/// gemm threshold on the normwise ratio: MAGMA's and SLATE's 3·eps (validation.md §2).
inline constexpr double kGemmThreshold = 3.0;

const OpDescription& GemmDescription();
const OpDescription& GemmBatchedDescription();

}  // namespace lapack_ai
