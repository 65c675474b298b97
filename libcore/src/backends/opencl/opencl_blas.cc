// gemm and strided batched gemm on an OpenCL device: CLBlast for general shapes, our
// kernels/batched_small.cl for batches of 4x4, 8x8 and 16x16 products.
#include <clblast.h>

#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "opencl_bound_call.h"
#include "opencl_gemm_workspace.h"

namespace lapack_ai::opencl {
namespace {

clblast::Transpose ToClblast(Trans t) {
  return t == Trans::kNoTrans ? clblast::Transpose::kNo : clblast::Transpose::kYes;
}

template <typename T>
class GemmBound final : public DeviceBoundCall {
 public:
  GemmBound(OpenDevice& dev, bool transfers, GemmCall<T>& c) : DeviceBoundCall(dev, transfers), c_(c) {
    const int64_t a_cols = c.transa == Trans::kNoTrans ? c.k : c.m;
    const int64_t b_cols = c.transb == Trans::kNoTrans ? c.n : c.k;
    a_ = AddOperand(c.a, SpanBytes(sizeof(T), c.lda, a_cols), false);
    b_ = AddOperand(c.b, SpanBytes(sizeof(T), c.ldb, b_cols), false);
    c_idx_ = AddOperand(c.c, SpanBytes(sizeof(T), c.ldc, c.n), true);
  }

 protected:
  void Compute() override {
    auto u = [](int64_t v) { return static_cast<std::size_t>(v); };
    // The workspace is sized by the bind's warm-up run, as cuBLAS's is at bind time.
    gemm_.Gemm<T>(dev_, dev_.queue_ptr(), ToClblast(c_.transa), ToClblast(c_.transb), u(c_.m), u(c_.n),
                  u(c_.k), c_.alpha, mem(a_), 0, u(c_.lda), mem(b_), 0, u(c_.ldb), c_.beta, mem(c_idx_), 0,
                  u(c_.ldc));
  }

 private:
  GemmCall<T>& c_;
  std::size_t a_ = 0, b_ = 0, c_idx_ = 0;
  GemmWorkspace gemm_;
};

template <typename T>
class GemmBatchedBound final : public DeviceBoundCall {
 public:
  GemmBatchedBound(OpenDevice& dev, const OpenclOptions& opts, GemmBatchedCall<T>& c)
      : DeviceBoundCall(dev, opts.transfers), c_(c) {
    const int64_t a_cols = c.transa == Trans::kNoTrans ? c.k : c.m;
    const int64_t b_cols = c.transb == Trans::kNoTrans ? c.n : c.k;
    a_ = AddOperand(c.a, SpanBytes(sizeof(T), c.lda, a_cols, c.stride_a, c.batch), false);
    b_ = AddOperand(c.b, SpanBytes(sizeof(T), c.ldb, b_cols, c.stride_b, c.batch), false);
    c_idx_ = AddOperand(c.c, SpanBytes(sizeof(T), c.ldc, c.n, c.stride_c, c.batch), true);
    const bool square_tiny = c.m == c.n && c.n == c.k && (c.n == 4 || c.n == 8 || c.n == 16) &&
                             c.lda == c.n && c.ldb == c.n && c.ldc == c.n &&
                             c.transa == Trans::kNoTrans && c.transb == Trans::kNoTrans;
    if (square_tiny && opts.batched != OpenclOptions::Batched::kClblast) {
      const bool s49 = opts.batched == OpenclOptions::Batched::kScheme49 && c.n == 4;
      const std::string options = fmt::format("{} -DN={}", OpenDevice::TypeOptions<T>(), c.n);
      kernel_ = dev.Kernel("batched_small", options, s49 ? "batched_gemm4_s49" : "batched_gemm_small");
      per_matrix_ = s49 ? 1 : static_cast<std::size_t>(c.n);
    }
  }

 protected:
  void Compute() override {
    if (c_.batch == 0 || c_.m == 0 || c_.n == 0) return;
    if (kernel_ == nullptr) {
      CLBLAST_CHECK(clblast::GemmStridedBatched<T>(
          clblast::Layout::kColMajor, ToClblast(c_.transa), ToClblast(c_.transb), c_.m, c_.n,
          c_.k, c_.alpha, mem(a_), 0, c_.lda, c_.stride_a, mem(b_), 0, c_.ldb, c_.stride_b,
          c_.beta, mem(c_idx_), 0, c_.ldc, c_.stride_c, c_.batch, dev_.queue_ptr(), nullptr));
      return;
    }
    SetArg(kernel_, 0, static_cast<cl_int>(c_.batch));
    SetArg(kernel_, 1, c_.alpha);
    SetArg(kernel_, 2, c_.beta);
    SetArg(kernel_, 3, mem(a_));
    SetArg(kernel_, 4, static_cast<cl_long>(c_.stride_a));
    SetArg(kernel_, 5, mem(b_));
    SetArg(kernel_, 6, static_cast<cl_long>(c_.stride_b));
    SetArg(kernel_, 7, mem(c_idx_));
    SetArg(kernel_, 8, static_cast<cl_long>(c_.stride_c));
    Launch1D(dev_.queue(), kernel_, static_cast<std::size_t>(c_.batch) * per_matrix_, 128);
  }

 private:
  GemmBatchedCall<T>& c_;
  std::size_t a_ = 0, b_ = 0, c_idx_ = 0;
  cl_kernel kernel_ = nullptr;  // owned by the device's kernel cache
  std::size_t per_matrix_ = 1;
};

}  // namespace

std::unique_ptr<BoundCall> BindBlas(OpenDevice& dev, const OpenclOptions& opts, Call& call) {
  if (auto bound = BindTyped<GemmBound, GemmCall>(call, dev, opts.transfers)) return bound;
  if (auto bound = BindTyped<GemmBatchedBound, GemmBatchedCall>(call, dev, opts)) return bound;
  return nullptr;
}

}  // namespace lapack_ai::opencl
