// Fused multi-term linear combinations of equally shaped column-major blocks: the additions of
// a fast-matmul plan (one Combine step per launch). For every destination d,
//   dst_d = init_d(dst_d) + sum_s coef[d][s] * src_s
// with each block addressed as (buffer, offset, ld) in one of six buffers (A, B, C and the
// A-, B- and C-shaped workspaces).
// Build options: -DT=float|double.
#ifdef LAPACK_AI_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

// A work-group of 64 x 4 work-items covers 256 rows x 4 columns; each work-item sums four rows
// 64 apart, so every load instruction of a warp reads consecutive addresses and four
// independent loads per term are in flight. Sources are re-read per destination from the
// cache, never twice from device memory. The term table is built once per plan, so a run
// uploads nothing. Table layout (longs): nsrc x {buffer, offset, ld}, then ndst x {buffer,
// offset, ld, init} with init 0 = overwrite, 1 = accumulate, 2 = beta * old (beta == 0 never
// reads old).
#define LANES 64
#define PER_ITEM 4

inline __global T* Select(const long sel, __global T* b0, __global T* b1, __global T* b2,
                          __global T* b3, __global T* b4, __global T* b5) {
  return sel == 0 ? b0 : sel == 1 ? b1 : sel == 2 ? b2 : sel == 3 ? b3 : sel == 4 ? b4 : b5;
}
__kernel void lincomb(const long rows, const long cols, const int nsrc, const int ndst,
                      __global T* b0, __global T* b1, __global T* b2, __global T* b3,
                      __global T* b4, __global T* b5,
                      __global const long* table, const long table_off,
                      __global const T* coef, const long coef_off, const T beta) {
  const long base = get_group_id(0) * (LANES * PER_ITEM) + get_local_id(0);
  const long j = get_global_id(1);
  if (j >= cols) return;
  __global const long* ts = table + table_off;
  __global const long* td = ts + 3 * nsrc;
  __global const T* k = coef + coef_off;
  for (int d = 0; d < ndst; ++d) {
    T acc[PER_ITEM];
#pragma unroll
    for (int q = 0; q < PER_ITEM; ++q) acc[q] = 0;
    for (int s = 0; s < nsrc; ++s) {
      const T kv = k[d * nsrc + s];
      if (kv == (T)0) continue;
      const long sel = ts[3 * s];
      __global const T* col = Select(sel, b0, b1, b2, b3, b4, b5) + ts[3 * s + 1] +
                              j * ts[3 * s + 2];
#pragma unroll
      for (int q = 0; q < PER_ITEM; ++q) {
        const long i = base + q * LANES;
        if (i < rows) acc[q] = fma(kv, col[i], acc[q]);
      }
    }
    const long sel = td[4 * d];
    __global T* out = Select(sel, b0, b1, b2, b3, b4, b5) + td[4 * d + 1] +
                      j * td[4 * d + 2];
    const long init = td[4 * d + 3];
#pragma unroll
    for (int q = 0; q < PER_ITEM; ++q) {
      const long i = base + q * LANES;
      if (i >= rows) continue;
      if (init == 1) out[i] += acc[q];
      else if (init == 0 || beta == (T)0) out[i] = acc[q];
      else out[i] = fma(beta, out[i], acc[q]);
    }
  }
}
