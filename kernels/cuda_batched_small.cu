// Batched products of tiny square column-major matrices, C_i = alpha op(A_i) op(B_i) + beta C_i,
// n = 4, 8, 16 (the CUDA twin of batched_small.cl). Memory-bound: each block stages a tile of
// A_i and B_i in shared memory with 16-byte loads that are contiguous across the warp when the
// matrices are packed, one thread computes a 4 x 1 tile (n = 16: 4 x 2) of one C_i, and the
// results leave through shared memory the same way, so every global access is a full
// coalesced vector.
#include <cstdint>

namespace {

constexpr int kThreads = 128;  // per block; host code launches exactly this many

// A 16-byte vector of T (or one T when the operands are not 16-byte aligned).
template <typename T, int V>
struct alignas(sizeof(T) * V) Pack {
  T v[V];
};

template <typename T, int N>
struct Tile {
  // A thread computes kRows x kCols of one C_i: 4 x 2 for n = 16 (each shared read feeds more
  // FMAs, so shared-memory traffic stays under the device-memory time), else 4 x 1. Measured on
  // the H200 (1 GiB operands, % of copy bandwidth): n = 4 102/95 (s/d), 8 86/96, 16 87/78;
  // 4 x 4 tiles lose occupancy (16: 80/65), 4 x 1 at n = 16 is shared-memory bound (65/78).
  static constexpr int kRows = 4;
  static constexpr int kCols = N == 16 ? 2 : 1;
  static constexpr int kPerMat = (N / kRows) * (N / kCols);  // threads per matrix
  static constexpr int kMats = kThreads / kPerMat;           // matrices per block
  // Shared layout: a 16-byte pad after each column and each matrix keeps vectors aligned and
  // spreads the columns (and matrices) one warp touches over different banks.
  static constexpr int kPad = 16 / static_cast<int>(sizeof(T));
  static constexpr int kCol = N + kPad;
  static constexpr int kPitch = N * kCol + kPad;
  static constexpr int kElems = kMats * kPitch;
};

// Copies this block's matrices (column j of matrix i at g + i*stride + j*ld) to shared memory,
// transposed when kTranspose, so that shared memory always holds op(A) column-major and op(B)
// row-major: the four rows (columns) a thread needs for one k are then one aligned vector.
template <typename T, int N, int V, bool kTranspose>
__device__ void Stage(T* s, const T* g, int64_t first, int64_t batch, int64_t stride, int64_t ld) {
  using Tl = Tile<T, N>;
  constexpr int kPerCol = N / V;
  constexpr int kCount = Tl::kMats * N * kPerCol;
  for (int v = threadIdx.x; v < kCount; v += kThreads) {
    const int mat = v / (N * kPerCol);
    if (first + mat >= batch) break;  // mat grows with v
    const int col = v % (N * kPerCol) / kPerCol, seg = v % kPerCol;
    const auto p = *reinterpret_cast<const Pack<T, V>*>(g + (first + mat) * stride + col * ld + seg * V);
    T* m = s + mat * Tl::kPitch;
    if constexpr (kTranspose) {
#pragma unroll
      for (int u = 0; u < V; ++u) m[(seg * V + u) * Tl::kCol + col] = p.v[u];
    } else {
      *reinterpret_cast<Pack<T, V>*>(m + col * Tl::kCol + seg * V) = p;
    }
  }
}

// Writes alpha * result + beta * C (C not read when beta == 0; A, B ignored when alpha == 0).
template <typename T, int N, int V>
__device__ void Store(const T* s, T* g, int64_t first, int64_t batch, int64_t stride, int64_t ld,
                      T alpha, T beta) {
  using Tl = Tile<T, N>;
  constexpr int kPerCol = N / V;
  constexpr int kCount = Tl::kMats * N * kPerCol;
  for (int v = threadIdx.x; v < kCount; v += kThreads) {
    const int mat = v / (N * kPerCol);
    if (first + mat >= batch) break;
    const int col = v % (N * kPerCol) / kPerCol, seg = v % kPerCol;
    auto* dst = reinterpret_cast<Pack<T, V>*>(g + (first + mat) * stride + col * ld + seg * V);
    const auto r = *reinterpret_cast<const Pack<T, V>*>(s + mat * Tl::kPitch + col * Tl::kCol + seg * V);
    Pack<T, V> out;
    if (beta == T(0)) {
#pragma unroll
      for (int q = 0; q < V; ++q) out.v[q] = alpha == T(0) ? T(0) : alpha * r.v[q];
    } else {
      const Pack<T, V> old = *dst;
#pragma unroll
      for (int q = 0; q < V; ++q) out.v[q] = (alpha == T(0) ? T(0) : alpha * r.v[q]) + beta * old.v[q];
    }
    *dst = out;
  }
}

// kCount consecutive elements of shared memory as registers (16-byte reads where possible).
template <typename T, int kCount>
__device__ void Read(const T* s, T* out) {
  constexpr int kW = 16 / static_cast<int>(sizeof(T));
  if constexpr (kCount % kW == 0) {
#pragma unroll
    for (int q = 0; q < kCount / kW; ++q) {
      const auto p = *reinterpret_cast<const Pack<T, kW>*>(s + q * kW);
#pragma unroll
      for (int u = 0; u < kW; ++u) out[q * kW + u] = p.v[u];
    }
  } else {
#pragma unroll
    for (int q = 0; q < kCount; ++q) out[q] = s[q];
  }
}

template <typename T, int N, bool kTransA, bool kTransB, int V>
__device__ void Body(T* sa, T* sb, int64_t batch, T alpha, T beta, const T* a, int64_t lda,
                     int64_t stride_a, const T* b, int64_t ldb, int64_t stride_b, T* c,
                     int64_t ldc, int64_t stride_c) {
  using Tl = Tile<T, N>;
  const int64_t first = static_cast<int64_t>(blockIdx.x) * Tl::kMats;
  Stage<T, N, V, kTransA>(sa, a, first, batch, stride_a, lda);   // sa[k * kCol + r] = op(A)(r, k)
  Stage<T, N, V, !kTransB>(sb, b, first, batch, stride_b, ldb);  // sb[k * kCol + j] = op(B)(k, j)
  __syncthreads();
  const int mat = threadIdx.x / Tl::kPerMat, w = threadIdx.x % Tl::kPerMat;
  const int r0 = w % (N / Tl::kRows) * Tl::kRows, c0 = w / (N / Tl::kRows) * Tl::kCols;
  const T* am = sa + mat * Tl::kPitch;
  const T* bm = sb + mat * Tl::kPitch;
  T acc[Tl::kCols][Tl::kRows];
#pragma unroll
  for (int j = 0; j < Tl::kCols; ++j)
#pragma unroll
    for (int i = 0; i < Tl::kRows; ++i) acc[j][i] = T(0);
  // Stale shared data of matrices past the batch end is computed on but never stored.
#pragma unroll
  for (int k = 0; k < N; ++k) {
    T av[Tl::kRows], bv[Tl::kCols];
    Read<T, Tl::kRows>(am + k * Tl::kCol + r0, av);
    Read<T, Tl::kCols>(bm + k * Tl::kCol + c0, bv);
#pragma unroll
    for (int j = 0; j < Tl::kCols; ++j)
#pragma unroll
      for (int i = 0; i < Tl::kRows; ++i) acc[j][i] = fma(av[i], bv[j], acc[j][i]);
  }
  __syncthreads();  // everyone is done reading sa: it now holds the results
#pragma unroll
  for (int j = 0; j < Tl::kCols; ++j)
#pragma unroll
    for (int i = 0; i < Tl::kRows; ++i) sa[mat * Tl::kPitch + (c0 + j) * Tl::kCol + r0 + i] = acc[j][i];
  __syncthreads();
  Store<T, N, V>(sa, c, first, batch, stride_c, ldc, alpha, beta);
}

}  // namespace

// batched_small_<s|d><N>_<op(A)><op(B)>, n = no transpose, t = transpose. vec != 0: every ld
// and stride is a multiple of 16 bytes (the host checks), so staging uses 16-byte vectors.
#define LAPACK_AI_BATCHED_SMALL(T, P, N, TA, TB, NAME)                                          \
  extern "C" __global__ void __launch_bounds__(kThreads)                                       \
      batched_small_##P##N##_##NAME(int64_t batch, T alpha, T beta, const T* a, int64_t lda,   \
                                    int64_t stride_a, const T* b, int64_t ldb,                \
                                    int64_t stride_b, T* c, int64_t ldc, int64_t stride_c,    \
                                    int vec) {                                                 \
    __shared__ __align__(16) T sa[Tile<T, N>::kElems];                                         \
    __shared__ __align__(16) T sb[Tile<T, N>::kElems];                                         \
    if (vec)                                                                                   \
      Body<T, N, TA, TB, 16 / sizeof(T)>(sa, sb, batch, alpha, beta, a, lda, stride_a, b, ldb, \
                                         stride_b, c, ldc, stride_c);                          \
    else                                                                                       \
      Body<T, N, TA, TB, 1>(sa, sb, batch, alpha, beta, a, lda, stride_a, b, ldb, stride_b, c, \
                            ldc, stride_c);                                                    \
  }
#define LAPACK_AI_BATCHED_SMALL_OPS(T, P, N)                  \
  LAPACK_AI_BATCHED_SMALL(T, P, N, false, false, nn)          \
  LAPACK_AI_BATCHED_SMALL(T, P, N, false, true, nt)           \
  LAPACK_AI_BATCHED_SMALL(T, P, N, true, false, tn)           \
  LAPACK_AI_BATCHED_SMALL(T, P, N, true, true, tt)
#define LAPACK_AI_BATCHED_SMALL_SIZES(T, P) \
  LAPACK_AI_BATCHED_SMALL_OPS(T, P, 4)      \
  LAPACK_AI_BATCHED_SMALL_OPS(T, P, 8)      \
  LAPACK_AI_BATCHED_SMALL_OPS(T, P, 16)

LAPACK_AI_BATCHED_SMALL_SIZES(float, s)
LAPACK_AI_BATCHED_SMALL_SIZES(double, d)
