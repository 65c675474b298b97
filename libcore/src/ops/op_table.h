// The routine table: one accessor per routine description, listed once in op_table.cc.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

/// An OpDescription given by its parts, so a <name>_op.cc writes only its cases and `make`,
/// which checks the parameters (UsageError) and builds the case. `name` must outlive the
/// description (a string literal).
class TableOp final : public OpDescription {
 public:
  using Factory = std::function<std::unique_ptr<OpCase>(const CaseParams&)>;
  using MemoryFn = MemoryNeed (*)(const CaseParams&);
  TableOp(std::string_view name, std::vector<std::string> columns, double threshold, Factory make,
          MemoryFn memory)
      : name_(name), columns_(std::move(columns)), threshold_(threshold), make_(std::move(make)),
        memory_(memory) {}
  std::string_view name() const override { return name_; }
  std::vector<std::string> Columns() const override { return columns_; }
  double DefaultThreshold() const override { return threshold_; }
  std::unique_ptr<OpCase> MakeCase(const CaseParams& p) const override { return make_(p); }
  MemoryNeed Memory(const CaseParams& p) const override { return memory_(p); }

 private:
  std::string_view name_;
  std::vector<std::string> columns_;
  double threshold_;
  Factory make_;
  MemoryFn memory_;
};

/// Bytes of a gemm case of `batch` matrices: A, B, C0, C and (full check) Cref on the host, the C
/// snapshot per bound call, A, B and C on a device.
MemoryNeed GemmMemory(const CaseParams& p, double batch);

/// Bytes of a LAPACK routine case (LapackCase): `inputs` elements generated once (the generator
/// works in long double on up to two copies of the largest input, `generated` elements), `work`
/// elements per bound call (its operands and the snapshot a host backend restores them from),
/// and `check_ld` long-double elements the residual checks build.
MemoryNeed LapackMemory(const CaseParams& p, double inputs, double work, double check_ld,
                        double generated);

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
const OpDescription& GesddDescription();
const OpDescription& SyevdDescription();
const OpDescription& SyevdValuesDescription();

}  // namespace lapack_ai
