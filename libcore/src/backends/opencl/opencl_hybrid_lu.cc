// Hybrid blocked getrf on an OpenCL device, and the dispatch of every hybrid factorization:
// each panel is factored on the host (by our recursive LU, opencl_host_lu.h, by default), the
// trailing matrix is updated on the device by GEMMs (ours or CLBlast's) (U12 with a host-inverted L11, see
// SolveU12). One panel of look-ahead: the next panel is updated and read back first, so the host
// factors it while the device updates the rest of the trailing matrix.
#include <clblast.h>

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "opencl_bound_call.h"
#include "opencl_gemm_workspace.h"
#include "opencl_host_lapack.h"
#include "opencl_host_lu.h"
#include "opencl_panel.h"

namespace lapack_ai::opencl {
namespace {

using clblast::Transpose;

// Recursive host panels (?getrf2's or ours) with four OpenBLAS threads: at n = 16384 on the
// H200 host, ?getrf2 took 0.321 s against 0.379 s for OpenBLAS's own ?getrf on 16 threads,
// 0.358 s on 1, and 0.367 s for ?getrf2 on 16 (docs/PERFORMANCE.md).
constexpr int kGetrfRecursiveHostThreads = 4;

using Panel = OpenclOptions::Panel;

template <typename T>
class GetrfBound final : public DeviceBoundCall {
 public:
  GetrfBound(OpenDevice& dev, const OpenclOptions& opts, GetrfCall<T>& c)
      : DeviceBoundCall(dev, opts.transfers), c_(c), nb_(BlockSize(dev, opts, "getrf", sizeof(T), std::min(c.m, c.n), kGetrfBlocks)),
        panel_kind_(opts.panel == Panel::kDefault ? Panel::kOwn : opts.panel),
        leaf_(opts.ib > 0 ? opts.ib : host_lu::kLeafColumns),
        host_threads_(PanelThreads(opts, panel_kind_ == Panel::kHost ? 0 : kGetrfRecursiveHostThreads)),
        clock_(fmt::format("getrf {}x{} nb={} panel={}{} host_threads={}", c.m, c.n, nb_,
                           OpenclOptions::PanelName(panel_kind_),
                           panel_kind_ == Panel::kOwn ? fmt::format(" leaf={}", leaf_) : "", host_threads_)) {
    a_ = AddOperand(c.a, SpanBytes(sizeof(T), c.lda, c.n), true);
    ipiv_dev_ = Buffer(dev.context(), sizeof(cl_int) * static_cast<std::size_t>(nb_));
    pinned_ = PinnedHost(dev.context(), dev.queue(),
                         sizeof(T) * static_cast<std::size_t>(std::max<int64_t>(c.m, 1) * nb_));
    panel_ = static_cast<T*>(pinned_.data());
    piv_.resize(static_cast<std::size_t>(nb_));
    rel_.resize(static_cast<std::size_t>(nb_));
    linv_.resize(static_cast<std::size_t>(nb_ * nb_));
    linv_dev_ = Buffer(dev.context(), sizeof(T) * linv_.size());
    u12_dev_ = Buffer(dev.context(), sizeof(T) * static_cast<std::size_t>(nb_ * std::max<int64_t>(c.n, 1)));
    laswp_ = dev.Kernel("laswp", OpenDevice::TypeOptions<T>(), "laswp");
  }

 protected:
  void Compute() override {
    c_.info = 0;
    const int64_t m = c_.m, n = c_.n, lda = c_.lda, mn = std::min(m, n);
    auto at = [lda](int64_t i, int64_t j) { return static_cast<std::size_t>(i + j * lda); };
    const cl_mem a = mem(a_);
    PendingRead pending;
    ForEachPanel(dev_, a, m, n, lda, nb_, panel_, pending, clock_, host_threads_, [&](int64_t j, int64_t jb, int64_t rows) {
      const lapack_int info = clock_.Time(Phase::kHost, [&] { return FactorPanel(rows, jb); });
      if (info > 0 && c_.info == 0) c_.info = j + info;
      for (int64_t i = 0; i < jb; ++i) c_.ipiv[j + i] = static_cast<int32_t>(piv_[i] + j);
      // Every host buffer written below without blocking (panel_, rel_, linv_) is next rewritten
      // after the wait for the next panel's read, which this in-order queue runs after them.
      clock_.Time(Phase::kIssue, [&] {
        WriteMatrix(dev_.queue(), a, sizeof(T), at(j, j), lda, panel_, rows, rows, jb, false);
        WritePivots(jb);
        Swap(j, jb, 0, j);
        Swap(j, jb, j + jb, n - j - jb);
      });
      if (j + jb >= n) return;
      const int64_t right = n - j - jb, below = m - j - jb;
      SolveU12(j, jb, right);
      if (below == 0) return;
      clock_.Time(Phase::kIssue, [&] {
        auto* q = dev_.queue_ptr();
        const auto ub = static_cast<std::size_t>(below), ujb = static_cast<std::size_t>(jb);
        const auto ulda = static_cast<std::size_t>(lda);
        const int64_t jb2 = std::min(nb_, mn - j - jb);
        if (jb2 > 0) {
          gemm_.Gemm<T>(dev_, q, Transpose::kNo, Transpose::kNo, ub, static_cast<std::size_t>(jb2), ujb,
                        T{-1}, a, at(j + jb, j), ulda, a, at(j, j + jb), ulda, T{1}, a, at(j + jb, j + jb), ulda);
          ReadAsync(dev_, a, at(j + jb, j + jb), lda, panel_, below, jb2, pending);
        }
        if (right > jb2) {
          gemm_.Gemm<T>(dev_, q, Transpose::kNo, Transpose::kNo, ub, static_cast<std::size_t>(right - jb2),
                        ujb, T{-1}, a, at(j + jb, j), ulda, a, at(j, j + jb + jb2), ulda, T{1}, a,
                        at(j + jb, j + jb + jb2), ulda);
        }
      });
    });
  }

 private:
  lapack_int FactorPanel(int64_t rows, int64_t jb) {
    switch (panel_kind_) {
      case Panel::kHost: return HostGetrf(rows, jb, panel_, rows, piv_.data());
      case Panel::kRecursive: return HostGetrf2(rows, jb, panel_, rows, piv_.data());
      default: return HostPanelLu(rows, jb, panel_, rows, piv_.data(), leaf_);
    }
  }

  // U12 = inv(L11) * A12 as one GEMM: the host inverts the unit lower L11 it has just factored
  // (strtri, jb^3/3 flops) and the device multiplies. CLBlast's trsm runs a chain of small
  // GEMMs over diagonal blocks, a serial step per panel that the look-ahead cannot hide
  // (MAGMA inverts diagonal blocks for the same reason). |L11| <= 1 under partial pivoting;
  // the validation suite's getrf residuals check the result.
  void SolveU12(int64_t j, int64_t jb, int64_t right) {
    const int64_t rows = c_.m - j;
    for (int64_t col = 0; col < jb; ++col)
      for (int64_t i = 0; i < jb; ++i)
        linv_[static_cast<std::size_t>(i + col * jb)] =
            i > col ? panel_[i + col * rows] : i == col ? T{1} : T{0};
    clock_.Time(Phase::kHost, [&] { return HostTrtri('L', 'U', static_cast<lapack_int>(jb), linv_.data(), static_cast<lapack_int>(jb)); });
    clock_.Time(Phase::kIssue, [&] { IssueU12(j, jb, right); });
  }

  void IssueU12(int64_t j, int64_t jb, int64_t right) {
    const int64_t lda = c_.lda;
    linv_dev_.Write(dev_.queue(), linv_.data(), sizeof(T) * static_cast<std::size_t>(jb * jb), 0, false);
    const cl_mem a = mem(a_);
    const std::size_t src[3] = {static_cast<std::size_t>(j) * sizeof(T), static_cast<std::size_t>(j + jb), 0};
    const std::size_t dst[3] = {0, 0, 0};
    const std::size_t region[3] = {static_cast<std::size_t>(jb) * sizeof(T), static_cast<std::size_t>(right), 1};
    CL_CHECK(clEnqueueCopyBufferRect(dev_.queue(), a, u12_dev_.get(), src, dst, region,
                                     static_cast<std::size_t>(lda) * sizeof(T), 0,
                                     static_cast<std::size_t>(jb) * sizeof(T), 0, 0, nullptr, nullptr));
    const auto ujb = static_cast<std::size_t>(jb);
    gemm_.Gemm<T>(dev_, dev_.queue_ptr(), Transpose::kNo, Transpose::kNo, ujb, static_cast<std::size_t>(right),
                  ujb, T{1}, linv_dev_.get(), 0, ujb, u12_dev_.get(), 0, ujb, T{0}, a,
                  static_cast<std::size_t>(j + (j + jb) * lda), static_cast<std::size_t>(lda));
  }

  // The panel's interchanges, 0-based relative to its first row, for Swap.
  void WritePivots(int64_t jb) {
    for (int64_t i = 0; i < jb; ++i) rel_[i] = static_cast<cl_int>(piv_[i] - 1);
    ipiv_dev_.Write(dev_.queue(), rel_.data(), static_cast<std::size_t>(jb) * sizeof(cl_int), 0, false);
  }

  // Applies the panel's interchanges (rows j.. j+jb-1) to `ncols` columns from `col0`.
  void Swap(int64_t j, int64_t jb, int64_t col0, int64_t ncols) {
    if (ncols <= 0) return;
    SetArg(laswp_, 0, mem(a_));
    SetArg(laswp_, 1, static_cast<cl_long>(j + col0 * c_.lda));
    SetArg(laswp_, 2, static_cast<cl_long>(c_.lda));
    SetArg(laswp_, 3, static_cast<cl_int>(ncols));
    SetArg(laswp_, 4, static_cast<cl_int>(jb));
    SetArg(laswp_, 5, ipiv_dev_.get());
    Launch1D(dev_.queue(), laswp_, static_cast<std::size_t>(ncols), 64);
  }

  GetrfCall<T>& c_;
  int64_t nb_;
  Panel panel_kind_;  // kHost, kRecursive or kOwn (kDevice binds opencl_hybrid_lu_device.cc)
  int64_t leaf_;      // kOwn's leaf width
  int host_threads_;
  std::size_t a_ = 0;
  Buffer ipiv_dev_, linv_dev_, u12_dev_;  // inv(L11) and a copy of A12 for SolveU12
  std::vector<T> linv_;
  PinnedHost pinned_;  // the host panel, page-locked: panel copies are on the critical path
  T* panel_ = nullptr;
  std::vector<lapack_int> piv_;
  std::vector<cl_int> rel_;  // piv_ as laswp takes it, staged for a non-blocking write
  GemmWorkspace gemm_;
  cl_kernel laswp_ = nullptr;  // owned by the device's kernel cache
  PhaseClock clock_;
};

}  // namespace

std::unique_ptr<BoundCall> BindHybrid(OpenDevice& dev, const OpenclOptions& opts, Call& call) {
  if (opts.panel == OpenclOptions::Panel::kDevice) {
    if (auto bound = BindDevicePanelGetrf(dev, opts, call)) return bound;
  }
  if (auto bound = BindHybridPotrf(dev, opts, call)) return bound;
  if (auto bound = BindTyped<GetrfBound, GetrfCall>(call, dev, opts)) return bound;
  return BindHybridQr(dev, opts, call);
}

}  // namespace lapack_ai::opencl
