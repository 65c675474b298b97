// Fused multi-term linear combination of equally shaped column-major blocks, the additions of a
// fast-matmul plan: dst = sum_t coef[t] * src[off[t] + i + j*ld[t]] (+ beta * dst). Every
// input is read once and the output written once, whatever the number of terms.
// Build options: -DT=float|double.
#ifdef LAPACK_AI_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

// One work-item per element; get_global_id(0) runs down a column so neighbouring work-items
// touch neighbouring addresses of every term. The term table lives in a small buffer made
// once per plan step, so a run uploads nothing.
__kernel void lincomb(const long rows, const long cols, const int nterms,
                      __global const T* src, __global const long* off, __global const long* ld,
                      __global const T* coef, __global T* dst, const long dst_off,
                      const long dst_ld, const T beta) {
  const long i = get_global_id(0);
  const long j = get_global_id(1);
  if (i >= rows || j >= cols) return;
  T acc = 0;
  for (int t = 0; t < nterms; ++t) acc = fma(coef[t], src[off[t] + i + j * ld[t]], acc);
  __global T* d = dst + dst_off + i + j * dst_ld;
  *d = beta == (T)0 ? acc : fma(beta, *d, acc);
}
