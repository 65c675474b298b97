// Hybrid blocked potrf on an OpenCL device: each diagonal block is factored on the host by
// LAPACKE (OpenBLAS); the panel solve and the trailing update run on the device by GEMMs (ours or CLBlast's)
// (see SolvePanel and UpdateTrailing). One panel of look-ahead: the next panel's columns are
// updated and its diagonal block read back first, so the host factors it while the device
// updates the rest of the trailing matrix.
#include <clblast.h>

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "opencl_bound_call.h"
#include "opencl_gemm_workspace.h"
#include "opencl_host_lapack.h"
#include "opencl_panel.h"

namespace lapack_ai::opencl {
namespace {

using clblast::Diagonal;
using clblast::Layout;
using clblast::Side;
using clblast::Transpose;
using clblast::Triangle;

// potrf's panel solve (L21 = A21 inv(L11)^T, or U12 = inv(U11)^T A12) by GEMMs with the inverses
// of L11's ib x ib diagonal blocks, formed on the host from the panel it has just factored:
// CLBlast's trsm runs a chain of GEMMs over 16-wide diagonal blocks, dozens of calls per panel.
// Inverting blocks of 128 (as MAGMA's trsm does), not the whole 512-wide L11, keeps the error
// growth to cond(L_bb) of 128-wide blocks; the validation suite's potrf ratios check it.
constexpr int64_t kPotrfInverseBlock = 128;

// potrf's host work per panel is a 512-wide potrf and four 128-wide trtri, too little to share:
// OpenBLAS's threads add synchronisation, and they take cores from the driver's thread that
// feeds the device. H200 host, n = 16384, each pair in one interleaved run: 0.0948 s on one
// thread against 0.1047 s on four (2026-12-01), 0.099 s against 0.097 s, and 0.111 s on 16
// (2026-11-30); docs/PERFORMANCE.md. /host_threads=N overrides.
constexpr int kPotrfHostThreads = 1;

// potrf's trailing update by GEMMs over column chunks of this many panels, not CLBlast's syrk:
// syrk creates up to three temporary buffers per call (see opencl_gemm_workspace.h) and would
// run twice per panel. A chunk's GEMM also writes the upper half of its diagonal square (the
// triangle LAPACK leaves untouched, restored at the end), so wide chunks waste flops; narrow
// ones cost host calls. Four 512-wide panels: at most 12 % extra flops at n = 16384.
constexpr int64_t kPotrfUpdateChunkPanels = 4;

template <typename T>
class PotrfBound final : public DeviceBoundCall {
 public:
  PotrfBound(OpenDevice& dev, const OpenclOptions& opts, PotrfCall<T>& c)
      : DeviceBoundCall(dev, opts.transfers), c_(c), nb_(BlockSize(dev, opts, "potrf", sizeof(T), c.n, kPotrfBlocks)),
        ib_(std::min<int64_t>(opts.ib > 0 ? opts.ib : kPotrfInverseBlock, nb_)),
        clblast_trsm_(opts.clblast_trsm), clblast_syrk_(opts.clblast_syrk), host_threads_(PanelThreads(opts, kPotrfHostThreads)),
        clock_(fmt::format("potrf n={} nb={} {}{} host_threads={}", c.n, nb_,
                           clblast_trsm_ ? "trsm=clblast" : fmt::format("ib={}", ib_),
                           clblast_syrk_ ? " syrk=clblast" : "", host_threads_)) {
    a_ = AddOperand(c.a, SpanBytes(sizeof(T), c.lda, c.n), true, !clblast_syrk_);
    pinned_ = PinnedHost(dev.context(), dev.queue(), sizeof(T) * static_cast<std::size_t>(nb_ * nb_));
    panel_ = static_cast<T*>(pinned_.data());
    if (!clblast_trsm_ && c.n > nb_) {
      dinv_.resize(static_cast<std::size_t>(ib_ * nb_));
      dinv_dev_ = Buffer(dev.context(), sizeof(T) * dinv_.size());
      w_dev_ = Buffer(dev.context(), sizeof(T) * static_cast<std::size_t>(nb_ * (c.n - std::min(nb_, c.n))));
    }
    if (!clblast_syrk_) {
      triangle_ = dev.Kernel("triangle", OpenDevice::TypeOptions<T>(), "copy_strict_triangle");
    }
  }

 protected:
  void Compute() override {
    c_.info = 0;
    HostThreads threads(host_threads_);
    const int64_t n = c_.n, lda = c_.lda;
    const bool lower = c_.uplo == 'L' || c_.uplo == 'l';
    auto at = [lda](int64_t i, int64_t j) { return static_cast<std::size_t>(i + j * lda); };
    PendingRead pending;
    clock_.BeginRun();
    if (n > 0) ReadAsync(dev_, mem(a_), 0, lda, panel_, std::min(nb_, n), std::min(nb_, n), pending);
    for (int64_t j = 0; j < n; j += nb_) {
      const int64_t jb = std::min(nb_, n - j);
      clock_.Time(Phase::kBlocked, [&] { pending.Wait(); });
      const lapack_int info = clock_.Time(Phase::kHost, [&] { return HostPotrf(lower ? 'L' : 'U', jb, panel_, jb); });
      if (info != 0) {
        c_.info = info > 0 ? j + info : info;
        break;
      }
      const int64_t m2 = n - j - jb;
      if (m2 > 0 && !clblast_trsm_) clock_.Time(Phase::kHost, [&] { InvertDiagonalBlocks(jb, lower); });
      // Non-blocking: panel_ and dinv_ are next rewritten after the wait for the next panel's
      // read, which this in-order queue runs after these writes.
      clock_.Time(Phase::kIssue, [&] {
        WriteMatrix(dev_.queue(), mem(a_), sizeof(T), at(j, j), lda, panel_, jb, jb, jb, false);
        if (m2 > 0 && !clblast_trsm_) dinv_dev_.Write(dev_.queue(), dinv_.data(), sizeof(T) * dinv_.size(), 0, false);
      });
      if (m2 == 0) break;
      clock_.Time(Phase::kIssue, [&] {
        SolvePanel(j, jb, m2, lower);
        UpdateTrailing(j, jb, m2, lower, pending);
      });
    }
    pending.Wait();  // an early exit (INFO > 0) may leave the look-ahead read in flight
    if (!clblast_syrk_ && n > nb_) RestoreTriangle(lower);
    clock_.Time(Phase::kBlocked, [&] { dev_.Finish(); });
    clock_.EndRun();
  }

 private:
  // dinv_ (ib x jb): block b holds inv(L_bb) (or inv(U_bb)) of the panel's b-th diagonal block.
  void InvertDiagonalBlocks(int64_t jb, bool lower) {
    std::fill(dinv_.begin(), dinv_.end(), T{0});
    for (int64_t r0 = 0; r0 < jb; r0 += ib_) {
      const int64_t w = std::min(ib_, jb - r0);
      T* d = dinv_.data() + r0 * ib_;
      for (int64_t col = 0; col < w; ++col)
        for (int64_t i = 0; i < w; ++i)
          if (lower ? i >= col : i <= col) d[i + col * ib_] = panel_[(r0 + i) + (r0 + col) * jb];
      HostTrtri(lower ? 'L' : 'U', 'N', static_cast<lapack_int>(w), d, static_cast<lapack_int>(ib_));
    }
  }

  // A(j+jb:, j+jb:) -= L21 L21^T (or U12^T U12), the next panel's columns first so its
  // diagonal block is read back (into `pending`) while the device updates the rest.
  void UpdateTrailing(int64_t j, int64_t jb, int64_t m2, bool lower, PendingRead& pending) {
    const int64_t lda = c_.lda, jb2 = std::min(nb_, m2), rest = m2 - jb2;
    auto at = [lda](int64_t i, int64_t jj) { return static_cast<std::size_t>(i + jj * lda); };
    auto* q = dev_.queue_ptr();
    const cl_mem a = mem(a_);
    const auto ujb = static_cast<std::size_t>(jb), ulda = static_cast<std::size_t>(lda);
    if (clblast_syrk_) {
      const Triangle tri = lower ? Triangle::kLower : Triangle::kUpper;
      const Transpose tr = lower ? Transpose::kNo : Transpose::kYes;
      const std::size_t panel = lower ? at(j + jb, j) : at(j, j + jb), step = lower ? 1 : ulda;
      CLBLAST_CHECK(clblast::Syrk<T>(Layout::kColMajor, tri, tr, jb2, jb, T{-1}, a, panel, lda, T{1}, a,
                                     at(j + jb, j + jb), lda, q));
      ReadAsync(dev_, a, at(j + jb, j + jb), lda, panel_, jb2, jb2, pending);
      if (rest == 0) return;
      if (lower) {
        gemm_.Gemm<T>(dev_, q, Transpose::kNo, Transpose::kYes, rest, jb2, ujb, T{-1}, a,
                      at(j + jb + jb2, j), ulda, a, at(j + jb, j), ulda, T{1}, a, at(j + jb + jb2, j + jb), ulda);
      } else {
        gemm_.Gemm<T>(dev_, q, Transpose::kYes, Transpose::kNo, jb2, rest, ujb, T{-1}, a,
                      at(j, j + jb), ulda, a, at(j, j + jb + jb2), ulda, T{1}, a, at(j + jb, j + jb + jb2), ulda);
      }
      CLBLAST_CHECK(clblast::Syrk<T>(Layout::kColMajor, tri, tr, rest, jb, T{-1}, a, panel + jb2 * step, lda, T{1},
                                     a, at(j + jb + jb2, j + jb + jb2), lda, q));
      return;
    }
    // Column chunks [c, c + w) of the trailing matrix (block rows for upper), each with the rows
    // from its diagonal down: the first is the next panel.
    const int64_t chunk = kPotrfUpdateChunkPanels * nb_;
    for (int64_t c = 0; c < m2; c = c == 0 ? jb2 : c + chunk) {
      const int64_t w = c == 0 ? jb2 : std::min(chunk, m2 - c);
      const auto uw = static_cast<std::size_t>(w);
      const auto below = static_cast<std::size_t>(m2 - c);
      if (lower) {
        gemm_.Gemm<T>(dev_, q, Transpose::kNo, Transpose::kYes, below, uw, ujb, T{-1}, a,
                      at(j + jb + c, j), ulda, a, at(j + jb + c, j), ulda, T{1}, a, at(j + jb + c, j + jb + c), ulda);
      } else {
        gemm_.Gemm<T>(dev_, q, Transpose::kYes, Transpose::kNo, uw, below, ujb, T{-1}, a,
                      at(j, j + jb + c), ulda, a, at(j, j + jb + c), ulda, T{1}, a, at(j + jb + c, j + jb + c), ulda);
      }
      if (c == 0) ReadAsync(dev_, a, at(j + jb, j + jb), lda, panel_, jb2, jb2, pending);
    }
  }

  // The chunk GEMMs wrote the strict upper (lower) triangle: put the caller's values back.
  void RestoreTriangle(bool lower) {
    SetArg(triangle_, 0, mem(a_));
    SetArg(triangle_, 1, original(a_));
    SetArg(triangle_, 2, static_cast<cl_long>(c_.lda));
    SetArg(triangle_, 3, static_cast<cl_int>(c_.n));
    SetArg(triangle_, 4, static_cast<cl_int>(lower ? 1 : 0));
    Launch1D(dev_.queue(), triangle_, static_cast<std::size_t>(c_.n) * static_cast<std::size_t>(c_.n), 256);
  }

  // Lower: X = A21 inv(L11)^T block column by block column into W (m2 x jb), each finished block
  // updating the columns right of it; then W replaces A21. Upper: the transpose, block rows of
  // X = inv(U11)^T A12 in W (jb x m2).
  void SolvePanel(int64_t j, int64_t jb, int64_t m2, bool lower) {
    const int64_t lda = c_.lda;
    auto at = [lda](int64_t i, int64_t jj) { return static_cast<std::size_t>(i + jj * lda); };
    auto* q = dev_.queue_ptr();
    const cl_mem a = mem(a_);
    if (clblast_trsm_) {
      if (lower) {
        CLBLAST_CHECK(clblast::Trsm<T>(Layout::kColMajor, Side::kRight, Triangle::kLower, Transpose::kYes,
                                       Diagonal::kNonUnit, m2, jb, T{1}, a, at(j, j), lda, a, at(j + jb, j), lda, q));
      } else {
        CLBLAST_CHECK(clblast::Trsm<T>(Layout::kColMajor, Side::kLeft, Triangle::kUpper, Transpose::kYes,
                                       Diagonal::kNonUnit, jb, m2, T{1}, a, at(j, j), lda, a, at(j, j + jb), lda, q));
      }
      return;
    }
    const cl_mem w = w_dev_.get(), d = dinv_dev_.get();
    const auto uib = static_cast<std::size_t>(ib_), ulda = static_cast<std::size_t>(lda);
    const auto um2 = static_cast<std::size_t>(m2), ujb = static_cast<std::size_t>(jb);
    for (int64_t r0 = 0; r0 < jb; r0 += ib_) {
      const auto bw = static_cast<std::size_t>(std::min(ib_, jb - r0));
      const auto after = static_cast<std::size_t>(jb - r0) - bw;
      const auto dblock = static_cast<std::size_t>(r0) * uib;
      const auto ur0 = static_cast<std::size_t>(r0);
      if (lower) {
        const std::size_t wblock = ur0 * um2;
        gemm_.Gemm<T>(dev_, q, Transpose::kNo, Transpose::kYes, um2, bw, bw, T{1}, a, at(j + jb, j + r0),
                      ulda, d, dblock, uib, T{0}, w, wblock, um2);
        if (after > 0) {
          gemm_.Gemm<T>(dev_, q, Transpose::kNo, Transpose::kYes, um2, after, bw, T{-1}, w, wblock, um2, a,
                        at(j + r0 + static_cast<int64_t>(bw), j + r0), ulda, T{1}, a,
                        at(j + jb, j + r0 + static_cast<int64_t>(bw)), ulda);
        }
      } else {
        const std::size_t wblock = ur0;
        gemm_.Gemm<T>(dev_, q, Transpose::kYes, Transpose::kNo, bw, um2, bw, T{1}, d, dblock, uib, a,
                      at(j + r0, j + jb), ulda, T{0}, w, wblock, ujb);
        if (after > 0) {
          gemm_.Gemm<T>(dev_, q, Transpose::kYes, Transpose::kNo, after, um2, bw, T{-1}, a,
                        at(j + r0, j + r0 + static_cast<int64_t>(bw)), ulda, w, wblock, ujb, T{1}, a,
                        at(j + r0 + static_cast<int64_t>(bw), j + jb), ulda);
        }
      }
    }
    const int64_t rows = lower ? m2 : jb, cols = lower ? jb : m2;
    const std::size_t src[3] = {0, 0, 0};
    const std::size_t dst[3] = {(lower ? static_cast<std::size_t>(j + jb) : static_cast<std::size_t>(j)) * sizeof(T),
                                static_cast<std::size_t>(lower ? j : j + jb), 0};
    const std::size_t region[3] = {static_cast<std::size_t>(rows) * sizeof(T), static_cast<std::size_t>(cols), 1};
    CL_CHECK(clEnqueueCopyBufferRect(dev_.queue(), w, a, src, dst, region, static_cast<std::size_t>(rows) * sizeof(T),
                                     0, static_cast<std::size_t>(lda) * sizeof(T), 0, 0, nullptr, nullptr));
  }

  PotrfCall<T>& c_;
  int64_t nb_, ib_;
  bool clblast_trsm_, clblast_syrk_;
  int host_threads_;
  std::size_t a_ = 0;
  PinnedHost pinned_;  // the host panel, page-locked: panel copies are on the critical path
  T* panel_ = nullptr;
  std::vector<T> dinv_;
  Buffer dinv_dev_, w_dev_;
  GemmWorkspace gemm_;
  cl_kernel triangle_ = nullptr;  // owned by the device's kernel cache
  PhaseClock clock_;
};

}  // namespace

std::unique_ptr<BoundCall> BindHybridPotrf(OpenDevice& dev, const OpenclOptions& opts, Call& call) {
  return BindTyped<PotrfBound, PotrfCall>(call, dev, opts);
}

}  // namespace lapack_ai::opencl
