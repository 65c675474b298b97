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

// BLIS configuration names (config_registry / bli_arch_string, 0.9). BLIS_ARCH_TYPE takes the
// numeric arch id of the build, so there is no name to suggest.
constexpr KernelIsa kBlisKernels[] = {
    {"generic", Isa::kSse2},   {"penryn", Isa::kSse4},        {"sandybridge", Isa::kAvx},
    {"bulldozer", Isa::kAvx},  {"piledriver", Isa::kAvx},     {"steamroller", Isa::kAvx},
    {"excavator", Isa::kAvx2}, {"haswell", Isa::kAvx2},       {"zen", Isa::kAvx2},
    {"zen2", Isa::kAvx2},      {"zen3", Isa::kAvx2},          {"zen4", Isa::kAvx512},
    {"skx", Isa::kAvx512},     {"knl", Isa::kAvx512},
};

std::string_view SuggestNothing(const CpuFeatures&, Isa) { return ""; }

// MKL reports its code path as a sentence (mkl_get_version's Processor): "Intel(R) Advanced
// Vector Extensions 2 (Intel(R) AVX2) enabled processors". On a non-Intel CPU it says "Intel(R)
// Architecture processors" whatever it runs (MKL 2026 on a Zen 3 VM: 52 GFLOP/s DGEMM on two
// cores, far above any SSE2 path), so that sentence is not judged. MKL_ENABLE_INSTRUCTIONS can
// only lower the path, never raise it, so nothing is suggested.
Isa ClassifyMkl(std::string_view text) {
  const std::string t = ToLower(text);
  if (t.find("amx") != std::string::npos) return Isa::kAmx;
  if (t.find("avx-512") != std::string::npos || t.find("avx512") != std::string::npos ||
      t.find("avx10") != std::string::npos || t.find("extensions 10") != std::string::npos)
    return Isa::kAvx512;
  if (t.find("avx2") != std::string::npos) return Isa::kAvx2;
  if (t.find("(intel(r) avx)") != std::string::npos) return Isa::kAvx;
  if (t.find("sse4") != std::string::npos) return Isa::kSse4;
  return Isa::kUnknown;
}

constexpr KernelLibrary kLibraries[] = {
    {"OpenBLAS", "core", "OPENBLAS_CORETYPE", kOpenblasKernels, &SuggestOpenblas},
    {"BLIS", "blis_arch", "BLIS_ARCH_TYPE", kBlisKernels, &SuggestNothing},
    {"MKL", "mkl_isa", "MKL_ENABLE_INSTRUCTIONS", {}, &SuggestNothing, &ClassifyMkl},
};

}  // namespace

std::string_view IsaLabel(Isa isa) { return kLabels[static_cast<int>(isa)]; }

Isa IsaFromLabel(std::string_view label) {
  const auto* it = std::find(std::begin(kLabels), std::end(kLabels), label);
  return it == std::end(kLabels) ? Isa::kUnknown : static_cast<Isa>(it - std::begin(kLabels));
}

std::span<const KernelLibrary> KernelLibraries() { return kLibraries; }

Isa KernelIsaOf(const KernelLibrary& lib, std::string_view kernel) {
  if (lib.classify != nullptr) return lib.classify(kernel);
  const std::string want = ToLower(Trim(kernel));
  for (const KernelIsa& k : lib.kernels) {
    if (ToLower(k.kernel) == want) return k.isa;
  }
  return Isa::kUnknown;
}

}  // namespace lapack_ai::env::internal
