// gemm and strided batched gemm on a CUDA device through cuBLAS; batches of tiny squares go to
// helper kernels (cuda_batched.h) first unless `/cublas` asks for cuBLAS.
#include <fmt/format.h>

#include "cuda_batched.h"
#include "cuda_bound_call.h"
#include "lapack_ai/error.h"

namespace lapack_ai::cuda {
namespace {

cublasOperation_t Op(Trans t) { return t == Trans::kNoTrans ? CUBLAS_OP_N : CUBLAS_OP_T; }

template <typename T>
class GemmBound final : public CudaBoundCall {
 public:
  GemmBound(Device& dev, bool transfers, GemmCall<T>& c) : CudaBoundCall(dev, transfers), c_(c) {
    m_ = CheckedInt(c.m, "m"), n_ = CheckedInt(c.n, "n"), k_ = CheckedInt(c.k, "k");
    lda_ = CheckedInt(c.lda, "lda"), ldb_ = CheckedInt(c.ldb, "ldb"), ldc_ = CheckedInt(c.ldc, "ldc");
    const int64_t a_cols = c.transa == Trans::kNoTrans ? c.k : c.m;
    const int64_t b_cols = c.transb == Trans::kNoTrans ? c.n : c.k;
    a_ = AddOperand(c.a, SpanBytes(sizeof(T), c.lda, a_cols), false);
    b_ = AddOperand(c.b, SpanBytes(sizeof(T), c.ldb, b_cols), false);
    c_idx_ = AddOperand(c.c, SpanBytes(sizeof(T), c.ldc, c.n), true);
  }

 protected:
  void Compute() override {
    if (m_ == 0 || n_ == 0) return;
    const Api& api = dev_.api();
    const T* a = reinterpret_cast<const T*>(mem(a_));
    const T* b = reinterpret_cast<const T*>(mem(b_));
    T* c = reinterpret_cast<T*>(mem(c_idx_));
    if constexpr (sizeof(T) == 4) {
      LAPACK_AI_CUBLAS(api.cublasSgemm_v2(dev_.blas(), Op(c_.transa), Op(c_.transb), m_, n_, k_,
                                          &c_.alpha, a, lda_, b, ldb_, &c_.beta, c, ldc_));
    } else {
      LAPACK_AI_CUBLAS(api.cublasDgemm_v2(dev_.blas(), Op(c_.transa), Op(c_.transb), m_, n_, k_,
                                          &c_.alpha, a, lda_, b, ldb_, &c_.beta, c, ldc_));
    }
  }

 private:
  GemmCall<T>& c_;
  int m_, n_, k_, lda_, ldb_, ldc_;
  std::size_t a_ = 0, b_ = 0, c_idx_ = 0;
};

template <typename T>
class GemmBatchedBound final : public CudaBoundCall {
 public:
  GemmBatchedBound(Device& dev, bool transfers, GemmBatchedCall<T>& c)
      : CudaBoundCall(dev, transfers), c_(c) {
    m_ = CheckedInt(c.m, "m"), n_ = CheckedInt(c.n, "n"), k_ = CheckedInt(c.k, "k");
    lda_ = CheckedInt(c.lda, "lda"), ldb_ = CheckedInt(c.ldb, "ldb"), ldc_ = CheckedInt(c.ldc, "ldc");
    batch_ = CheckedInt(c.batch, "batch");
    const int64_t a_cols = c.transa == Trans::kNoTrans ? c.k : c.m;
    const int64_t b_cols = c.transb == Trans::kNoTrans ? c.n : c.k;
    a_ = AddOperand(c.a, SpanBytes(sizeof(T), c.lda, a_cols, c.stride_a, c.batch), false);
    b_ = AddOperand(c.b, SpanBytes(sizeof(T), c.ldb, b_cols, c.stride_b, c.batch), false);
    c_idx_ = AddOperand(c.c, SpanBytes(sizeof(T), c.ldc, c.n, c.stride_c, c.batch), true);
  }

 protected:
  void Compute() override {
    if (batch_ == 0 || m_ == 0 || n_ == 0) return;
    const Api& api = dev_.api();
    const T* a = reinterpret_cast<const T*>(mem(a_));
    const T* b = reinterpret_cast<const T*>(mem(b_));
    T* c = reinterpret_cast<T*>(mem(c_idx_));
    if constexpr (sizeof(T) == 4) {
      LAPACK_AI_CUBLAS(api.cublasSgemmStridedBatched(
          dev_.blas(), Op(c_.transa), Op(c_.transb), m_, n_, k_, &c_.alpha, a, lda_, c_.stride_a,
          b, ldb_, c_.stride_b, &c_.beta, c, ldc_, c_.stride_c, batch_));
    } else {
      LAPACK_AI_CUBLAS(api.cublasDgemmStridedBatched(
          dev_.blas(), Op(c_.transa), Op(c_.transb), m_, n_, k_, &c_.alpha, a, lda_, c_.stride_a,
          b, ldb_, c_.stride_b, &c_.beta, c, ldc_, c_.stride_c, batch_));
    }
  }

 private:
  GemmBatchedCall<T>& c_;
  int m_, n_, k_, lda_, ldb_, ldc_, batch_;
  std::size_t a_ = 0, b_ = 0, c_idx_ = 0;
};

}  // namespace

std::unique_ptr<BoundCall> BindBlas(Device& dev, const CudaOptions& opts, Call& call) {
  const bool t = opts.transfers;
  if (auto* g = std::get_if<GemmCall<float>>(&call)) return Prepared<GemmBound<float>>(dev, t, *g);
  if (auto* g = std::get_if<GemmCall<double>>(&call)) return Prepared<GemmBound<double>>(dev, t, *g);
  if (std::holds_alternative<GemmBatchedCall<float>>(call) ||
      std::holds_alternative<GemmBatchedCall<double>>(call)) {
    if (!opts.cublas) {
      if (auto b = BindBatchedSmall(dev, opts, call)) return b;
    }
    if (auto* g = std::get_if<GemmBatchedCall<float>>(&call))
      return Prepared<GemmBatchedBound<float>>(dev, t, *g);
    if (auto* g = std::get_if<GemmBatchedCall<double>>(&call))
      return Prepared<GemmBatchedBound<double>>(dev, t, *g);
  }
  return nullptr;
}

}  // namespace lapack_ai::cuda
