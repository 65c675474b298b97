// A kernel forced above the CPU's ISA does not run slowly, it dies: OpenBLAS 0.3.21 obeys
// OPENBLAS_CORETYPE=SkylakeX on an AVX2 CPU and the first dgemm is an illegal instruction. The
// lib: backend asks here before loading a library with such a variable.
#include <fmt/format.h>

#include "env/kernel_isa.h"
#include "lapack_ai/env.h"

namespace lapack_ai::env {

std::optional<std::string> ForcedKernelBeyondCpu(const SystemView& sys, std::string_view variable,
                                                 std::string_view value) {
  using internal::Isa;
  for (const internal::KernelLibrary& lib : internal::KernelLibraries()) {
    if (lib.select_env != variable) continue;
    const Isa kernel = internal::KernelIsaOf(lib, value);
    const CpuFeatures cpu = sys.Cpu();
    const Isa best = internal::IsaFromLabel(cpu.best_isa);
    if (kernel == Isa::kUnknown || best == Isa::kUnknown || kernel <= best) return std::nullopt;
    return fmt::format("{}={} selects {}'s {} kernels, but this CPU has {} ({} family {} model {}): "
                       "the first call would be an illegal instruction",
                       variable, value, lib.name, internal::IsaLabel(kernel), cpu.best_isa,
                       cpu.vendor, cpu.family, cpu.model);
  }
  return std::nullopt;
}

}  // namespace lapack_ai::env
