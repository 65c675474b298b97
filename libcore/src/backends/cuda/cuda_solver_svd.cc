// gesvd through cuSOLVER, with the two things cusolverDn<t>gesvd lacks against LAPACK's:
// - scaling: LAPACK scales A into [smlnum, bignum] (smlnum = sqrt(safmin)/eps) before the
//   bidiagonalisation and scales S back; without it a matrix near underflow (DGE type 10) loses
//   its small singular values and the residual test fails by 10x.
// - m < n: cuSOLVER takes m >= n only. A^T = U' S V'^T gives A = V' S U'^T, so the wide case
//   runs on A^T and transposes the vectors back (cublas<t>geam), all on the device.
#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "cuda_solver.h"
#include "lapack_ai/error.h"

namespace lapack_ai::cuda {
namespace {

template <typename T>
class SvdBound final : public SolverBoundCall {
 public:
  SvdBound(Device& dev, bool transfers, GesvdCall<T>& c)
      : SolverBoundCall(dev, transfers, &c.info), c_(c), wide_(c.m < c.n) {
    m_ = CheckedInt(c.m, "m"), n_ = CheckedInt(c.n, "n"), lda_ = CheckedInt(c.lda, "lda");
    ldu_ = CheckedInt(c.ldu, "ldu"), ldvt_ = CheckedInt(c.ldvt, "ldvt");
    const int64_t k = std::min(c.m, c.n);
    a_ = AddOperand(c.a, SpanBytes(sizeof(T), c.lda, c.n), true);
    s_ = AddOperand(c.s, sizeof(T) * static_cast<std::size_t>(k), true);
    const int64_t u_cols = c.jobu == 'A' ? c.m : c.jobu == 'S' ? k : 0;
    const int64_t vt_cols = c.jobvt == 'A' || c.jobvt == 'S' ? c.n : 0;
    u_ = AddOperand(u_cols ? c.u : nullptr, SpanBytes(sizeof(T), c.ldu, u_cols), u_cols > 0);
    vt_ = AddOperand(vt_cols ? c.vt : nullptr, SpanBytes(sizeof(T), c.ldvt, vt_cols), vt_cols > 0);
    rwork_ = dev.Alloc(sizeof(T) * static_cast<std::size_t>(std::max<int64_t>(k, 1)));
    // The matrix cuSOLVER factors is tall: A itself, or A^T (n x m) in a buffer of ours.
    tall_m_ = wide_ ? n_ : m_, tall_n_ = wide_ ? m_ : n_;
    // Wide: cuSOLVER's U' (n x n or n x m) becomes our V^T, its V'^T (m x m) our U.
    jobu_ = wide_ ? c.jobvt : c.jobu, jobvt_ = wide_ ? (c.jobu == 'N' ? 'N' : 'A') : c.jobvt;
    if (wide_) {
      at_ = dev.Alloc(sizeof(T) * static_cast<std::size_t>(c.n) * static_cast<std::size_t>(c.m));
      const int64_t u2_cols = jobu_ == 'A' ? c.n : jobu_ == 'S' ? c.m : 1;
      u2_ = dev.Alloc(sizeof(T) * static_cast<std::size_t>(c.n) * static_cast<std::size_t>(u2_cols));
      vt2_ = dev.Alloc(sizeof(T) * static_cast<std::size_t>(c.m) * static_cast<std::size_t>(c.m));
    }
    // U and VT are not referenced for 'N'; cuSOLVER still checks ldu >= m and ldvt >= n.
    tall_ldu_ = wide_ ? tall_m_ : (jobu_ == 'N' ? std::max(ldu_, m_) : ldu_);
    tall_ldvt_ = wide_ ? tall_n_ : (jobvt_ == 'N' ? std::max(ldvt_, n_) : ldvt_);
    SizeWork<T>(m_ == 0 || n_ == 0, [&](int* lwork) {
      LAPACK_AI_CUSOLVER(Pick<T>(dev.api().cusolverDnSgesvd_bufferSize, dev.api().cusolverDnDgesvd_bufferSize)(
          dev.solver(), tall_m_, tall_n_, lwork));
    });
  }

 protected:
  void Compute() override {
    ClearInfo();
    if (m_ == 0 || n_ == 0) return;
    const Api& api = dev_.api();
    const T scale = ScaleFor(MaxAbs());
    if (scale != T(1)) Geam(CUBLAS_OP_N, m_, n_, scale, A(), lda_, A(), lda_);
    T* tall = A();
    int tall_lda = lda_;
    if (wide_) {
      Geam(CUBLAS_OP_T, n_, m_, T(1), A(), lda_, Ptr(at_), n_);
      tall = Ptr(at_), tall_lda = n_;
    }
    T* u = wide_ ? Ptr(u2_) : Ptr(mem(u_));
    T* vt = wide_ ? Ptr(vt2_) : Ptr(mem(vt_));
    LAPACK_AI_CUSOLVER(Pick<T>(api.cusolverDnSgesvd, api.cusolverDnDgesvd)(
        dev_.solver(), static_cast<signed char>(jobu_), static_cast<signed char>(jobvt_), tall_m_,
        tall_n_, tall, tall_lda, S(), u, tall_ldu_, vt, tall_ldvt_, work<T>(), lwork(),
        Ptr(rwork_), dev_info(0)));
    if (wide_) {
      // U (m x m) = (V'^T)^T; V^T (k x n or n x n) = U'^T.
      if (c_.jobu != 'N') Geam(CUBLAS_OP_T, m_, m_, T(1), vt, m_, Ptr(mem(u_)), ldu_);
      const int vt_rows = c_.jobvt == 'A' ? n_ : m_;
      if (c_.jobvt != 'N') Geam(CUBLAS_OP_T, vt_rows, n_, T(1), u, n_, Ptr(mem(vt_)), ldvt_);
    }
    if (scale != T(1)) {
      const T back = T(1) / scale;
      LAPACK_AI_CUBLAS(Pick<T>(api.cublasSscal_v2, api.cublasDscal_v2)(
          dev_.blas(), std::min(m_, n_), &back, S(), 1));
    }
  }

 private:
  static T* Ptr(CUdeviceptr p) { return reinterpret_cast<T*>(p); }
  static T* Ptr(const DeviceBuffer& b) { return reinterpret_cast<T*>(b.get()); }
  T* A() const { return Ptr(mem(a_)); }
  T* S() const { return Ptr(mem(s_)); }

  // max |a_ij| (LAPACK's dlange 'M'): one i<t>amax over the packed matrix, else one per column.
  T MaxAbs() const {
    const Api& api = dev_.api();
    const bool packed = lda_ == m_;
    const int cols = packed ? 1 : n_;
    const int len = packed ? m_ * n_ : m_;
    T best = 0;
    for (int j = 0; j < cols; ++j) {
      T* col = A() + static_cast<std::size_t>(j) * static_cast<std::size_t>(lda_);
      int idx = 0;
      LAPACK_AI_CUBLAS(Pick<T>(api.cublasIsamax_v2, api.cublasIdamax_v2)(dev_.blas(), len, col, 1,
                                                                        &idx));
      if (idx < 1) continue;
      T v = 0;
      LAPACK_AI_CU(api.cuMemcpyDtoH_v2(&v, reinterpret_cast<CUdeviceptr>(col + idx - 1),
                                       sizeof(T)));
      if (!(std::abs(v) <= best)) best = std::abs(v);  // NaN propagates
    }
    return best;
  }

  // dgesvd's choice: scale into [smlnum, bignum] when the norm is outside, else leave A alone.
  static T ScaleFor(T anrm) {
    const T safmin = std::numeric_limits<T>::min();
    const T eps = std::numeric_limits<T>::epsilon() / 2;
    const T smlnum = std::sqrt(safmin) / eps;
    const T bignum = T(1) / smlnum;
    if (!(anrm > 0) || !std::isfinite(anrm)) return 1;
    if (anrm < smlnum) return smlnum / anrm;
    if (anrm > bignum) return bignum / anrm;
    return 1;
  }

  // C = alpha op(A); C may be A (cuBLAS allows in-place geam for op N with equal ld).
  void Geam(cublasOperation_t op, int rows, int cols, T alpha, const T* a, int lda, T* c,
            int ldc) const {
    const T zero = 0;
    LAPACK_AI_CUBLAS(Pick<T>(dev_.api().cublasSgeam, dev_.api().cublasDgeam)(
        dev_.blas(), op, CUBLAS_OP_N, rows, cols, &alpha, a, lda, &zero, c, ldc, c, ldc));
  }

  GesvdCall<T>& c_;
  const bool wide_;
  int m_, n_, lda_, ldu_, ldvt_, tall_m_, tall_n_, tall_ldu_, tall_ldvt_;
  char jobu_, jobvt_;
  std::size_t a_ = 0, s_ = 0, u_ = 0, vt_ = 0;
  DeviceBuffer rwork_, at_, u2_, vt2_;
};

}  // namespace

template <typename T>
std::unique_ptr<BoundCall> BindGesvd(Device& dev, bool transfers, GesvdCall<T>& c) {
  if (c.jobu == 'O' || c.jobvt == 'O') {
    throw Unsupported("cuda gesvd: JOBU/JOBVT = 'O' (overwrite A) is not offered; use 'S' or 'A'");
  }
  return Prepared<SvdBound<T>>(dev, transfers, c);
}
template std::unique_ptr<BoundCall> BindGesvd(Device&, bool, GesvdCall<float>&);
template std::unique_ptr<BoundCall> BindGesvd(Device&, bool, GesvdCall<double>&);

}  // namespace lapack_ai::cuda
