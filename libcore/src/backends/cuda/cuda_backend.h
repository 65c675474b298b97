// The cuda backend: cuBLAS gemm, cuSOLVER factorisations and our kernels on one CUDA device,
// chosen by the spec `cuda[:DEVICE][/OPTION...]`; every CUDA library is loaded at run time.
#pragma once
#include <memory>
#include <string>

#include "cuda_bound_call.h"
#include "lapack_ai/backend.h"

namespace lapack_ai::cuda {

/// Parses the argument of `cuda:ARG` ("", "1", "0/tf32", "transfers/cublas"). Options:
/// transfers, tf32, cublas, unbatched; a leading number is the device index. Throws UsageError
/// naming the spec for anything else.
CudaOptions ParseCudaArgument(const std::string& spec, const std::string& argument);

/// A backend bound to one device, or an unavailable one (no driver, no library, no device).
class CudaBackend final : public Backend {
 public:
  /// Loads CUDA and opens the device. Never throws for a missing piece: Info() says why.
  CudaBackend(std::string name, CudaOptions options);
  ~CudaBackend() override;
  const std::string& name() const override { return name_; }
  BackendInfo Info() const override;
  bool Supports(std::string_view routine, Precision precision) const override;
  std::unique_ptr<BoundCall> Bind(Call& call) override;
  /// gemm through `plan` on this device (alphatensor:<scheme>@cuda).
  std::unique_ptr<BoundCall> BindFastGemm(const fastmm::Plan& plan, Call& call) override;
  bool BatchesFastProducts() const override { return !options_.unbatched; }
  /// A quarter of the device's memory (the workspace lives there).
  int64_t FastWorkspaceBudget() const override;
  std::optional<double> DeviceMemoryBytes() const override;
  std::optional<double> DeviceFreeBytes() const override;
  const CudaOptions& options() const { return options_; }
  /// "CUBLAS_DEFAULT_MATH" or "CUBLAS_TF32_TENSOR_OP_MATH".
  const char* MathMode() const;

 private:
  void CheckBindable(const Call& call) const;
  std::string name_;
  CudaOptions options_;
  const Api* api_ = nullptr;
  std::unique_ptr<Device> device_;
  std::string unavailable_;
};

}  // namespace lapack_ai::cuda
