// Fused multi-term linear combinations of equally shaped column-major blocks: the additions of a
// fast-matmul plan, one launch per Combine step (the CUDA twin of lincomb.cl). For every
// destination d, dst_d = init_d(dst_d) + sum_s coef[d][s] * src_s, each block addressed as
// (buffer, offset, ld) in one of four buffers (A, B, C, workspace).
// Table layout (int64, built once per plan by cuda_fastmm.cc): nsrc x {buffer, offset, ld}, then
// ndst x {buffer, offset, ld, init} with init 0 = overwrite, 1 = accumulate, 2 = beta * old
// (beta == 0 never reads old). coef (alpha folded in) per variant: _src one row of 16 per
// destination, _dst one row of 16 per source (zero-padded, 16-element aligned), _any dense
// ndst x nsrc.
#include <cstdint>

namespace {

constexpr int kMaxResident = 16;  // blocks one thread keeps in registers (lincomb_*_src/_dst)

template <typename T, int V>
struct alignas(sizeof(T) * V) Pack {
  T v[V];
};

struct Bases {
  void* b[4];
};

// Thread geometry (the host mirrors it in LincombGeometry): blockDim (64, 4); a thread owns V
// consecutive rows (V = 16 bytes of T when the step is aligned, else 1) of one column.
template <typename T, int V>
struct Cursor {
  int64_t row, rows, cols;
  __device__ bool ok() const { return row < rows; }
  // Element (row, j) of the block whose table entry is e = {buffer, offset, ld, ...}.
  __device__ T* at(const Bases& bases, const int64_t* e, int64_t j) const {
    const int64_t b = e[0];  // a select, not an indexed array: no local-memory copy of bases
    void* p = b == 0 ? bases.b[0] : b == 1 ? bases.b[1] : b == 2 ? bases.b[2] : bases.b[3];
    return static_cast<T*>(p) + e[1] + j * e[2] + row;
  }
};

template <typename T, int V>
__device__ Pack<T, V> Load(const T* p) {
  return *reinterpret_cast<const Pack<T, V>*>(p);
}

// Applies the destination's init and writes.
template <typename T, int V>
__device__ void Finish(T* out, const Pack<T, V>& acc, int64_t init, T beta) {
  Pack<T, V> r = acc;
  if (init == 1 || (init == 2 && beta != T(0))) {
    const Pack<T, V> old = Load<T, V>(out);
    const T s = init == 1 ? T(1) : beta;
#pragma unroll
    for (int q = 0; q < V; ++q) r.v[q] = fma(s, old.v[q], acc.v[q]);
  }
  *reinterpret_cast<Pack<T, V>*>(out) = r;
}

enum class Mode { kSrc, kDst, kAny };

// One row of 16 coefficients (16-element aligned: cuda_fastmm.cc pads every step's block).
template <typename T>
__device__ Pack<T, kMaxResident> Row(const T* coef, int i) {
  return *reinterpret_cast<const Pack<T, kMaxResident>*>(coef + i * kMaxResident);
}

template <typename T, int V>
__device__ void Axpy(T k, const Pack<T, V>& x, Pack<T, V>& acc) {
#pragma unroll
  for (int q = 0; q < V; ++q) acc.v[q] = fma(k, x.v[q], acc.v[q]);
}

template <typename T, int V, Mode M>
__device__ void Body(int64_t rows, int64_t cols, int nsrc, int ndst, T beta, const Bases& bases,
                     const int64_t* table, const T* coef) {
  const Cursor<T, V> cur{(static_cast<int64_t>(blockIdx.x) * 64 + threadIdx.x) * V, rows, cols};
  if (!cur.ok()) return;
  const int64_t* ts = table;
  const int64_t* td = table + 3 * nsrc;
  for (int64_t j = static_cast<int64_t>(blockIdx.y) * 4 + threadIdx.y; j < cols;
       j += static_cast<int64_t>(gridDim.y) * 4) {
    if constexpr (M == Mode::kSrc) {
      // Every source read once into registers, then each destination summed from them;
      // coef holds one zero-padded row of 16 per destination.
      Pack<T, V> x[kMaxResident];
#pragma unroll
      for (int s = 0; s < kMaxResident; ++s)
        if (s < nsrc) x[s] = Load<T, V>(cur.at(bases, ts + 3 * s, j));
      for (int d = 0; d < ndst; ++d) {
        const Pack<T, kMaxResident> k = Row(coef, d);
        Pack<T, V> acc = {};
#pragma unroll
        for (int s = 0; s < kMaxResident; ++s)
          if (s < nsrc && k.v[s] != T(0)) Axpy(k.v[s], x[s], acc);
        Finish<T, V>(cur.at(bases, td + 4 * d, j), acc, td[4 * d + 3], beta);
      }
    } else if constexpr (M == Mode::kDst) {
      // Every destination accumulated in registers while the sources stream past once, four
      // loads in flight; coef holds one zero-padded row of 16 per source.
      Pack<T, V> acc[kMaxResident];
#pragma unroll
      for (int d = 0; d < kMaxResident; ++d) acc[d] = {};
      for (int s0 = 0; s0 < nsrc; s0 += 4) {
        Pack<T, V> x[4];
#pragma unroll
        for (int u = 0; u < 4; ++u)
          if (s0 + u < nsrc) x[u] = Load<T, V>(cur.at(bases, ts + 3 * (s0 + u), j));
#pragma unroll
        for (int u = 0; u < 4; ++u) {
          if (s0 + u >= nsrc) break;
          const Pack<T, kMaxResident> k = Row(coef, s0 + u);
#pragma unroll
          for (int d = 0; d < kMaxResident; ++d)
            if (d < ndst && k.v[d] != T(0)) Axpy(k.v[d], x[u], acc[d]);
        }
      }
#pragma unroll
      for (int d = 0; d < kMaxResident; ++d)
        if (d < ndst) Finish<T, V>(cur.at(bases, td + 4 * d, j), acc[d], td[4 * d + 3], beta);
    } else {
      // Many sources and destinations: sources re-read per destination, from the caches;
      // coef is dense, ndst x nsrc.
      for (int d = 0; d < ndst; ++d) {
        Pack<T, V> acc = {};
        for (int s = 0; s < nsrc; ++s) {
          const T k = coef[d * nsrc + s];
          if (k != T(0)) Axpy(k, Load<T, V>(cur.at(bases, ts + 3 * s, j)), acc);
        }
        Finish<T, V>(cur.at(bases, td + 4 * d, j), acc, td[4 * d + 3], beta);
      }
    }
  }
}

}  // namespace

// lincomb_<s|d>_<src|dst|any>: vec != 0 when every offset, ld and the row count are multiples
// of 16 bytes' worth of T (the host checks), so each thread moves one 16-byte vector per block.
#define LAPACK_AI_LINCOMB(T, P, MODE, NAME)                                                       \
  extern "C" __global__ void __launch_bounds__(256)                                              \
      lincomb_##P##_##NAME(int64_t rows, int64_t cols, int nsrc, int ndst, T beta, void* b0,     \
                           void* b1, void* b2, void* b3, const int64_t* table, const T* coef,    \
                           int vec) {                                                             \
    const Bases bases{{b0, b1, b2, b3}};                                                          \
    if (vec)                                                                                      \
      Body<T, 16 / sizeof(T), MODE>(rows, cols, nsrc, ndst, beta, bases, table, coef);            \
    else                                                                                          \
      Body<T, 1, MODE>(rows, cols, nsrc, ndst, beta, bases, table, coef);                         \
  }
LAPACK_AI_LINCOMB(float, s, Mode::kSrc, src)
LAPACK_AI_LINCOMB(float, s, Mode::kDst, dst)
LAPACK_AI_LINCOMB(float, s, Mode::kAny, any)
LAPACK_AI_LINCOMB(double, d, Mode::kSrc, src)
LAPACK_AI_LINCOMB(double, d, Mode::kDst, dst)
LAPACK_AI_LINCOMB(double, d, Mode::kAny, any)
