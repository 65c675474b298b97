// The opencl backend: CLBlast BLAS-3, our kernels and hybrid LAPACK on one OpenCL device,
// chosen by the spec `opencl[:SELECTOR][/OPTION...]` or LAPACK_AI_OPENCL_DEVICE.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "clblast_tuning.h"
#include "lapack_ai/backend.h"
#include "opencl_bound_call.h"

namespace lapack_ai::opencl {

/// Parses the argument of `opencl:ARG` ("0", "pocl/transfers", "NVIDIA/nb=512", "0/s49").
/// Options: transfers (time host<->device copies), clblast (gemm_batched always by CLBlast),
/// s49 (batched 4x4 by the 49-product kernel), nb=N (hybrid block size), host_threads=N (the
/// host BLAS threads of hybrid panels), dev=SEL (a selector that looks like an option). Throws UsageError naming the spec for a bad option.
OpenclOptions ParseOpenclArgument(const std::string& spec, const std::string& argument);

/// A backend bound to one device, or an unavailable one (no device, selector matches nothing).
class OpenclBackend final : public Backend {
 public:
  /// Opens the selected device. Never throws for a missing device: Info() says unavailable.
  OpenclBackend(std::string name, OpenclOptions options);
  const std::string& name() const override { return name_; }
  BackendInfo Info() const override;
  bool Supports(std::string_view routine, Precision precision) const override;
  std::unique_ptr<BoundCall> Bind(Call& call) override;
  /// gemm through `plan` on this device (alphatensor:<scheme>@opencl).
  std::unique_ptr<BoundCall> BindFastGemm(const fastmm::Plan& plan, Call& call) override;
  bool BatchesFastProducts() const override { return !options_.unbatched; }
  /// A quarter of the device's global memory (the workspace lives there).
  int64_t FastWorkspaceBudget() const override;
  std::optional<double> DeviceMemoryBytes() const override;
  /// The runner's thread count: hybrid panels run the host BLAS with it unless /host_threads=N.
  void SetThreads(int threads) override { threads_ = threads; }
  /// The opened device, or nullptr when unavailable (used by the fast-matmul executor).
  OpenDevice* device() { return device_.get(); }
  const OpenclOptions& options() const { return options_; }

 private:
  std::string name_;
  OpenclOptions options_;
  std::vector<DeviceInfo> all_devices_;
  std::unique_ptr<OpenDevice> device_;
  std::string unavailable_;
  AppliedTuning tuning_;  // the stored CLBlast tuning applied when the device opened
  std::string gemm_tile_source_[2];  // where the s and d tiles came from: default, tuned, /gemm_tile
  int threads_ = 0;       // from SetThreads; 0 = leave the host BLAS's setting alone
};

}  // namespace lapack_ai::opencl
