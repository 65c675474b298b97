// Which instruction set a BLAS library's selected kernel uses, and which kernel to ask for on a
// given CPU. One row per library: OpenBLAS's core name, BLIS's arch string, MKL's code path.
#pragma once
#include <span>
#include <string>
#include <string_view>

#include "lapack_ai/env.h"

namespace lapack_ai::env::internal {

/// Ordered: a kernel is "below" the CPU when its Isa compares less.
enum class Isa { kUnknown, kSse, kSse2, kSse3, kSsse3, kSse4, kAvx, kAvx2, kAvx512, kAmx };

/// "SSE3", "AVX-512", ... ("unknown" for kUnknown).
std::string_view IsaLabel(Isa isa);
/// Inverse of IsaLabel (CpuFeatures::best_isa); kUnknown for anything else.
Isa IsaFromLabel(std::string_view label);

struct KernelIsa {
  std::string_view kernel;  ///< as the library names it; matched case-insensitively
  Isa isa;
};

/// How one library reports its kernel and how a user overrides it.
struct KernelLibrary {
  std::string_view name;        ///< "OpenBLAS"
  std::string_view extra_key;   ///< BackendInfo::extra key holding the kernel name ("core")
  std::string_view select_env;  ///< variable that forces a kernel ("OPENBLAS_CORETYPE")
  std::span<const KernelIsa> kernels;
  /// The kernel to select on `cpu` for ISA `isa`, "" if the library has none better (or no
  /// variable that can raise it).
  std::string_view (*suggest)(const CpuFeatures& cpu, Isa isa);
  /// For libraries that report a sentence rather than a name (MKL's code path): the ISA it
  /// names, used instead of `kernels`; nullptr to use the table.
  Isa (*classify)(std::string_view kernel) = nullptr;
};

std::span<const KernelLibrary> KernelLibraries();

/// The ISA of `kernel` in `lib`'s table; kUnknown if the name is not listed.
Isa KernelIsaOf(const KernelLibrary& lib, std::string_view kernel);

}  // namespace lapack_ai::env::internal
