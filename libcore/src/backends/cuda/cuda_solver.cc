// getrf, gesv, potrf and posv through cuSOLVER: workspace sized at bind time, INFO copied back
// from devInfo after each Run (cuda_solver.h).
#include "cuda_solver.h"

#include <algorithm>

namespace lapack_ai::cuda {
namespace {

cublasFillMode_t Fill(char uplo) {
  return uplo == 'U' || uplo == 'u' ? CUBLAS_FILL_MODE_UPPER : CUBLAS_FILL_MODE_LOWER;
}

// getrf (nrhs < 0) and gesv (getrf + getrs) share the factorisation.
template <typename T>
class LuBound final : public SolverBoundCall {
 public:
  LuBound(Device& dev, bool transfers, int64_t m, int64_t n, T* a, int64_t lda, int32_t* ipiv,
          int64_t* info, int64_t nrhs = -1, T* b = nullptr, int64_t ldb = 1)
      : SolverBoundCall(dev, transfers, info) {
    m_ = CheckedInt(m, "m"), n_ = CheckedInt(n, "n"), lda_ = CheckedInt(lda, "lda");
    nrhs_ = nrhs < 0 ? -1 : CheckedInt(nrhs, "nrhs"), ldb_ = CheckedInt(ldb, "ldb");
    a_ = AddOperand(a, SpanBytes(sizeof(T), lda, n), true);
    ipiv_ = AddOperand(ipiv, sizeof(int32_t) * static_cast<std::size_t>(std::min(m, n)), true);
    if (nrhs_ >= 0) b_ = AddOperand(b, SpanBytes(sizeof(T), ldb, nrhs), true);
    SizeWork<T>(m_ == 0 || n_ == 0, [&](int* lwork) {
      LAPACK_AI_CUSOLVER(Pick<T>(dev.api().cusolverDnSgetrf_bufferSize, dev.api().cusolverDnDgetrf_bufferSize)(
          dev.solver(), m_, n_, A(), lda_, lwork));
    });
  }

 protected:
  void Compute() override {
    ClearInfo();
    if (m_ == 0 || n_ == 0) return;
    const Api& api = dev_.api();
    int* piv = reinterpret_cast<int*>(mem(ipiv_));
    LAPACK_AI_CUSOLVER(Pick<T>(api.cusolverDnSgetrf, api.cusolverDnDgetrf)(
        dev_.solver(), m_, n_, A(), lda_, work<T>(), piv, dev_info(0)));
    if (nrhs_ > 0) {
      LAPACK_AI_CUSOLVER(Pick<T>(api.cusolverDnSgetrs, api.cusolverDnDgetrs)(
          dev_.solver(), CUBLAS_OP_N, n_, nrhs_, A(), lda_, piv,
          reinterpret_cast<T*>(mem(b_)), ldb_, dev_info(1)));
    }
  }

 private:
  T* A() const { return reinterpret_cast<T*>(mem(a_)); }
  int m_, n_, lda_, nrhs_, ldb_;
  std::size_t a_ = 0, ipiv_ = 0, b_ = 0;
};

// potrf (nrhs < 0) and posv (potrf + potrs).
template <typename T>
class CholeskyBound final : public SolverBoundCall {
 public:
  CholeskyBound(Device& dev, bool transfers, char uplo, int64_t n, T* a, int64_t lda,
                int64_t* info, int64_t nrhs = -1, T* b = nullptr, int64_t ldb = 1)
      : SolverBoundCall(dev, transfers, info), fill_(Fill(uplo)) {
    n_ = CheckedInt(n, "n"), lda_ = CheckedInt(lda, "lda");
    nrhs_ = nrhs < 0 ? -1 : CheckedInt(nrhs, "nrhs"), ldb_ = CheckedInt(ldb, "ldb");
    a_ = AddOperand(a, SpanBytes(sizeof(T), lda, n), true);
    if (nrhs_ >= 0) b_ = AddOperand(b, SpanBytes(sizeof(T), ldb, nrhs), true);
    SizeWork<T>(n_ == 0, [&](int* lwork) {
      LAPACK_AI_CUSOLVER(Pick<T>(dev.api().cusolverDnSpotrf_bufferSize, dev.api().cusolverDnDpotrf_bufferSize)(
          dev.solver(), fill_, n_, A(), lda_, lwork));
    });
  }

 protected:
  void Compute() override {
    ClearInfo();
    if (n_ == 0) return;
    const Api& api = dev_.api();
    LAPACK_AI_CUSOLVER(Pick<T>(api.cusolverDnSpotrf, api.cusolverDnDpotrf)(
        dev_.solver(), fill_, n_, A(), lda_, work<T>(), lwork(), dev_info(0)));
    if (nrhs_ > 0) {
      LAPACK_AI_CUSOLVER(Pick<T>(api.cusolverDnSpotrs, api.cusolverDnDpotrs)(
          dev_.solver(), fill_, n_, nrhs_, A(), lda_, reinterpret_cast<T*>(mem(b_)), ldb_,
          dev_info(1)));
    }
  }

 private:
  T* A() const { return reinterpret_cast<T*>(mem(a_)); }
  cublasFillMode_t fill_;
  int n_, lda_, nrhs_, ldb_;
  std::size_t a_ = 0, b_ = 0;
};

struct Binder {
  Device& dev;
  bool t;
  template <typename T>
  std::unique_ptr<BoundCall> operator()(GetrfCall<T>& c) const {
    return Prepared<LuBound<T>>(dev, t, c.m, c.n, c.a, c.lda, c.ipiv, &c.info);
  }
  template <typename T>
  std::unique_ptr<BoundCall> operator()(GesvCall<T>& c) const {
    return Prepared<LuBound<T>>(dev, t, c.n, c.n, c.a, c.lda, c.ipiv, &c.info, c.nrhs, c.b, c.ldb);
  }
  template <typename T>
  std::unique_ptr<BoundCall> operator()(PotrfCall<T>& c) const {
    return Prepared<CholeskyBound<T>>(dev, t, c.uplo, c.n, c.a, c.lda, &c.info);
  }
  template <typename T>
  std::unique_ptr<BoundCall> operator()(PosvCall<T>& c) const {
    return Prepared<CholeskyBound<T>>(dev, t, c.uplo, c.n, c.a, c.lda, &c.info, c.nrhs, c.b, c.ldb);
  }
  template <typename Other>
  std::unique_ptr<BoundCall> operator()(Other&) const {
    return nullptr;
  }
};

}  // namespace

std::unique_ptr<BoundCall> BindSolverLu(Device& dev, const CudaOptions& opts, Call& call) {
  return std::visit(Binder{dev, opts.transfers}, call);
}

}  // namespace lapack_ai::cuda
