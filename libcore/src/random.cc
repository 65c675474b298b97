// Seeded generators: Box-Muller normals and per-case seeds (FNV-1a of the case key).
#include "lapack_ai/random.h"

#include <cmath>
#include <numbers>

namespace lapack_ai {

double Rng::Normal() {
  // 1 - u keeps the log argument in (0, 1].
  const double u1 = 1.0 - Uniform01();
  const double u2 = Uniform01();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

uint64_t CaseSeed(uint64_t base_seed, std::string_view case_key) {
  uint64_t h = 1469598103934665603ull ^ base_seed;
  for (unsigned char c : case_key) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace lapack_ai
