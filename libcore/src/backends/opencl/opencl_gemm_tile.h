// The tile of our GEMM kernel (kernels/gemm_tiled.cl): what a device uses, "/gemm_tile=" sets
// and the results' context reports.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace lapack_ai::opencl {

/// C tile per work-group (mt x nt), k depth of the local slices (kt), C block per work-item
/// (rm x rn), work-items of a warp along m (lx; 0 = no warp shaping). mt == 0 means "CLBlast
/// for every GEMM".
struct GemmTile {
  int mt = 0, nt = 0, kt = 0, rm = 0, rn = 0, lx = 0;
  bool enabled() const { return mt > 0; }
  int threads() const { return (mt / rm) * (nt / rn); }
  /// "128x128x16x8x8x4", as "/gemm_tile=" takes it.
  std::string Name() const;
  /// Parses "MTxNTxKTxRMxRN[xLX]" (LX left out: 4 where the tile allows a warp of 4 x 8
  /// work-items, else 0); throws UsageError naming `what` when malformed or unlaunchable.
  static GemmTile Parse(const std::string& what, const std::string& text);
  /// The tile of MT, NT, KT, RM, RN[, LX] in `v` if the kernel can launch it (an LX of 0 is no
  /// warp shaping, as a stored small tile has); throws UsageError naming `what` and `text`,
  /// the numbers as they were written.
  static GemmTile FromNumbers(const std::string& what, const std::string& text, const std::vector<int>& v);
  /// The measured default for elements of `bytes` bytes (docs/OPENCL.md).
  static GemmTile Default(std::size_t bytes);
  /// What `lapack-ai tune` tries for elements of `bytes` bytes, the default first, then by the
  /// H200's ranking (docs/PERFORMANCE.md), then shapes for smaller devices.
  static std::vector<GemmTile> Candidates(std::size_t bytes);
  bool operator==(const GemmTile&) const = default;
};

}  // namespace lapack_ai::opencl
