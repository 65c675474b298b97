// getrf with the panel on the device ("/panel=device"): nothing returns to the host until the
// pivots at the end, so the GPU never waits on a host LU of a (m - j) x nb panel and its PCIe
// round trip, the step that bounds the host-panel path (LAPACK_AI_OPENCL_PHASES shows it).
// Each nb-wide panel is factored recursively (LAPACK's xGETRF2 split: left half, interchanges,
// A12 = inv(L11) A12, A22 -= A21 A12, right half, interchanges back) down to leaves of kLeaf
// columns that one work-group factors (kernels/panel_lu.cl); triangular solves are one GEMM with
// an inverse the device forms (|L| <= 1 under partial pivoting, as in SolveU12 of the host
// path). Same output as LAPACK's getrf: L and U in place, 1-based pivots, INFO.
#include <clblast.h>

#include <algorithm>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "opencl_bound_call.h"
#include "opencl_gemm_workspace.h"
#include "opencl_panel.h"

namespace lapack_ai::opencl {
namespace {

using clblast::Transpose;

// Columns per leaf. The leaf is latency-bound (one work-group walks each column: pivot search,
// then the update), so wider leaves cost little more per column and save recursion launches.
constexpr int64_t kLeaf = 32;
constexpr BlockSizes kDevicePanelBlocks{64, 128, 128};

template <typename T>
class GetrfDeviceBound final : public DeviceBoundCall {
 public:
  GetrfDeviceBound(OpenDevice& dev, const OpenclOptions& opts, GetrfCall<T>& c)
      : DeviceBoundCall(dev, opts.transfers), c_(c),
        // `tune` measures getrf with host panels: its nb is not this one's (no tuned entry by this name).
      nb_(BlockSize(dev, opts, "getrf_device_panel", sizeof(T), std::min(c.m, c.n), kDevicePanelBlocks)),
        clock_(fmt::format("getrf {}x{} nb={} panel=device", c.m, c.n, nb_)) {
    a_ = AddOperand(c.a, SpanBytes(sizeof(T), c.lda, c.n), true);
    const int64_t mn = std::min(c.m, c.n);
    ipiv_dev_ = Buffer(dev.context(), sizeof(cl_int) * static_cast<std::size_t>(std::max<int64_t>(mn, 1)));
    info_dev_ = Buffer(dev.context(), sizeof(cl_int));
    linv_dev_ = Buffer(dev.context(), sizeof(T) * static_cast<std::size_t>(nb_ * nb_));
    tmp_dev_ = Buffer(dev.context(), sizeof(T) * static_cast<std::size_t>(nb_ * std::max<int64_t>(c.n, 1)));
    piv_.resize(static_cast<std::size_t>(mn));
    const std::string options = OpenDevice::TypeOptions<T>();
    leaf_ = dev.Kernel("panel_lu", options, "getf2_leaf");
    laswp_ = dev.Kernel("panel_lu", options, "laswp_abs");
    trtri_ = dev.Kernel("panel_lu", options, "trtri_unit_lower");
    // A power of two for the leaf's tree reduction, within what the kernel may use.
    std::size_t max_wg = 0;
    CL_CHECK(clGetKernelWorkGroupInfo(leaf_, dev.info().device, CL_KERNEL_WORK_GROUP_SIZE, sizeof(max_wg), &max_wg,
                                      nullptr));
    leaf_wg_ = 1;
    while (leaf_wg_ * 2 <= std::min<std::size_t>(max_wg, 1024)) leaf_wg_ *= 2;
  }

 protected:
  void Compute() override {
    clock_.BeginRun();
    const int64_t m = c_.m, n = c_.n, lda = c_.lda, mn = std::min(m, n);
    const cl_int zero = 0;
    CL_CHECK(clEnqueueFillBuffer(dev_.queue(), info_dev_.get(), &zero, sizeof(zero), 0, sizeof(zero), 0, nullptr,
                                 nullptr));
    for (int64_t j = 0; j < mn; j += nb_) {
      const int64_t jb = std::min(nb_, mn - j), right = n - j - jb, below = m - j - jb;
      PanelLu(j, jb);
      Swap(0, j, j, j + jb);
      Swap(j + jb, right, j, j + jb);
      if (right == 0) continue;
      SolveUnitLower(j, jb, j + jb, right);
      if (below > 0) {
        Gemm(below, right, jb, T{-1}, mem(a_), At(j + jb, j), lda, mem(a_), At(j, j + jb), lda, T{1},
             At(j + jb, j + jb));
      }
    }
    // The only host round trip: pivots and INFO, once.
    cl_int info = 0;
    clock_.Time(Phase::kBlocked, [&] {
      if (mn > 0) ipiv_dev_.Read(dev_.queue(), piv_.data(), sizeof(cl_int) * piv_.size());
      info_dev_.Read(dev_.queue(), &info, sizeof(info));
    });
    for (int64_t i = 0; i < mn; ++i) c_.ipiv[i] = piv_[static_cast<std::size_t>(i)] + 1;
    c_.info = info;
    clock_.EndRun();
  }

 private:
  std::size_t At(int64_t i, int64_t j) const { return static_cast<std::size_t>(i + j * c_.lda); }

  // Factors columns c0..c0+nc-1 (rows c0..m-1), pivots into ipiv_dev_[c0..c0+nc-1].
  void PanelLu(int64_t c0, int64_t nc) {
    if (nc <= kLeaf) {
      Leaf(c0, nc);
      return;
    }
    const int64_t n1 = nc / 2, n2 = nc - n1, lda = c_.lda;
    PanelLu(c0, n1);
    Swap(c0 + n1, n2, c0, c0 + n1);
    SolveUnitLower(c0, n1, c0 + n1, n2);
    Gemm(c_.m - c0 - n1, n2, n1, T{-1}, mem(a_), At(c0 + n1, c0), lda, mem(a_), At(c0, c0 + n1), lda, T{1},
         At(c0 + n1, c0 + n1));
    PanelLu(c0 + n1, n2);
    Swap(c0, n1, c0 + n1, c0 + nc);
  }

  void Leaf(int64_t c0, int64_t nc) {
    const T sfmin = std::numeric_limits<T>::min();
    SetArg(leaf_, 0, mem(a_));
    SetArg(leaf_, 1, static_cast<cl_long>(At(c0, c0)));
    SetArg(leaf_, 2, static_cast<cl_long>(c_.lda));
    SetArg(leaf_, 3, static_cast<cl_int>(c_.m - c0));
    SetArg(leaf_, 4, static_cast<cl_int>(nc));
    SetArg(leaf_, 5, static_cast<cl_int>(c0));
    SetArg(leaf_, 6, ipiv_dev_.get());
    SetArg(leaf_, 7, info_dev_.get());
    SetArg(leaf_, 8, sfmin);
    CL_CHECK(clSetKernelArg(leaf_, 9, sizeof(T) * leaf_wg_, nullptr));
    CL_CHECK(clSetKernelArg(leaf_, 10, sizeof(cl_int) * leaf_wg_, nullptr));
    Launch1D(dev_.queue(), leaf_, leaf_wg_, leaf_wg_);
  }

  // Interchanges of pivots k0..k1-1 applied to `ncols` columns from `col0`.
  void Swap(int64_t col0, int64_t ncols, int64_t k0, int64_t k1) {
    if (ncols <= 0) return;
    SetArg(laswp_, 0, mem(a_));
    SetArg(laswp_, 1, static_cast<cl_long>(c_.lda));
    SetArg(laswp_, 2, static_cast<cl_int>(col0));
    SetArg(laswp_, 3, static_cast<cl_int>(ncols));
    SetArg(laswp_, 4, static_cast<cl_int>(k0));
    SetArg(laswp_, 5, static_cast<cl_int>(k1));
    SetArg(laswp_, 6, ipiv_dev_.get());
    Launch1D(dev_.queue(), laswp_, static_cast<std::size_t>(ncols), 64);
  }

  // B = inv(L) B for the unit lower L at (r0, r0), nr x nr, and B = rows r0..r0+nr-1 of columns
  // col0..col0+ncols-1: the device inverts L, copies B aside, and one GEMM writes B back.
  void SolveUnitLower(int64_t r0, int64_t nr, int64_t col0, int64_t ncols) {
    const int64_t lda = c_.lda;
    SetArg(trtri_, 0, mem(a_));
    SetArg(trtri_, 1, static_cast<cl_long>(At(r0, r0)));
    SetArg(trtri_, 2, static_cast<cl_long>(lda));
    SetArg(trtri_, 3, static_cast<cl_int>(nr));
    SetArg(trtri_, 4, linv_dev_.get());
    Launch1D(dev_.queue(), trtri_, static_cast<std::size_t>(nr), 0);
    const std::size_t src[3] = {static_cast<std::size_t>(r0) * sizeof(T), static_cast<std::size_t>(col0), 0};
    const std::size_t dst[3] = {0, 0, 0};
    const std::size_t region[3] = {static_cast<std::size_t>(nr) * sizeof(T), static_cast<std::size_t>(ncols), 1};
    CL_CHECK(clEnqueueCopyBufferRect(dev_.queue(), mem(a_), tmp_dev_.get(), src, dst, region,
                                     static_cast<std::size_t>(lda) * sizeof(T), 0,
                                     static_cast<std::size_t>(nr) * sizeof(T), 0, 0, nullptr, nullptr));
    Gemm(nr, ncols, nr, T{1}, linv_dev_.get(), 0, nr, tmp_dev_.get(), 0, nr, T{0}, At(r0, col0));
  }

  // C (in A at c_off) = alpha A B + beta C, through the call's GEMM workspace.
  void Gemm(int64_t m, int64_t n, int64_t k, T alpha, cl_mem a, std::size_t a_off, int64_t lda, cl_mem b,
            std::size_t b_off, int64_t ldb, T beta, std::size_t c_off) {
    auto u = [](int64_t v) { return static_cast<std::size_t>(v); };
    gemm_.Gemm<T>(dev_, dev_.queue_ptr(), Transpose::kNo, Transpose::kNo, u(m), u(n), u(k), alpha, a, a_off,
                  u(lda), b, b_off, u(ldb), beta, mem(a_), c_off, u(c_.lda));
  }

  GetrfCall<T>& c_;
  int64_t nb_;
  std::size_t a_ = 0;
  Buffer ipiv_dev_, info_dev_, linv_dev_, tmp_dev_;
  GemmWorkspace gemm_;
  std::vector<cl_int> piv_;
  cl_kernel leaf_ = nullptr, laswp_ = nullptr, trtri_ = nullptr;  // owned by the device's kernel cache
  std::size_t leaf_wg_ = 1;
  PhaseClock clock_;
};

}  // namespace

std::unique_ptr<BoundCall> BindDevicePanelGetrf(OpenDevice& dev, const OpenclOptions& opts, Call& call) {
  return BindTyped<GetrfDeviceBound, GetrfCall>(call, dev, opts);
}

}  // namespace lapack_ai::opencl
