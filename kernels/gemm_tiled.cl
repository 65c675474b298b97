// C = alpha op(A) op(B) + beta C, column-major, for the large GEMMs of the `opencl` backend (and
// the trailing updates of its hybrid factorizations). CLBlast's Xgemm reaches ~64 % of cuBLAS's
// SGEMM on an H200 and its tuner finds nothing better in its space; this kernel is the classic
// register-tiled shape (docs/OPENCL.md has the measurements).
//
// Build options: -DT=float|double; a tile of MT x NT of C per work-group, KT-deep slices of A and
// B, RM x RN of C per work-item (RM, RN multiples of 4); -DLX=<work-items of a 32-wide warp
// along m> (0: no warp shaping, for tiles under 32 work-items); -DTRANS_A=0|1 -DTRANS_B=0|1;
// -DIDX=int|long (int where every offset fits: cheaper address arithmetic); -DKFIT when KT | k;
// -DVEC_A / -DVEC_B / -DVEC_C when that operand's offset and leading dimension are multiples of
// 4, so whole tiles move as aligned 4-vectors.
//
// Layout: each work-item's rows are RM/4 runs of 4 consecutive rows, TM*4 rows apart (columns
// likewise), so the inner loop reads the slices as aligned 4-vectors from local memory; a warp
// covers LX x 32/LX work-items, so a quarter-warp reads few distinct vectors. Each work-item
// moves 4 consecutive elements along each operand's contiguous dimension per load ("quads"):
// a 4-vector load in full tiles, four checked loads in edge tiles. Slices are double-buffered
// in local memory: the next slice's loads are in flight while the current one is multiplied,
// with one barrier per slice.
#ifdef LAPACK_AI_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define T4 CAT(T, 4)

#define TM (MT / RM)  // work-items along m
#define TN (NT / RN)  // work-items along n
#define THREADS (TM * TN)
// Padding of 4 keeps the slices' rows 16-byte aligned and spreads the transposing stores (a
// k-contiguous operand written k-major) over the banks.
#define LDA_L (MT + 4)
#define LDB_L (NT + 4)
#define A_QUADS (MT * KT / 4 / THREADS)
#define B_QUADS (NT * KT / 4 / THREADS)

// Quad e of a slice: its first element's (row or column, p) in the tile, and where the quad's
// elements go in local memory. An operand contiguous along m (or n) stores the quad as one
// vector; one contiguous along k stores it as 4 elements of a row.
#if TRANS_A
#define A_I(e) ((e) / (KT / 4))
#define A_P(e) ((e) % (KT / 4) * 4)
#define A_STEP_I 0
#define A_STEP_P 1
#else
#define A_I(e) ((e) % (MT / 4) * 4)
#define A_P(e) ((e) / (MT / 4))
#define A_STEP_I 1
#define A_STEP_P 0
#endif
#if TRANS_B
#define B_J(e) ((e) % (NT / 4) * 4)
#define B_P(e) ((e) / (NT / 4))
#define B_STEP_J 1
#define B_STEP_P 0
#else
#define B_J(e) ((e) / (KT / 4))
#define B_P(e) ((e) % (KT / 4) * 4)
#define B_STEP_J 0
#define B_STEP_P 1
#endif
#if TRANS_A
#define A_OFF(i, p) ((p) + (i) * lda)
#else
#define A_OFF(i, p) ((i) + (p) * lda)
#endif
#if TRANS_B
#define B_OFF(p, j) ((j) + (p) * ldb)
#else
#define B_OFF(p, j) ((p) + (j) * ldb)
#endif

inline T4 LoadQuad(__global const T* x, const bool vec) {
  return vec ? *(__global const T4*)x : (T4)(x[0], x[1], x[2], x[3]);
}

__attribute__((reqd_work_group_size(THREADS, 1, 1)))
__kernel void gemm_tiled(const IDX m, const IDX n, const IDX k, const T alpha, const T beta,
                         __global const T* restrict a, const IDX a_off, const IDX lda,
                         __global const T* restrict b, const IDX b_off, const IDX ldb,
                         __global T* c, const IDX c_off, const IDX ldc) {
  __local T4 as4[2][KT][LDA_L / 4];
  __local T4 bs4[2][KT][LDB_L / 4];
  const int lid = get_local_id(0);
#if LX > 0
  const int lane = lid % 32, warp = lid / 32;
  const int tx = warp % (TM / LX) * LX + lane % LX;
  const int ty = warp / (TM / LX) * (32 / LX) + lane / LX;
#else
  const int tx = lid % TM;
  const int ty = lid / TM;
#endif
  const IDX i0 = (IDX)get_group_id(0) * MT;
  const IDX j0 = (IDX)get_group_id(1) * NT;
  a += a_off;
  b += b_off;
#ifdef KFIT
  const bool full = i0 + MT <= m && j0 + NT <= n;
#else
  const bool full = false;
#endif
#ifdef VEC_A
  const bool vec_a = full;
#else
  const bool vec_a = false;
#endif
#ifdef VEC_B
  const bool vec_b = full;
#else
  const bool vec_b = false;
#endif

  T4 ra[A_QUADS], rb[B_QUADS];
  // Full tiles load without checks; edge tiles check every element (zeros outside).
#define LOAD_SLICE(p0)                                                                     \
  _Pragma("unroll") for (int l = 0; l < A_QUADS; ++l) {                                    \
    const int e = lid + l * THREADS;                                                       \
    const IDX i = i0 + A_I(e), p = (p0) + A_P(e);                                          \
    if (full) {                                                                            \
      ra[l] = LoadQuad(a + A_OFF(i, p), vec_a);                                            \
    } else {                                                                               \
      T q[4];                                                                              \
      _Pragma("unroll") for (int s = 0; s < 4; ++s) {                                      \
        const IDX is = i + s * A_STEP_I, ps = p + s * A_STEP_P;                            \
        q[s] = is < m && ps < k ? a[A_OFF(is, ps)] : (T)0;                                 \
      }                                                                                    \
      ra[l] = (T4)(q[0], q[1], q[2], q[3]);                                                \
    }                                                                                      \
  }                                                                                        \
  _Pragma("unroll") for (int l = 0; l < B_QUADS; ++l) {                                    \
    const int e = lid + l * THREADS;                                                       \
    const IDX j = j0 + B_J(e), p = (p0) + B_P(e);                                          \
    if (full) {                                                                            \
      rb[l] = LoadQuad(b + B_OFF(p, j), vec_b);                                            \
    } else {                                                                               \
      T q[4];                                                                              \
      _Pragma("unroll") for (int s = 0; s < 4; ++s) {                                      \
        const IDX js = j + s * B_STEP_J, ps = p + s * B_STEP_P;                            \
        q[s] = js < n && ps < k ? b[B_OFF(ps, js)] : (T)0;                                 \
      }                                                                                    \
      rb[l] = (T4)(q[0], q[1], q[2], q[3]);                                                \
    }                                                                                      \
  }
#if TRANS_A
#define STORE_A(buf, l, e)                                          \
  {                                                                 \
    __local T* as = (__local T*)as4[buf];                           \
    as[(A_P(e) + 0) * LDA_L + A_I(e)] = ra[l].s0;                   \
    as[(A_P(e) + 1) * LDA_L + A_I(e)] = ra[l].s1;                   \
    as[(A_P(e) + 2) * LDA_L + A_I(e)] = ra[l].s2;                   \
    as[(A_P(e) + 3) * LDA_L + A_I(e)] = ra[l].s3;                   \
  }
#else
#define STORE_A(buf, l, e) as4[buf][A_P(e)][A_I(e) / 4] = ra[l];
#endif
#if TRANS_B
#define STORE_B(buf, l, e) bs4[buf][B_P(e)][B_J(e) / 4] = rb[l];
#else
#define STORE_B(buf, l, e)                                          \
  {                                                                 \
    __local T* bs = (__local T*)bs4[buf];                           \
    bs[(B_P(e) + 0) * LDB_L + B_J(e)] = rb[l].s0;                   \
    bs[(B_P(e) + 1) * LDB_L + B_J(e)] = rb[l].s1;                   \
    bs[(B_P(e) + 2) * LDB_L + B_J(e)] = rb[l].s2;                   \
    bs[(B_P(e) + 3) * LDB_L + B_J(e)] = rb[l].s3;                   \
  }
#endif
#define STORE_SLICE(buf)                                                            \
  _Pragma("unroll") for (int l = 0; l < A_QUADS; ++l) {                             \
    const int e = lid + l * THREADS;                                                \
    STORE_A(buf, l, e)                                                              \
  }                                                                                 \
  _Pragma("unroll") for (int l = 0; l < B_QUADS; ++l) {                             \
    const int e = lid + l * THREADS;                                                \
    STORE_B(buf, l, e)                                                              \
  }

  T acc[RM][RN];
#pragma unroll
  for (int r = 0; r < RM; ++r)
#pragma unroll
    for (int s = 0; s < RN; ++s) acc[r][s] = (T)0;

  LOAD_SLICE(0)
  STORE_SLICE(0)
  barrier(CLK_LOCAL_MEM_FENCE);
  const IDX slices = (k + KT - 1) / KT;
  int cur = 0;
  for (IDX t = 0; t < slices; ++t) {
    const bool more = t + 1 < slices;
    if (more) {
      LOAD_SLICE((t + 1) * KT)
    }
#pragma unroll
    for (int p = 0; p < KT; ++p) {
      T va[RM], vb[RN];
#pragma unroll
      for (int g = 0; g < RM / 4; ++g) vstore4(as4[cur][p][g * TM + tx], g, va);
#pragma unroll
      for (int g = 0; g < RN / 4; ++g) vstore4(bs4[cur][p][g * TN + ty], g, vb);
#pragma unroll
      for (int r = 0; r < RM; ++r)
#pragma unroll
        for (int s = 0; s < RN; ++s) acc[r][s] = fma(va[r], vb[s], acc[r][s]);
    }
    if (more) {
      STORE_SLICE(cur ^ 1)
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    cur ^= 1;
  }

  c += c_off;
#ifdef VEC_C
  if (full) {
#pragma unroll
    for (int s = 0; s < RN; ++s) {
      const IDX j = j0 + (s / 4) * TN * 4 + ty * 4 + s % 4;
#pragma unroll
      for (int g = 0; g < RM / 4; ++g) {
        __global T4* cij = (__global T4*)(c + i0 + g * TM * 4 + tx * 4 + j * ldc);
        const T4 v = (T4)(acc[4 * g][s], acc[4 * g + 1][s], acc[4 * g + 2][s], acc[4 * g + 3][s]);
        *cij = beta == (T)0 ? alpha * v : alpha * v + beta * *cij;
      }
    }
    return;
  }
#endif
#pragma unroll
  for (int s = 0; s < RN; ++s) {
    const IDX j = j0 + (s / 4) * TN * 4 + ty * 4 + s % 4;
#pragma unroll
    for (int r = 0; r < RM; ++r) {
      const IDX i = i0 + (r / 4) * TM * 4 + tx * 4 + r % 4;
      if (i >= m || j >= n) continue;
      __global T* cij = c + i + j * ldc;
      *cij = beta == (T)0 ? alpha * acc[r][s] : alpha * acc[r][s] + beta * *cij;
    }
  }
}
