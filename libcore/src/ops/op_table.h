// The routine table: one accessor per routine description, listed once in op_table.cc.
#pragma once
#include <memory>

#include "lapack_ai/op.h"

namespace lapack_ai {

/// gemm threshold on the normwise ratio: MAGMA's and SLATE's 3·eps (validation.md §2).
inline constexpr double kGemmThreshold = 3.0;

/// The Case<float> or Case<double> of `p.type`, constructed from (p, extra...): the precision
/// dispatch of every OpDescription::MakeCase.
template <template <typename> class Case, typename... Extra>
std::unique_ptr<OpCase> MakeTypedCase(const CaseParams& p, const Extra&... extra) {
  if (p.type == Precision::kSingle) return std::make_unique<Case<float>>(p, extra...);
  return std::make_unique<Case<double>>(p, extra...);
}

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
