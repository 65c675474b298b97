// Kernel -> ISA tables. OpenBLAS names from driver/others/dynamic.c (0.3.21: corename[] and the
// lower-case TARGET names of single-target builds, which openblas_get_corename() returns).
// Steamroller is AVX: the hardware has no AVX2 (it came with Excavator), whatever the kernel.
#include "env/kernel_isa.h"

#include <algorithm>

#include "env/proc_parse.h"

namespace lapack_ai::env::internal {
namespace {

constexpr std::string_view kLabels[] = {"unknown", "SSE", "SSE2", "SSE3",    "SSSE3",
                                        "SSE4",    "AVX", "AVX2", "AVX-512", "AMX"};

constexpr KernelIsa kOpenblasKernels[] = {
    {"Katmai", Isa::kSse},      {"Coppermine", Isa::kSse},    {"Northwood", Isa::kSse2},
    {"Banias", Isa::kSse2},     {"Athlon", Isa::kSse2},       {"Opteron", Isa::kSse2},
    {"Prescott", Isa::kSse3},   {"Opteron_SSE3", Isa::kSse3}, {"Opteron(SSE3)", Isa::kSse3},
    {"Nano", Isa::kSse3},       {"Barcelona", Isa::kSse3},    {"Atom", Isa::kSsse3},
    {"Core2", Isa::kSsse3},     {"Bobcat", Isa::kSsse3},      {"Penryn", Isa::kSse4},
    {"Dunnington", Isa::kSse4}, {"Nehalem", Isa::kSse4},      {"Sandybridge", Isa::kAvx},
    {"Bulldozer", Isa::kAvx},   {"Piledriver", Isa::kAvx},    {"Haswell", Isa::kAvx2},
    {"Zen", Isa::kAvx2},        {"Steamroller", Isa::kAvx},   {"Excavator", Isa::kAvx2},
    {"SkylakeX", Isa::kAvx512}, {"Cooperlake", Isa::kAvx512}, {"SapphireRapids", Isa::kAmx},
};

// The OPENBLAS_CORETYPE values OpenBLAS 0.3.21's dynamic dispatch accepts for each ISA. AMX
// CPUs get an AVX-512 kernel: 0.3.21 has no SapphireRapids kernel, and AMX only speeds up bf16.
std::string_view SuggestOpenblas(const CpuFeatures& cpu, Isa isa) {
  switch (isa) {
    case Isa::kAmx:
    case Isa::kAvx512:
      return cpu.Has("avx512_bf16") ? "Cooperlake" : "SkylakeX";
    case Isa::kAvx2:
      return cpu.vendor == "AuthenticAMD" ? "Zen" : "Haswell";
    case Isa::kAvx:
      return "Sandybridge";
    case Isa::kSse4:
      return "Nehalem";
    default:
      return "";
  }
}

constexpr KernelLibrary kLibraries[] = {
    {"OpenBLAS", "core", "OPENBLAS_CORETYPE", kOpenblasKernels, &SuggestOpenblas},
};

}  // namespace

std::string_view IsaLabel(Isa isa) { return kLabels[static_cast<int>(isa)]; }

Isa IsaFromLabel(std::string_view label) {
  const auto* it = std::find(std::begin(kLabels), std::end(kLabels), label);
  return it == std::end(kLabels) ? Isa::kUnknown : static_cast<Isa>(it - std::begin(kLabels));
}

std::span<const KernelLibrary> KernelLibraries() { return kLibraries; }

Isa KernelIsaOf(const KernelLibrary& lib, std::string_view kernel) {
  const std::string want = ToLower(Trim(kernel));
  for (const KernelIsa& k : lib.kernels) {
    if (ToLower(k.kernel) == want) return k.isa;
  }
  return Isa::kUnknown;
}

}  // namespace lapack_ai::env::internal
