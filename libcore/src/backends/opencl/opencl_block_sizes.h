// The block size nb of the hybrid factorizations (potrf, getrf, geqrf): the defaults measured
// on the H100/H200 hosts, and the sizes `lapack-ai tune --backend opencl` measured on a device
// (items potrf_nb, getrf_nb, geqrf_nb), which the backend prefers when it opens that device.
#pragma once
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace lapack_ai::opencl {

/// Default block sizes of a hybrid factorization for orders n < 2048, >= 2048 and >= 8192.
struct BlockSizes {
  int64_t small, medium, large;
  int64_t At(int64_t n) const { return n >= 8192 ? large : n >= 2048 ? medium : small; }
};

// potrf: large blocks keep CLBlast's syrk/gemm in their efficient regime on a GPU; small ones
// make the blocked path run (and be tested) at the sizes PoCL handles in CI.
inline constexpr BlockSizes kPotrfBlocks{64, 256, 512};
// getrf's host panel is (m - j) x nb, so its host time grows with nb while the device steps
// per panel are cheap (no trsm): at n = 16384 on the H200 host, with our panels, nb = 64 took
// 0.346 s and 128 0.376 s with 4-wide leaves, 256 0.497 s with 8-wide ones (docs/PERFORMANCE.md);
// smaller nb also keeps inv(L11) small (SolveU12). Orders 2048-8191 keep 128, measured on the
// H100 before our panels. Later runs on the same host had 128 faster than 64 (0.248 against
// 0.267 s): the best nb follows the host, which is what `tune` measures.
inline constexpr BlockSizes kGetrfBlocks{64, 128, 64};
// geqrf: the host panel ((m - j) x nb, twice getrf's flops) bounds the run on a GPU, as for
// getrf: on the H100 at n = 16384, nb = 64 took 2.12 s, 128 2.36 s, 256 3.10 s
// (docs/PERFORMANCE.md). Small blocks make the blocked path run several panels at the sizes
// PoCL handles in CI.
inline constexpr BlockSizes kGeqrfBlocks{32, 64, 64};

/// The routines whose nb `tune` measures, as its items and the tuning file name them.
inline constexpr std::string_view kBlockRoutines[] = {"potrf", "getrf", "geqrf"};

/// The default nb of `routine` (one of kBlockRoutines) at order n.
inline int64_t DefaultBlockSize(std::string_view routine, int64_t n) {
  return (routine == "potrf" ? kPotrfBlocks : routine == "getrf" ? kGetrfBlocks : kGeqrfBlocks).At(n);
}

/// The nb `tune` stored for a device: per routine and element size, the orders it measured
/// and the best nb at each. A call takes the nb of the tuned order nearest by ratio (4096 and
/// 16384 tuned: 8191 takes 4096's), and only within kTunedReach of it: the best nb moves with
/// the order (on the H200 host, getrf's and geqrf's tuned at 4096 were 1.2-1.3x faster than
/// the default at 8192 and 0.82-0.96x at 16384), so a farther order keeps the default.
class TunedBlocks {
 public:
  static constexpr double kTunedReach = 2.0;
  void Set(std::string_view routine, std::size_t bytes, int64_t n, int64_t nb) {
    at_[{bytes, std::string(routine)}][n] = nb;
  }
  /// 0 when nothing was tuned for the routine and element size within reach of n.
  int64_t At(std::string_view routine, std::size_t bytes, int64_t n) const {
    const auto it = at_.find({bytes, std::string(routine)});
    if (it == at_.end() || n <= 0) return 0;
    int64_t best = 0;
    double distance = 0;
    for (const auto& [order, nb] : it->second) {
      const double d = std::abs(std::log(static_cast<double>(n) / static_cast<double>(order)));
      if (best == 0 || d < distance) best = nb, distance = d;
    }
    // A hair over log(2), so that exactly twice or half the order is within reach.
    return distance <= std::log(kTunedReach) + 1e-12 ? best : 0;
  }
  bool empty() const { return at_.empty(); }
  /// "s getrf 4096: 128, s getrf 16384: 64, ..." for status lines.
  std::string Describe() const {
    std::vector<std::string> parts;
    for (const auto& [key, orders] : at_)
      for (const auto& [order, nb] : orders)
        parts.push_back(fmt::format("{} {} {}: {}", key.first == 4 ? "s" : "d", key.second, order, nb));
    return fmt::format("{}", fmt::join(parts, ", "));
  }

 private:
  std::map<std::pair<std::size_t, std::string>, std::map<int64_t, int64_t>> at_;  // (bytes, routine)
};

}  // namespace lapack_ai::opencl
