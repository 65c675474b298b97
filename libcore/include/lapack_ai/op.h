// Routine descriptions, written once and used by both `validate` and `bench` (the model is
// CLBlast's test/routines/*.hpp): parameters a routine reads, its classical flop count, how its
// operands are generated, how the reference result is computed and how the result is checked.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lapack_ai/backend.h"
#include "lapack_ai/calls.h"
#include "lapack_ai/types.h"

namespace lapack_ai {

/// The parameters of one case. Each routine reads the subset it lists in Columns().
struct CaseParams {
  std::string op = "gemm";
  Precision type = Precision::kDouble;
  int64_t m = 0, n = 0, k = 0;
  Trans transa = Trans::kNoTrans;
  Trans transb = Trans::kNoTrans;
  double alpha = 1.0;
  double beta = 0.0;
  int64_t nrhs = 1;
  int64_t batch = 1;            ///< matrices per batched call (gemm_batched)
  std::string matrix = "rand";  ///< generator type (LAPACK-style), see the validation docs
  double cond = 0.0;            ///< requested condition number; 0 = the generator's default
  uint64_t seed = 1988;         ///< base seed; each case derives its own from it and Key()
  bool full_check = false;      ///< force the full reference check even for large sizes

  /// Stable text identifying the case ("gemm d n n m=4 n=4 k=4 alpha=1 beta=0 ...").
  std::string Key() const;
};

/// One accuracy check: a LAPACK-style normalised ratio compared with its threshold.
struct CheckResult {
  std::string name;       ///< short id, e.g. "gemm_normwise"
  std::string formula;    ///< the ratio as text, with the norm and the eps used
  std::string norm;       ///< "fro", "one", "inf", "two"
  std::string eps_name;   ///< "epsilon" (2^-52 in d, 2^-23 in s) or "unit_roundoff"
  double eps = 0.0;
  double value = 0.0;     ///< the ratio (NaN if it could not be computed)
  double threshold = 0.0; ///< passes iff value < threshold
  bool passed = false;
  std::string note;       ///< e.g. "projected: 4 random vectors" or a decoded INFO
};

/// One generated case of a routine: owns the pristine inputs, the working operands a backend
/// writes into, and what the check needs from the reference backend.
class OpCase {
 public:
  virtual ~OpCase() = default;
  /// Classical flop count (GFLOP/s of fast schemes are "effective" against this).
  virtual double Flops() const = 0;
  /// Restores the working operands from the pristine inputs; returns the call on them. The
  /// previous call's operand addresses may become invalid (the runner rebinds after each call).
  virtual Call& PrepareCall() = 0;
  /// Computes what Check needs with the reference backend; called once per case.
  virtual void ComputeReference(Backend& reference) = 0;
  /// Checks the working operands (after the backend's Fetch). `tol` overrides the default
  /// threshold when > 0. Never throws for numerical failure: it reports it.
  virtual std::vector<CheckResult> Check(double tol) = 0;
};

/// Host and device bytes a case needs, estimated from its shapes before anything is allocated.
/// Doubles, since a requested size may exceed what an int64 holds.
struct MemoryNeed {
  double host_fixed = 0;        ///< pristine inputs, reference result, generator/check temporaries
  double host_per_backend = 0;  ///< one bound call's working operands and the snapshot it restores
  /// Operands a device backend stages for one call, and the device copy of its outputs that it
  /// restores them from between timed calls (cuda and opencl keep one; /transfers does not).
  double device = 0;
  /// Host bytes of a case run on `backends` backends: every backend is bound for its check and
  /// once more for timing (one at a time), so one extra binding is live at the peak.
  double HostTotal(std::size_t backends) const {
    return host_fixed + host_per_backend * static_cast<double>(backends + 1);
  }
};

/// The description of one routine.
class OpDescription {
 public:
  virtual ~OpDescription() = default;
  /// Name as users type it: "gemm".
  virtual std::string_view name() const = 0;
  /// Routine asked of Backend::Supports.
  virtual std::string_view routine() const { return name(); }
  /// Parameter columns this routine reads, in display order ("transA", "m", ...).
  virtual std::vector<std::string> Columns() const = 0;
  /// Default threshold of the primary check, and the source of that number.
  virtual double DefaultThreshold() const = 0;
  /// What a case of `params` will allocate (MemoryNeed), computed without allocating.
  virtual MemoryNeed Memory(const CaseParams& params) const = 0;
  /// Generates the case (fixed seed from params). Throws UsageError for invalid parameters.
  virtual std::unique_ptr<OpCase> MakeCase(const CaseParams& params) const = 0;
};

/// The routine named `name`, or nullptr.
const OpDescription* FindOp(std::string_view name);
/// All routines, in table order.
std::vector<const OpDescription*> AllOps();

}  // namespace lapack_ai
