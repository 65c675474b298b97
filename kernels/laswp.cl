// Row interchanges of a column-major matrix on the device (LAPACK xLASWP), used by the hybrid
// getrf after each host-factored panel. Build options: -DT=float|double.
#ifdef LAPACK_AI_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

// One work-item per column: the interchanges are sequential within a column (each may move a
// row an earlier one moved), independent across columns. ipiv holds 0-based rows relative to
// the first row of `a` (a = matrix + offset).
__kernel void laswp(__global T* a, const long offset, const long lda, const int ncols,
                    const int npiv, __global const int* ipiv) {
  const int col = get_global_id(0);
  if (col >= ncols) return;
  __global T* x = a + offset + (long)col * lda;
  for (int i = 0; i < npiv; ++i) {
    const int p = ipiv[i];
    if (p != i) {
      const T t = x[i];
      x[i] = x[p];
      x[p] = t;
    }
  }
}
