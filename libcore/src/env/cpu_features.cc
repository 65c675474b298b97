// CPU identity and ISA from cpuid, keeping only what the OS also enabled in XCR0: a VM that
// hides AVX-512 state must not make us demand AVX-512 kernels.
#include "env/cpu_features.h"

#include <algorithm>
#include <cstring>

#include "env/proc_parse.h"
#include "lapack_ai/env.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace lapack_ai::env {
namespace {

bool HasAll(const CpuFeatures& c, std::initializer_list<std::string_view> flags) {
  return std::all_of(flags.begin(), flags.end(), [&](std::string_view f) { return c.Has(f); });
}

std::string BestIsa(const CpuFeatures& c) {
  if (HasAll(c, {"avx512f", "avx512bw", "avx512vl", "amx_tile"})) return "AMX";
  if (HasAll(c, {"avx512f", "avx512bw", "avx512vl"})) return "AVX-512";
  if (HasAll(c, {"avx2", "fma"})) return "AVX2";
  if (c.Has("avx")) return "AVX";
  if (c.Has("sse4_2")) return "SSE4";
  if (c.Has("ssse3")) return "SSSE3";
  if (c.Has("sse3")) return "SSE3";
  if (c.Has("sse2")) return "SSE2";
  return "unknown";
}

}  // namespace

bool CpuFeatures::Has(std::string_view flag) const {
  return std::binary_search(flags.begin(), flags.end(), flag);
}

CpuFeatures MakeCpuFeatures(std::string vendor, int family, int model,
                            std::vector<std::string> flags, std::string model_name) {
  CpuFeatures c;
  c.vendor = std::move(vendor);
  c.model_name = std::move(model_name);
  c.family = family;
  c.model = model;
  std::sort(flags.begin(), flags.end());
  flags.erase(std::unique(flags.begin(), flags.end()), flags.end());
  c.flags = std::move(flags);
  c.best_isa = BestIsa(c);
  return c;
}

namespace internal {

#if defined(__x86_64__) || defined(__i386__)
namespace {

struct Regs {
  unsigned a = 0, b = 0, c = 0, d = 0;
};

Regs Cpuid(unsigned leaf, unsigned sub = 0) {
  Regs r;
  if (__get_cpuid_count(leaf, sub, &r.a, &r.b, &r.c, &r.d) == 0) return Regs{};
  return r;
}

uint64_t Xcr0() {
  unsigned lo = 0, hi = 0;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (uint64_t{hi} << 32) | lo;
}

bool Bit(unsigned reg, int bit) { return ((reg >> bit) & 1u) != 0; }

std::string BrandString() {
  if (Cpuid(0x80000000).a < 0x80000004) return "";
  char brand[49] = {};
  for (unsigned i = 0; i < 3; ++i) {
    const Regs r = Cpuid(0x80000002 + i);
    const unsigned words[4] = {r.a, r.b, r.c, r.d};
    std::memcpy(brand + 16 * i, words, 16);
  }
  return std::string(Trim(brand));
}

// Flags by (leaf 1 or 7) register bit; the XCR0 mask says which OS-saved state they need.
std::vector<std::string> Flags(unsigned max_leaf) {
  const Regs l1 = Cpuid(1);
  const Regs l7 = max_leaf >= 7 ? Cpuid(7, 0) : Regs{};
  const Regs l71 = max_leaf >= 7 ? Cpuid(7, 1) : Regs{};
  const uint64_t xcr0 = Bit(l1.c, 27) ? Xcr0() : 0;  // OSXSAVE
  const bool ymm = (xcr0 & 0x6) == 0x6;
  const bool zmm = ymm && (xcr0 & 0xE0) == 0xE0;
  const bool tiles = (xcr0 & 0x60000) == 0x60000;
  const struct {
    const char* name;
    bool on;
  } table[] = {
      {"sse2", Bit(l1.d, 26)},
      {"sse3", Bit(l1.c, 0)},
      {"ssse3", Bit(l1.c, 9)},
      {"sse4_1", Bit(l1.c, 19)},
      {"sse4_2", Bit(l1.c, 20)},
      {"avx", ymm && Bit(l1.c, 28)},
      {"fma", ymm && Bit(l1.c, 12)},
      {"avx2", ymm && Bit(l7.b, 5)},
      {"avx512f", zmm && Bit(l7.b, 16)},
      {"avx512dq", zmm && Bit(l7.b, 17)},
      {"avx512bw", zmm && Bit(l7.b, 30)},
      {"avx512vl", zmm && Bit(l7.b, 31)},
      {"avx512_bf16", zmm && Bit(l71.a, 5)},
      {"amx_bf16", tiles && Bit(l7.d, 22)},
      {"amx_tile", tiles && Bit(l7.d, 24)},
      {"amx_int8", tiles && Bit(l7.d, 25)},
  };
  std::vector<std::string> flags;
  for (const auto& f : table) {
    if (f.on) flags.emplace_back(f.name);
  }
  return flags;
}

}  // namespace

CpuFeatures ReadCpuid() {
  const Regs l0 = Cpuid(0);
  if (l0.a == 0) return MakeCpuFeatures("unknown", 0, 0, {});
  char vendor[13] = {};
  std::memcpy(vendor, &l0.b, 4);
  std::memcpy(vendor + 4, &l0.d, 4);
  std::memcpy(vendor + 8, &l0.c, 4);
  const unsigned sig = Cpuid(1).a;
  const int base_family = static_cast<int>((sig >> 8) & 0xF);
  const int base_model = static_cast<int>((sig >> 4) & 0xF);
  const int family = base_family + (base_family == 0xF ? static_cast<int>((sig >> 20) & 0xFF) : 0);
  const bool extended = base_family == 0x6 || base_family == 0xF;
  const int model = base_model + (extended ? static_cast<int>((sig >> 16) & 0xF) << 4 : 0);
  return MakeCpuFeatures(vendor, family, model, Flags(l0.a), BrandString());
}
#else
CpuFeatures ReadCpuid() { return MakeCpuFeatures("unknown", 0, 0, {}); }
#endif

}  // namespace internal
}  // namespace lapack_ai::env
