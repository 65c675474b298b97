// Draws from std::mt19937_64 that are the same on every platform. The engine's output is fixed
// by the standard; its distributions (uniform_int, normal, ...) are not, and differ between
// libstdc++, libc++ and MSVC, so recorded seeds would not reproduce intervals elsewhere.
#pragma once
#include <cmath>
#include <cstdint>
#include <random>

namespace lapack_ai::stats_internal {

/// Uniform in [0, 1) with 53 random bits.
inline double Uniform01(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

/// Standard normal by Box-Muller (one value per two uniforms; simple beats fast here).
inline double StandardNormal(std::mt19937_64& rng) {
  const double u1 = 1.0 - Uniform01(rng);  // in (0, 1], so the log is finite
  const double u2 = Uniform01(rng);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

/// A std::mt19937_64 stream handed out a few bits at a time, so that drawing a count of 5
/// coin flips costs 5 bits rather than a whole 64-bit draw. Bits are taken low to high.
class RandomBits {
 public:
  explicit RandomBits(std::mt19937_64& rng) : rng_(rng) {}

  /// The next `count` bits (1 to 64) of the stream, in the low bits of the result.
  uint64_t Take(int count) {
    if (count < available_) {  // the hot path stays small enough to inline
      const uint64_t out = buffer_ & ((uint64_t{1} << count) - 1);
      buffer_ >>= count;
      available_ -= count;
      return out;
    }
    return TakeAcrossWords(count);
  }

 private:
  // The buffered bits, then the low bits of a fresh word.
  uint64_t TakeAcrossWords(int count) {
    const uint64_t old_bits = buffer_;
    const int from_old = available_, from_new = count - available_;
    buffer_ = 0;
    available_ = 0;
    if (from_new == 0) return old_bits;
    const uint64_t fresh = rng_();
    const uint64_t low_new = from_new == 64 ? fresh : fresh & ((uint64_t{1} << from_new) - 1);
    if (from_new < 64) {
      buffer_ = fresh >> from_new;
      available_ = 64 - from_new;
    }
    return from_old == 0 ? low_new : old_bits | (low_new << from_old);
  }

  std::mt19937_64& rng_;
  uint64_t buffer_ = 0;  ///< the unused bits, lowest first
  int available_ = 0;
};

}  // namespace lapack_ai::stats_internal
