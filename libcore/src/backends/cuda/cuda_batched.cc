// Batched gemm of 4x4, 8x8 and 16x16 matrices through kernels/cuda_batched_small.cu.
#include "cuda_batched.h"

#include <fmt/format.h>

#include "cuda_bound_call.h"

namespace lapack_ai::cuda {
namespace {

constexpr int64_t kThreads = 128;  // kernels/cuda_batched_small.cu: kThreads

template <typename T>
class BatchedSmallBound final : public CudaBoundCall {
 public:
  BatchedSmallBound(Device& dev, const CudaOptions& opts, GemmBatchedCall<T>& c, const SmallLaunch& l)
      : CudaBoundCall(dev, opts.transfers), c_(c), l_(l) {
    // Square: op(X) and X have n columns either way.
    AddOperand(c.a, SpanBytes(sizeof(T), c.lda, c.n, c.stride_a, c.batch), false);
    AddOperand(c.b, SpanBytes(sizeof(T), c.ldb, c.n, c.stride_b, c.batch), false);
    AddOperand(c.c, SpanBytes(sizeof(T), c.ldc, c.n, c.stride_c, c.batch), true);
    if (l_.grid_x > 0) kernel_ = dev.Kernel("cuda_batched_small.cu", l_.kernel.c_str());
  }

 protected:
  void Compute() override {
    if (l_.grid_x == 0) return;
    int64_t batch = c_.batch, lda = c_.lda, ldb = c_.ldb, ldc = c_.ldc;
    int64_t sa = c_.stride_a, sb = c_.stride_b, sc = c_.stride_c;
    T alpha = c_.alpha, beta = c_.beta;
    CUdeviceptr a = mem(0), b = mem(1), cp = mem(2);
    int vec = l_.vec ? 1 : 0;
    void* args[] = {&batch, &alpha, &beta, &a, &lda, &sa, &b, &ldb, &sb, &cp, &ldc, &sc, &vec};
    dev_.Launch(kernel_, l_.grid_x, 1, 1, static_cast<unsigned>(kThreads), 1, 1, args);
  }

 private:
  GemmBatchedCall<T>& c_;
  SmallLaunch l_;
  CUfunction kernel_ = nullptr;
};

template <typename T>
std::unique_ptr<BoundCall> Bind(Device& dev, const CudaOptions& opts, GemmBatchedCall<T>& c) {
  const auto l = PlanBatchedSmall({c.transa, c.transb, c.m, c.n, c.k, c.lda, c.ldb, c.ldc, c.stride_a,
                                   c.stride_b, c.stride_c, c.batch, sizeof(T)});
  if (!l) return nullptr;
  auto bound = std::make_unique<BatchedSmallBound<T>>(dev, opts, c, *l);
  bound->Prepare();
  return bound;
}

}  // namespace

std::optional<SmallLaunch> PlanBatchedSmall(const BatchedShape& s) {
  const int64_t n = s.n;
  if (s.m != n || s.k != n || (n != 4 && n != 8 && n != 16)) return std::nullopt;
  if (s.lda < n || s.ldb < n || s.ldc < n || s.batch < 0) return std::nullopt;
  if (s.stride_a < 0 || s.stride_b < 0 || (s.batch > 1 && s.stride_c < s.ldc * n)) return std::nullopt;
  // kernels/cuda_batched_small.cu: Tile (a thread computes 4 x 1 of one C_i, 4 x 2 for n = 16).
  const int64_t per_matrix = (n / 4) * (n == 16 ? n / 2 : n);
  const int64_t mats = kThreads / per_matrix, blocks = (s.batch + mats - 1) / mats;
  if (blocks > INT32_MAX) return std::nullopt;
  const int64_t v = static_cast<int64_t>(16 / s.elem);
  SmallLaunch l;
  l.kernel = fmt::format("batched_small_{}{}_{}{}", s.elem == 4 ? 's' : 'd', n,
                         s.transa == Trans::kNoTrans ? 'n' : 't', s.transb == Trans::kNoTrans ? 'n' : 't');
  l.vec = true;
  for (int64_t x : {s.lda, s.ldb, s.ldc, s.stride_a, s.stride_b, s.stride_c}) l.vec = l.vec && x % v == 0;
  l.grid_x = static_cast<unsigned>(blocks);
  return l;
}

std::unique_ptr<BoundCall> BindBatchedSmall(Device& dev, const CudaOptions& opts, Call& call) {
  if (opts.cublas) return nullptr;
  if (auto* g = std::get_if<GemmBatchedCall<float>>(&call)) return Bind(dev, opts, *g);
  if (auto* g = std::get_if<GemmBatchedCall<double>>(&call)) return Bind(dev, opts, *g);
  return nullptr;
}

}  // namespace lapack_ai::cuda
