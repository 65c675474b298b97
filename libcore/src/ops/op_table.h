// The routine table: one accessor per routine description, listed once in op_table.cc.
#pragma once
#include "lapack_ai/op.h"

namespace lapack_ai {

/// gemm threshold on the normwise ratio: MAGMA's and SLATE's 3·eps (validation.md §2).
inline constexpr double kGemmThreshold = 3.0;

const OpDescription& GemmDescription();
const OpDescription& GemmBatchedDescription();
// LAPACK routines (one file each: <name>_op.cc); *_values are the values-only variants.
const OpDescription& GetrfDescription();
const OpDescription& GesvDescription();
const OpDescription& PotrfDescription();
const OpDescription& PosvDescription();
const OpDescription& GeqrfDescription();
const OpDescription& GelsDescription();
const OpDescription& GesvdDescription();
const OpDescription& GesvdValuesDescription();
const OpDescription& SyevdDescription();
const OpDescription& SyevdValuesDescription();

}  // namespace lapack_ai
