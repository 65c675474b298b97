// Seeded, platform-independent random numbers for test operands. std::uniform_real_distribution
// differs between standard libraries, so the mapping from bits to reals is ours.
#pragma once
#include <cstdint>
#include <random>
#include <string_view>

#include "lapack_ai/matrix.h"

namespace lapack_ai {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  /// Uniform in [0, 1) with 53 random bits.
  double Uniform01() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  /// Uniform in [-1, 1), LAPACK's DIST='S'.
  double Symmetric() { return 2.0 * Uniform01() - 1.0; }
  /// Standard normal (Box-Muller), LAPACK's DIST='N'.
  double Normal();
  uint64_t Next() { return engine_(); }

 private:
  std::mt19937_64 engine_;
};

/// Fills every element (rows x cols, not the padding) with U(-1, 1).
template <typename T>
void FillSymmetric(Matrix<T>& m, Rng& rng) {
  for (int64_t j = 0; j < m.cols(); ++j)
    for (int64_t i = 0; i < m.rows(); ++i) m(i, j) = static_cast<T>(rng.Symmetric());
}

/// A stable 64-bit seed for one case, so a case gets the same data whatever else the sweep holds.
uint64_t CaseSeed(uint64_t base_seed, std::string_view case_key);

}  // namespace lapack_ai
