// geqrf, gels (QR path) and syevd through cuSOLVER (gesvd: cuda_solver_svd.cc): workspace sized at bind time, INFO
// copied back from devInfo after each Run (cuda_solver.h).
#include <algorithm>

#include <fmt/format.h>

#include "cuda_solver.h"
#include "lapack_ai/error.h"

namespace lapack_ai::cuda {
namespace {

// geqrf, and gels = geqrf + ormqr (Q^T B) + trsm (R X = Q^T B) for m >= n, op(A) = A.
template <typename T>
class QrBound final : public SolverBoundCall {
 public:
  QrBound(Device& dev, bool transfers, int64_t m, int64_t n, T* a, int64_t lda, T* tau,
          int64_t* info, int64_t nrhs = -1, T* b = nullptr, int64_t ldb = 1)
      : SolverBoundCall(dev, transfers, info), b_host_(b) {
    m_ = CheckedInt(m, "m"), n_ = CheckedInt(n, "n"), lda_ = CheckedInt(lda, "lda");
    nrhs_ = nrhs < 0 ? -1 : CheckedInt(nrhs, "nrhs"), ldb_ = CheckedInt(ldb, "ldb");
    a_ = AddOperand(a, SpanBytes(sizeof(T), lda, n), true);
    const std::size_t tau_bytes = sizeof(T) * static_cast<std::size_t>(std::min(m, n));
    if (tau != nullptr) {
      tau_ = AddOperand(tau, tau_bytes, true);
    } else {
      own_tau_ = dev.Alloc(tau_bytes);  // gels: tau is ours, not the caller's
    }
    if (nrhs_ >= 0) b_ = AddOperand(b, SpanBytes(sizeof(T), ldb, nrhs), true);
    SizeWork<T>(m_ == 0 || n_ == 0, [&](int* lwork) {
      const Api& api = dev.api();
      LAPACK_AI_CUSOLVER(Pick<T>(api.cusolverDnSgeqrf_bufferSize, api.cusolverDnDgeqrf_bufferSize)(
          dev.solver(), m_, n_, A(), lda_, lwork));
      if (nrhs_ > 0) {  // gels: ormqr shares the workspace
        int lwork_q = 0;
        LAPACK_AI_CUSOLVER(Pick<T>(api.cusolverDnSormqr_bufferSize, api.cusolverDnDormqr_bufferSize)(
            dev.solver(), CUBLAS_SIDE_LEFT, CUBLAS_OP_T, m_, nrhs_, n_, A(), lda_, Tau(), B(), ldb_,
            &lwork_q));
        *lwork = std::max(*lwork, lwork_q);
      }
    });
  }

 protected:
  void Compute() override {
    ClearInfo();
    if (m_ == 0 || n_ == 0) return;
    const Api& api = dev_.api();
    LAPACK_AI_CUSOLVER(Pick<T>(api.cusolverDnSgeqrf, api.cusolverDnDgeqrf)(
        dev_.solver(), m_, n_, A(), lda_, Tau(), work<T>(), lwork(), dev_info(0)));
    if (nrhs_ <= 0) return;
    LAPACK_AI_CUSOLVER(Pick<T>(api.cusolverDnSormqr, api.cusolverDnDormqr)(
        dev_.solver(), CUBLAS_SIDE_LEFT, CUBLAS_OP_T, m_, nrhs_, n_, A(), lda_, Tau(), B(), ldb_,
        work<T>(), lwork(), dev_info(1)));
    const T one = 1;
    LAPACK_AI_CUBLAS(Pick<T>(api.cublasStrsm_v2, api.cublasDtrsm_v2)(
        dev_.blas(), CUBLAS_SIDE_LEFT, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_N, CUBLAS_DIAG_NON_UNIT,
        n_, nrhs_, &one, A(), lda_, B(), ldb_));
  }

  // LAPACK's gels reports a zero diagonal element of R as INFO = i (cuSOLVER has no such check):
  // the first smallest |R(i,i)|, read after the timed region; an all-zero A is not an error there.
  void AfterRun() override {
    SolverBoundCall::AfterRun();
    if (nrhs_ < 0 || info() != 0 || n_ == 0 || m_ == 0) return;
    const Api& api = dev_.api();
    int idx = 0;
    LAPACK_AI_CUBLAS(Pick<T>(api.cublasIsamin_v2, api.cublasIdamin_v2)(dev_.blas(), n_, A(),
                                                                      lda_ + 1, &idx));
    if (idx < 1) return;
    T r = 1;
    const CUdeviceptr at =
        mem(a_) + sizeof(T) * static_cast<std::size_t>(idx - 1) * static_cast<std::size_t>(lda_ + 1);
    LAPACK_AI_CU(api.cuMemcpyDtoH_v2(&r, at, sizeof(T)));
    if (r != T(0)) return;
    if (AllZero()) return ZeroSolution();
    info() = idx;
  }

  // Whether the factored A is zero: then R = 0, so A = QR was zero (and its reflectors are
  // zero too, tau = 0).
  bool AllZero() const {
    const Api& api = dev_.api();
    for (int j = 0; j < n_; ++j) {
      const std::size_t col = static_cast<std::size_t>(j) * static_cast<std::size_t>(lda_);
      int idx = 0;
      LAPACK_AI_CUBLAS(Pick<T>(api.cublasIsamax_v2, api.cublasIdamax_v2)(dev_.blas(), m_, A() + col, 1, &idx));
      if (idx < 1) continue;
      T v = 0;
      LAPACK_AI_CU(api.cuMemcpyDtoH_v2(&v, mem(a_) + sizeof(T) * (col + static_cast<std::size_t>(idx - 1)), sizeof(T)));
      if (v != T(0)) return false;
    }
    return true;
  }

  // LAPACK's gels answers A = 0 with INFO = 0 and the zero solution, B(0:max(m,n), :) = 0; the
  // trsm has divided by zero instead. Cleared on the device and, as the transfers mode has
  // already copied B back, on the host (which Fetch would otherwise overwrite with the same).
  void ZeroSolution() {
    const Api& api = dev_.api();
    const auto rows = static_cast<std::size_t>(std::max(m_, n_));
    for (int j = 0; j < nrhs_; ++j) {
      const std::size_t col = static_cast<std::size_t>(j) * static_cast<std::size_t>(ldb_);
      LAPACK_AI_CU(api.cuMemsetD8Async(mem(b_) + sizeof(T) * col, 0, sizeof(T) * rows, dev_.stream()));
      std::fill(b_host_ + col, b_host_ + col + rows, T(0));
    }
    dev_.Synchronize();
  }

 private:
  T* A() const { return reinterpret_cast<T*>(mem(a_)); }
  T* B() const { return reinterpret_cast<T*>(mem(b_)); }
  T* Tau() const { return reinterpret_cast<T*>(own_tau_.bytes() ? own_tau_.get() : mem(tau_)); }
  int m_, n_, lda_, nrhs_, ldb_;
  std::size_t a_ = 0, tau_ = 0, b_ = 0;
  T* b_host_;
  DeviceBuffer own_tau_;
};

template <typename T>
class EigBound final : public SolverBoundCall {
 public:
  EigBound(Device& dev, bool transfers, SyevdCall<T>& c)
      : SolverBoundCall(dev, transfers, &c.info),
        jobz_(c.jobz == 'V' || c.jobz == 'v' ? CUSOLVER_EIG_MODE_VECTOR : CUSOLVER_EIG_MODE_NOVECTOR),
        fill_(c.uplo == 'U' || c.uplo == 'u' ? CUBLAS_FILL_MODE_UPPER : CUBLAS_FILL_MODE_LOWER) {
    n_ = CheckedInt(c.n, "n"), lda_ = CheckedInt(c.lda, "lda");
    a_ = AddOperand(c.a, SpanBytes(sizeof(T), c.lda, c.n), true);
    w_ = AddOperand(c.w, sizeof(T) * static_cast<std::size_t>(c.n), true);
    SizeWork<T>(n_ == 0, [&](int* lwork) {
      LAPACK_AI_CUSOLVER(Pick<T>(dev.api().cusolverDnSsyevd_bufferSize, dev.api().cusolverDnDsyevd_bufferSize)(
          dev.solver(), jobz_, fill_, n_, A(), lda_, reinterpret_cast<T*>(mem(w_)), lwork));
    });
  }

 protected:
  void Compute() override {
    ClearInfo();
    if (n_ == 0) return;
    LAPACK_AI_CUSOLVER(Pick<T>(dev_.api().cusolverDnSsyevd, dev_.api().cusolverDnDsyevd)(
        dev_.solver(), jobz_, fill_, n_, A(), lda_, reinterpret_cast<T*>(mem(w_)), work<T>(),
        lwork(), dev_info(0)));
  }

 private:
  T* A() const { return reinterpret_cast<T*>(mem(a_)); }
  cusolverEigMode_t jobz_;
  cublasFillMode_t fill_;
  int n_, lda_;
  std::size_t a_ = 0, w_ = 0;
};

struct Binder {
  Device& dev;
  bool t;
  template <typename T>
  std::unique_ptr<BoundCall> operator()(GeqrfCall<T>& c) const {
    return Prepared<QrBound<T>>(dev, t, c.m, c.n, c.a, c.lda, c.tau, &c.info);
  }
  template <typename T>
  std::unique_ptr<BoundCall> operator()(GelsCall<T>& c) const {
    if (c.trans != Trans::kNoTrans || c.m < c.n) {
      throw Unsupported(fmt::format(
          "cuda gels: only op(A) = A with m >= n (QR path; cuSOLVER has no LQ), got {} m={} n={}",
          c.trans == Trans::kNoTrans ? "N" : "T", c.m, c.n));
    }
    return Prepared<QrBound<T>>(dev, t, c.m, c.n, c.a, c.lda, nullptr, &c.info, c.nrhs, c.b, c.ldb);
  }
  template <typename T>
  std::unique_ptr<BoundCall> operator()(GesvdCall<T>& c) const {
    return BindGesvd(dev, t, c);
  }
  template <typename T>
  std::unique_ptr<BoundCall> operator()(SyevdCall<T>& c) const {
    return Prepared<EigBound<T>>(dev, t, c);
  }
  template <typename Other>
  std::unique_ptr<BoundCall> operator()(Other&) const {
    return nullptr;
  }
};

}  // namespace

std::unique_ptr<BoundCall> BindSolverQr(Device& dev, const CudaOptions& opts, Call& call) {
  return std::visit(Binder{dev, opts.transfers}, call);
}

}  // namespace lapack_ai::cuda
