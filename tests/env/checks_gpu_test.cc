// gpu_shared and reduced_precision_math on fake machines: firing, quiet, and not applicable
// without a GPU backend, nvidia-smi or a reported math mode.
#include <doctest/doctest.h>

#include "env/fake_system.h"

namespace lapack_ai::env {
namespace {

using testing::FakeSystem;
using testing::RunOne;

BackendInfo GpuBackend(std::map<std::string, std::string> extra = {}) {
  BackendInfo b;
  b.name = "opencl";
  b.device = "NVIDIA CUDA / NVIDIA H100 80GB HBM3";
  b.extra = std::move(extra);
  return b;
}

TEST_CASE("env gpu_shared: nvidia-smi lists another process (ours is skipped)") {
  FakeSystem sys;  // pid 4242
  sys.commands = {{"nvidia-smi", "4242, lapack-ai, 300 MiB\n777, python3, 5000 MiB\n"}};
  auto r = RunOne(sys, {GpuBackend()}, "gpu_shared");
  REQUIRE(r.outcome.findings.size() == 1);
  CHECK(r.outcome.findings[0].message == "1 other process on the GPU: pid 777 python3 (5000 MiB)");
  sys.commands = {{"nvidia-smi", "4242, lapack-ai, 300 MiB\n"}};
  CHECK(RunOne(sys, {GpuBackend()}, "gpu_shared").outcome.state == CheckState::kOk);
  sys.commands = {{"nvidia-smi", ""}};
  CHECK(RunOne(sys, {GpuBackend()}, "gpu_shared").outcome.state == CheckState::kOk);
}

TEST_CASE("env gpu_shared: a backend's own count - not applicable without GPU or nvidia-smi") {
  FakeSystem sys;
  const auto r = RunOne(sys, {GpuBackend({{"other_processes", "2"}})}, "gpu_shared");
  REQUIRE(r.outcome.findings.size() == 1);
  CHECK(r.outcome.findings[0].message == "opencl reports 2 other processes on its device");
  CHECK(RunOne(sys, {GpuBackend({{"other_processes", "0"}})}, "gpu_shared").outcome.state ==
        CheckState::kNotApplicable);  // no nvidia-smi in this fake
  CHECK(RunOne(sys, {testing::OpenblasInfo("Zen")}, "gpu_shared").outcome.state ==
        CheckState::kNotApplicable);
}

TEST_CASE("env reduced_precision_math: a backend reporting tf32/bf16/fp16 math") {
  FakeSystem sys;
  const auto r =
      RunOne(sys, {GpuBackend({{"math_mode", "TF32 tensor ops"}})}, "reduced_precision_math");
  REQUIRE(r.outcome.findings.size() == 1);
  CHECK(r.outcome.findings[0].message ==
        "opencl computes with math_mode=TF32 tensor ops: products are rounded below the "
        "precision asked for");
  CHECK(
      RunOne(sys, {GpuBackend({{"math_mode", "fp32"}})}, "reduced_precision_math").outcome.state ==
      CheckState::kOk);
  CHECK(RunOne(sys, {GpuBackend()}, "reduced_precision_math").outcome.state ==
        CheckState::kNotApplicable);
}

}  // namespace
}  // namespace lapack_ai::env
