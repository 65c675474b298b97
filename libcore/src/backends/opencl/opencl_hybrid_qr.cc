// Hybrid blocked Householder QR (geqrf) on an OpenCL device: each panel is factored on the host
// by LAPACKE ?geqrf and its triangular factor T formed by ?larft; the device applies the block
// reflector H^T = I - V T^T V^T to the trailing matrix with three CLBlast GEMMs (W = V^T A2,
// W2 = T^T W, A2 -= V W2). One panel of look-ahead, as in getrf: the next panel's columns are
// updated and read back first, so the host factors it while the device updates the rest.
// The result is LAPACK's layout (R on and above the diagonal, V below, tau), so the validation
// suite checks it with the same ratios as any other geqrf.
#include <clblast.h>
#include <lapacke.h>

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "opencl_bound_call.h"
#include "opencl_panel.h"

namespace lapack_ai::opencl {
namespace {

using clblast::Layout;
using clblast::Transpose;

lapack_int HostGeqrf(lapack_int m, lapack_int n, float* a, lapack_int lda, float* tau) {
  return LAPACKE_sgeqrf(LAPACK_COL_MAJOR, m, n, a, lda, tau);
}
lapack_int HostGeqrf(lapack_int m, lapack_int n, double* a, lapack_int lda, double* tau) {
  return LAPACKE_dgeqrf(LAPACK_COL_MAJOR, m, n, a, lda, tau);
}
lapack_int HostLarft(lapack_int n, lapack_int k, const float* v, lapack_int ldv, const float* tau,
                     float* t, lapack_int ldt) {
  return LAPACKE_slarft(LAPACK_COL_MAJOR, 'F', 'C', n, k, v, ldv, tau, t, ldt);
}
lapack_int HostLarft(lapack_int n, lapack_int k, const double* v, lapack_int ldv,
                     const double* tau, double* t, lapack_int ldt) {
  return LAPACKE_dlarft(LAPACK_COL_MAJOR, 'F', 'C', n, k, v, ldv, tau, t, ldt);
}

// The host panel ((m - j) x nb, twice getrf's flops) bounds the run on a GPU, as for getrf: on
// the H100 at n = 16384, nb = 64 took 2.12 s, 128 2.36 s, 256 3.10 s (docs/PERFORMANCE.md).
// Small blocks make the blocked path run several panels at the sizes PoCL handles in CI.
constexpr BlockSizes kGeqrfBlocks{32, 64, 64};

template <typename T>
class GeqrfBound final : public DeviceBoundCall {
 public:
  GeqrfBound(OpenDevice& dev, const OpenclOptions& opts, GeqrfCall<T>& c)
      : DeviceBoundCall(dev, opts.transfers), c_(c), nb_(BlockSize(opts, std::min(c.m, c.n), kGeqrfBlocks)),
        clock_(fmt::format("geqrf {}x{} nb={}", c.m, c.n, nb_)) {
    a_ = AddOperand(c.a, SpanBytes(sizeof(T), c.lda, c.n), true);
    const auto panel = static_cast<std::size_t>(std::max<int64_t>(c.m, 1) * nb_);
    pinned_panel_ = PinnedHost(dev.context(), dev.queue(), sizeof(T) * panel);
    pinned_v_ = PinnedHost(dev.context(), dev.queue(), sizeof(T) * panel);
    panel_ = static_cast<T*>(pinned_panel_.data());
    v_ = static_cast<T*>(pinned_v_.data());
    t_.resize(static_cast<std::size_t>(nb_ * nb_));
    v_dev_ = Buffer(dev.context(), sizeof(T) * panel);
    t_dev_ = Buffer(dev.context(), sizeof(T) * t_.size());
    const auto w = static_cast<std::size_t>(nb_ * std::max<int64_t>(c.n, 1));
    w_dev_ = Buffer(dev.context(), sizeof(T) * w);
    w2_dev_ = Buffer(dev.context(), sizeof(T) * w);
  }

 protected:
  void Compute() override {
    c_.info = 0;
    const int64_t m = c_.m, n = c_.n, lda = c_.lda, mn = std::min(m, n);
    auto at = [lda](int64_t i, int64_t j) { return static_cast<std::size_t>(i + j * lda); };
    const cl_mem a = mem(a_);
    PendingRead pending;
    ForEachPanel(dev_, a, m, n, lda, nb_, panel_, pending, clock_, [&](int64_t j, int64_t jb, int64_t rows) {
      const int64_t right = n - j - jb;
      clock_.Time(false, [&] { return HostGeqrf(rows, jb, panel_, rows, c_.tau + j); });
      clock_.Time(true, [&] { WriteMatrix(dev_.queue(), a, sizeof(T), at(j, j), lda, panel_, rows, rows, jb); });
      if (right == 0) return;
      UploadReflector(rows, jb, c_.tau + j);
      auto* q = dev_.queue_ptr();
      const cl_mem v = v_dev_.get(), t = t_dev_.get(), w = w_dev_.get(), w2 = w2_dev_.get();
      CLBLAST_CHECK(clblast::Gemm<T>(Layout::kColMajor, Transpose::kYes, Transpose::kNo, jb, right, rows, T{1},
                                     v, 0, rows, a, at(j, j + jb), lda, T{0}, w, 0, jb, q));
      CLBLAST_CHECK(clblast::Gemm<T>(Layout::kColMajor, Transpose::kYes, Transpose::kNo, jb, right, jb, T{1},
                                     t, 0, jb, w, 0, jb, T{0}, w2, 0, jb, q));
      const int64_t jb2 = std::min(nb_, mn - j - jb);
      if (jb2 > 0) {
        CLBLAST_CHECK(clblast::Gemm<T>(Layout::kColMajor, Transpose::kNo, Transpose::kNo, rows, jb2, jb, T{-1},
                                       v, 0, rows, w2, 0, jb, T{1}, a, at(j, j + jb), lda, q));
        ReadAsync(dev_, a, at(j + jb, j + jb), lda, panel_, rows - jb, jb2, pending);
      }
      if (right > jb2) {
        CLBLAST_CHECK(clblast::Gemm<T>(Layout::kColMajor, Transpose::kNo, Transpose::kNo, rows, right - jb2, jb,
                                       T{-1}, v, 0, rows, w2, static_cast<std::size_t>(jb2 * jb), jb, T{1}, a,
                                       at(j, j + jb + jb2), lda, q));
      }
    });
  }

 private:
  // V with its unit diagonal and zeros above made explicit (GEMM reads it whole), and T.
  void UploadReflector(int64_t rows, int64_t jb, const T* tau) {
    for (int64_t col = 0; col < jb; ++col)
      for (int64_t i = 0; i < rows; ++i)
        v_[i + col * rows] = i < col ? T{0} : i == col ? T{1} : panel_[i + col * rows];
    std::fill(t_.begin(), t_.end(), T{0});  // larft sets only the upper triangle
    clock_.Time(false, [&] { return HostLarft(rows, jb, panel_, rows, tau, t_.data(), jb); });
    clock_.Time(true, [&] {
      v_dev_.Write(dev_.queue(), v_, sizeof(T) * static_cast<std::size_t>(rows * jb));
      t_dev_.Write(dev_.queue(), t_.data(), sizeof(T) * static_cast<std::size_t>(jb * jb));
    });
  }

  GeqrfCall<T>& c_;
  int64_t nb_;
  std::size_t a_ = 0;
  PinnedHost pinned_panel_, pinned_v_;  // page-locked: panel copies are on the critical path
  T* panel_ = nullptr;
  T* v_ = nullptr;
  std::vector<T> t_;
  Buffer v_dev_, t_dev_, w_dev_, w2_dev_;
  PhaseClock clock_;
};

}  // namespace

std::unique_ptr<BoundCall> BindHybridQr(OpenDevice& dev, const OpenclOptions& opts, Call& call) {
  return BindTyped<GeqrfBound, GeqrfCall>(call, dev, opts);
}

}  // namespace lapack_ai::opencl
