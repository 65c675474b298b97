// The openblas backend: OpenBLAS through CBLAS (and LAPACKE for LAPACK routines), with a
// settable thread count.
#pragma once
#include <memory>
#include <string>

#include "lapack_ai/backend.h"

namespace lapack_ai {

class OpenblasBackend final : public Backend {
 public:
  explicit OpenblasBackend(std::string name);
  const std::string& name() const override { return name_; }
  BackendInfo Info() const override;
  bool Supports(std::string_view routine, Precision precision) const override;
  std::unique_ptr<BoundCall> Bind(Call& call) override;
  /// openblas_set_num_threads; this is a pthreads build, where the setting sticks
  /// (OpenMP builds reset it on the next call, OpenBLAS #5806).
  void SetThreads(int threads) override;
  /// Runs `plan` with CBLAS block products (backends/host_fastmm).
  std::unique_ptr<BoundCall> BindFastGemm(const fastmm::Plan& plan, Call& gemm_call) override;

 private:
  std::string name_;
};

/// Registry factory ("openblas").
std::unique_ptr<Backend> MakeOpenblasBackend(const BackendSpec& spec);

}  // namespace lapack_ai
