// Copies the strict upper (upper != 0) or strict lower triangle of an n x n column-major matrix
// from src to dst. The hybrid potrf updates its trailing matrix by GEMMs, which also write the
// triangle LAPACK leaves untouched; this puts the caller's values back. Build options: -DT=...
#ifdef LAPACK_AI_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

// One work-item per element of the n x n square, rows fastest (coalesced).
__kernel void copy_strict_triangle(__global T* dst, __global const T* src, const long ld,
                                   const int n, const int upper) {
  const long g = get_global_id(0);
  if (g >= (long)n * n) return;
  const long i = g % n, j = g / n;
  if (upper ? i >= j : i <= j) return;
  const long at = i + (long)j * ld;
  dst[at] = src[at];
}

// V of a block reflector as GEMM reads it: the m x k panel src (ld src_ld) with its unit
// diagonal and the zeros above it made explicit, into dst (ld m). One work-item per element.
__kernel void copy_unit_lower(__global T* dst, __global const T* src, const long src_off,
                              const long src_ld, const int m, const int k) {
  const long g = get_global_id(0);
  if (g >= (long)m * k) return;
  const long i = g % m, j = g / m;
  dst[g] = i < j ? (T)0 : i == j ? (T)1 : src[src_off + i + j * src_ld];
}
