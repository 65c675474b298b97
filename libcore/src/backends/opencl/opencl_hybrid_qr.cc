// Hybrid blocked Householder QR (geqrf) on an OpenCL device: each panel and the triangular factor
// T of its block reflector are formed on the host by our parallel panel QR (opencl_host_qr.h;
// "/panel=host" runs LAPACKE ?geqrf + ?larft instead, "/panel=recursive" ?geqrt3: 1.35 s against
// 0.89 s for ?geqrf + ?larft at n = 16384 on the H200 host); the device applies the block reflector
// H^T = I - V T^T V^T to the trailing matrix with three CLBlast GEMMs (W = V^T A2, W2 = T^T W,
// A2 -= V W2). One panel of look-ahead, as in getrf: the three GEMMs run on the next panel's
// columns first and it is read back, so the host factors it while the device updates the rest.
// The result is LAPACK's layout (R on and above the diagonal, V below, tau), so the validation
// suite checks it with the same ratios as any other geqrf.
#include <clblast.h>

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "opencl_bound_call.h"
#include "opencl_gemm_workspace.h"
#include "opencl_host_lapack.h"
#include "opencl_host_qr.h"
#include "opencl_panel.h"

namespace lapack_ai::opencl {
namespace {

using clblast::Transpose;
using Panel = OpenclOptions::Panel;


template <typename T>
class GeqrfBound final : public DeviceBoundCall {
 public:
  GeqrfBound(OpenDevice& dev, const OpenclOptions& opts, GeqrfCall<T>& c)
      : DeviceBoundCall(dev, opts.transfers), c_(c), nb_(BlockSize(dev, opts, "geqrf", sizeof(T), std::min(c.m, c.n), kGeqrfBlocks)),
        panel_kind_(opts.panel == Panel::kHost || opts.panel == Panel::kRecursive ? opts.panel : Panel::kOwn),
        host_threads_(PanelThreads(opts, 0)),
        team_(panel_kind_ == Panel::kOwn ? TeamSize(host_threads_) : 1),
        clock_(fmt::format("geqrf {}x{} nb={} panel={} host_threads={}", c.m, c.n, nb_,
                           OpenclOptions::PanelName(panel_kind_), host_threads_)) {
    a_ = AddOperand(c.a, SpanBytes(sizeof(T), c.lda, c.n), true);
    const auto panel = static_cast<std::size_t>(std::max<int64_t>(c.m, 1) * nb_);
    pinned_panel_ = PinnedHost(dev.context(), dev.queue(), sizeof(T) * panel);
    panel_ = static_cast<T*>(pinned_panel_.data());
    t_.resize(static_cast<std::size_t>(nb_ * nb_));
    v_dev_ = Buffer(dev.context(), sizeof(T) * panel);
    t_dev_ = Buffer(dev.context(), sizeof(T) * t_.size());
    const auto w = static_cast<std::size_t>(nb_ * std::max<int64_t>(c.n, 1));
    w_dev_ = Buffer(dev.context(), sizeof(T) * w);
    w2_dev_ = Buffer(dev.context(), sizeof(T) * w);
    unit_lower_ = dev.Kernel("triangle", OpenDevice::TypeOptions<T>(), "copy_unit_lower");
  }

 protected:
  void Compute() override {
    c_.info = 0;
    const int64_t m = c_.m, n = c_.n, lda = c_.lda, mn = std::min(m, n);
    auto at = [lda](int64_t i, int64_t j) { return static_cast<std::size_t>(i + j * lda); };
    const cl_mem a = mem(a_);
    PendingRead pending;
    ForEachPanel(dev_, a, m, n, lda, nb_, panel_, pending, clock_, host_threads_, [&](int64_t j, int64_t jb, int64_t rows) {
      const int64_t right = n - j - jb;
      clock_.Time(Phase::kHost, [&] { return FactorPanel(rows, jb, c_.tau + j); });
      // panel_ and t_ are written without blocking: each is next rewritten after the wait for
      // the next panel's read, which this in-order queue runs after these writes.
      clock_.Time(Phase::kIssue, [&] { WriteMatrix(dev_.queue(), a, sizeof(T), at(j, j), lda, panel_, rows, rows, jb, false); });
      if (right == 0) return;
      UploadReflector(j, rows, jb, c_.tau + j);
      clock_.Time(Phase::kIssue, [&] { ApplyReflector(j, jb, rows, right, mn, pending); });
    });
  }

 private:
  // The panel's QR and (own, recursive) its T, or (host) tau only; ?larft forms T later
  // (UploadReflector).
  lapack_int FactorPanel(int64_t rows, int64_t jb, T* tau) {
    if (panel_kind_ == Panel::kOwn) {
      HostPanelQr(rows, jb, panel_, rows, tau, t_.data(), jb, team_);
      return 0;
    }
    if (panel_kind_ == Panel::kHost) return HostGeqrf(rows, jb, panel_, rows, tau);
    // geqrt3 returns T upper triangular with tau on its diagonal; the device's T^T W reads all
    // of t_, and LAPACK calls the part below the diagonal "not used", so it is cleared.
    const lapack_int info = HostGeqrt3(rows, jb, panel_, rows, t_.data(), jb);
    for (int64_t col = 0; col < jb; ++col) {
      tau[col] = t_[static_cast<std::size_t>(col + col * jb)];
      for (int64_t i = col + 1; i < jb; ++i) t_[static_cast<std::size_t>(i + col * jb)] = T{0};
    }
    return info;
  }

  // A2 -= V W2 with W = V^T A2 and W2 = T^T W, for the next panel's columns (then read back)
  // and then for the rest: the read waits for the next panel's GEMMs only.
  void ApplyReflector(int64_t j, int64_t jb, int64_t rows, int64_t right, int64_t mn, PendingRead& pending) {
    const int64_t jb2 = std::min(nb_, mn - j - jb);
    if (jb2 > 0) {
      ApplyToColumns(j, jb, rows, 0, jb2);
      ReadAsync(dev_, mem(a_), static_cast<std::size_t>(j + jb + (j + jb) * c_.lda), c_.lda, panel_, rows - jb,
                jb2, pending);
    }
    if (right > jb2) ApplyToColumns(j, jb, rows, jb2, right - jb2);
  }

  // Columns c0..c0+nc-1 of the trailing matrix A2 = A(j:, j+jb:).
  void ApplyToColumns(int64_t j, int64_t jb, int64_t rows, int64_t c0, int64_t nc) {
    auto u = [](int64_t v) { return static_cast<std::size_t>(v); };
    auto* q = dev_.queue_ptr();
    const cl_mem a = mem(a_), v = v_dev_.get(), t = t_dev_.get(), w = w_dev_.get(), w2 = w2_dev_.get();
    const std::size_t a2 = u(j + (j + jb + c0) * c_.lda), wc = u(c0 * jb), lda = u(c_.lda);
    gemm_.Gemm<T>(dev_, q, Transpose::kYes, Transpose::kNo, u(jb), u(nc), u(rows), T{1}, v, 0, u(rows), a,
                  a2, lda, T{0}, w, wc, u(jb));
    gemm_.Gemm<T>(dev_, q, Transpose::kYes, Transpose::kNo, u(jb), u(nc), u(jb), T{1}, t, 0, u(jb), w, wc,
                  u(jb), T{0}, w2, wc, u(jb));
    gemm_.Gemm<T>(dev_, q, Transpose::kNo, Transpose::kNo, u(rows), u(nc), u(jb), T{-1}, v, 0, u(rows), w2,
                  wc, u(jb), T{1}, a, a2, lda);
  }

  // T to the device, and V (GEMM reads it whole) built on the device from the panel just
  // written to A(j:, j:j+jb), its unit diagonal and the zeros above made explicit.
  void UploadReflector(int64_t j, int64_t rows, int64_t jb, const T* tau) {
    clock_.Time(Phase::kHost, [&] {
      if (panel_kind_ != Panel::kHost) return lapack_int{0};  // T came with the panel
      std::fill(t_.begin(), t_.end(), T{0});  // larft sets only the upper triangle
      return HostLarft(rows, jb, panel_, rows, tau, t_.data(), jb);
    });
    clock_.Time(Phase::kIssue, [&] {
      t_dev_.Write(dev_.queue(), t_.data(), sizeof(T) * static_cast<std::size_t>(jb * jb), 0, false);
      SetArg(unit_lower_, 0, v_dev_.get());
      SetArg(unit_lower_, 1, mem(a_));
      SetArg(unit_lower_, 2, static_cast<cl_long>(j + j * c_.lda));
      SetArg(unit_lower_, 3, static_cast<cl_long>(c_.lda));
      SetArg(unit_lower_, 4, static_cast<cl_int>(rows));
      SetArg(unit_lower_, 5, static_cast<cl_int>(jb));
      Launch1D(dev_.queue(), unit_lower_, static_cast<std::size_t>(rows * jb), 256);
    });
  }

  GeqrfCall<T>& c_;
  int64_t nb_;
  Panel panel_kind_;  // kOwn: HostPanelQr; kHost: ?geqrf + ?larft; kRecursive: ?geqrt3
  int host_threads_;
  HostTeam team_;
  std::size_t a_ = 0;
  PinnedHost pinned_panel_;  // page-locked: panel copies are on the critical path
  T* panel_ = nullptr;
  std::vector<T> t_;
  Buffer v_dev_, t_dev_, w_dev_, w2_dev_;
  GemmWorkspace gemm_;
  cl_kernel unit_lower_ = nullptr;  // owned by the device's kernel cache
  PhaseClock clock_;
};

}  // namespace

std::unique_ptr<BoundCall> BindHybridQr(OpenDevice& dev, const OpenclOptions& opts, Call& call) {
  return BindTyped<GeqrfBound, GeqrfCall>(call, dev, opts);
}

}  // namespace lapack_ai::opencl
