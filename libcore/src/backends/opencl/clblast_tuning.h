// The stored CLBlast tuning of a device (written by `lapack-ai tune --backend opencl`): where it
// lives, how it is checked, and how the backend applies it when it opens the device.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "lapack_ai/clblast_tuning.h"
#include "lapack_ai/matrix.h"
#include "opencl_block_sizes.h"
#include "opencl_devices.h"
#include "opencl_gemm_tile.h"

namespace lapack_ai::opencl {

/// The kernels the tuner covers, in the order of their value to gemm/potrf/getrf/geqrf:
/// "gemm_tiled" is our GEMM kernel (its tile among GemmTile::Candidates), "<routine>_nb" the
/// block size of a hybrid factorization (opencl_block_sizes.h), the rest CLBlast's.
inline constexpr std::string_view kTiledKernel = clblast_tuning::kTiledKernelName;
using clblast_tuning::kTunedKernels;
/// The routine of a block-size item ("getrf" for "getrf_nb"), "" for a kernel.
inline std::string_view BlockRoutine(std::string_view kernel) {
  return kernel.ends_with("_nb") ? kernel.substr(0, kernel.size() - 3) : std::string_view{};
}

/// What the backend did when it opened a device: status is "CLBlast tuned (<file>, <date>)"
/// or "CLBlast defaults[ (why)]"; warning is set when a file was there but not used (in part
/// or whole).
struct AppliedTuning {
  std::string status;
  std::string warning;
  GemmTile gemm_tile[2];  ///< our GEMM kernel's tuned tile for s and d; unset = not in the file
  TunedBlocks blocks;     ///< the hybrid factorizations' tuned nb; empty = not in the file
};

/// Loads TuningFilePath(device) unless LAPACK_AI_CLBLAST_TUNING=off and overrides CLBlast's
/// parameters for every verified entry (one with a "verified" list: older files lack it, and
/// their entries are ignored with a warning). Never throws: an unusable file gives a warning
/// and defaults.
AppliedTuning ApplyStoredTuning(const DeviceInfo& device);

/// Parses a tuning file and checks its shape and that it was made for `device`; throws
/// std::runtime_error saying what is wrong (the caller adds the file name).
nlohmann::json ParseTuningFile(const std::string& text, const DeviceInfo& device);

}  // namespace lapack_ai::opencl

namespace lapack_ai::opencl {
class OpenDevice;
}

// How the tuner decides whether a candidate replaces CLBlast's defaults (clblast_tuning_check.cc).
namespace lapack_ai::clblast_tuning {

using Params = std::unordered_map<std::string, std::size_t>;

/// A candidate must be this much faster than the defaults: less is timing noise.
inline constexpr double kFasterMargin = 0.03;

struct GemmShape {
  int64_t m, n, k;
  bool trans_a, trans_b;
};
std::string ToString(const GemmShape& s);

/// The gemm shapes a GEMM candidate tuned at m x n x k must compute right: that size, an odd
/// one near it (plain and both transposed) and a small one.
std::vector<GemmShape> VerifyShapes(int64_t m, int64_t n, int64_t k);

/// ||C - Cref||_F / (sqrt(k+2) ||A||_F ||B||_F eps) from the Frobenius norms given (LAPACK's
/// SafeRatio when the denominator vanishes); candidates must stay under the gemm check's
/// kGemmThreshold (ops/op_table.h), as in `lapack-ai validate`.
double GemmNormwiseRatio(double diff_f, double a_f, double b_f, int64_t k, double eps);

/// "" when `tuned_ms` beats `default_ms` by `margin` (a fraction), else why the defaults stay.
std::string SlowerWhy(double default_ms, double tuned_ms, double margin = kFasterMargin);

/// An item's outcome from its checks: "tuned" when `why` is empty, else "<kept>: <why>" (what
/// stays in force and why) with the verified shapes cleared.
void Conclude(Item& it, const std::string& why, const std::string& kept);

/// The parameters CLBlast uses now for it.kernel at it.precision; throws std::runtime_error.
Params RetrieveParams(opencl::OpenDevice& dev, const Item& it);
/// Overrides them (process-wide for the device); throws std::runtime_error if CLBlast refuses.
void ApplyParams(opencl::OpenDevice& dev, const Item& it, const Params& params);

/// Milliseconds (best of a few, after a call that compiles) of the kernel's work at the item's
/// size with the parameters in force: gemm for Xgemm/XgemmDirect, omatcopy for the others.
double TimeKernel(opencl::OpenDevice& dev, const Item& it);

/// Checks the parameters in force against host results (gemm: VerifyShapes; the 2-D kernels:
/// omatcopy exact, plain and transposed, tile-aligned and odd). Returns "" and appends each
/// shape to `verified`, or why they failed; never throws.
std::string Verify(opencl::OpenDevice& dev, const Item& it, std::vector<std::string>& verified);

/// Our GEMM kernel's tile as a tuning file stores it ({"MT": 128, ...}), and back; FromParams
/// throws std::runtime_error for a tile the kernel cannot launch.
Params TileParams(const opencl::GemmTile& tile);
opencl::GemmTile TileFromParams(const std::map<std::string, std::size_t>& params);

/// Milliseconds (best of 3, after a call that compiles) of an it.m x it.n x it.k GEMM through
/// our kernel with `tile`; throws std::runtime_error when the tile does not build on the device.
double TimeTile(opencl::OpenDevice& dev, const Item& it, const opencl::GemmTile& tile);

/// VerifyShapes at up to 1024 (host references in double) through our kernel with `tile`.
std::string VerifyTile(opencl::OpenDevice& dev, const Item& it, const opencl::GemmTile& tile,
                       std::vector<std::string>& verified);

/// Runs per candidate nb: the bind's warm-up and the three timed ones (NbBench::Time).
inline constexpr double kNbRunsPerCandidate = 4;
/// The sweep's best-of-3 only picks the candidate: on a shared machine it can favour one by
/// chance (on PoCL a getrf nb picked 1.44x faster ran 0.90x [0.89, 0.92] the default in an
/// interleaved bench). The decision is on this many alternating runs of the default and the
/// pick (NbBench::Interleaved): the pick's median must beat the default's by the margin, and
/// the pick must win at least kNbConfirmWins of the rounds (a sign test: 6 of 7 happens by
/// chance 6 % of the time when neither is faster).
inline constexpr int kNbConfirmRounds = 7, kNbConfirmWins = 6;
/// That re-measure, its two warm-ups included, in candidates' worth of runs (for planning).
inline constexpr double kNbConfirmCandidates = (2.0 * kNbConfirmRounds + 2) / kNbRunsPerCandidate;

/// The nb a block-size item tries at order n: the routine's default first, then the others that
/// leave at least four blocks, nearest the default (by ratio) first.
std::vector<int64_t> NbCandidates(std::string_view routine, int64_t n);
/// The routine's flop count at order n (potrf n^3/3, getrf 2n^3/3, geqrf 4n^3/3).
double NbFlops(std::string_view routine, int64_t n);
/// A block-size item's runs: the item's routine at order it.n through the hybrid factorization
/// on one fixed-seed input, drawn once (at 16384 drawing costs seconds).
class NbBench {
 public:
  NbBench(opencl::OpenDevice& dev, const Item& it);
  /// Milliseconds, best of 3 after the bind's warm-up run, with block size nb: the sweep.
  double Time(int64_t nb);
  /// `rounds` runs with nb_a and with nb_b, bound side by side and run in alternation, so that a
  /// shared machine's drift hits both alike: the decision's data.
  struct Pairs {
    double median_a_ms, median_b_ms;
    int b_faster;  ///< rounds in which nb_b's run was the faster of the two
  };
  Pairs Interleaved(int64_t nb_a, int64_t nb_b, int rounds);
  /// The same factorization held to the validation suite's projected LAPACK checks (INFO = 0,
  /// ratios under kLinThreshold); "" and the shape appended to `verified`, or why it failed.
  std::string Verify(int64_t nb, std::vector<std::string>& verified);

 private:
  opencl::OpenDevice& dev_;
  const Item& it_;
  std::variant<Matrix<float>, Matrix<double>> input_;
};

/// Whether a block-size sweep that has spent elapsed_s (its input included), sweep_s of it timing
/// `tried` candidates, can pay for one more candidate and the re-measure within allowance_s, at
/// the cost per candidate measured so far. The first candidate is always timed.
bool NbSweepAffords(double elapsed_s, double sweep_s, std::size_t tried, double allowance_s);

/// A block-size item: times candidates (not the default) while it.allowance_s pays for the next
/// one and the re-measure, at the cost the first one measured, and keeps the fastest if, in the
/// interleaved re-measure against the default, its median beats the default's by the margin and
/// it wins kNbConfirmWins rounds, and it passes the projected LAPACK checks at that order
/// (NbBench::Verify). Sets it.parameters (N, NB), the timings (those medians), the candidates
/// tried and the outcome; never throws.
void TuneNb(opencl::OpenDevice& dev, Item& it);

/// Verify with `candidate` applied, then puts back the parameters that were in force.
std::string VerifyCandidate(opencl::OpenDevice& dev, const Item& it, const Params& candidate,
                            std::vector<std::string>& verified);

}  // namespace lapack_ai::clblast_tuning
