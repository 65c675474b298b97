// Device-resident panel LU of the hybrid getrf's "/panel=device" path (opencl_panel_lu.cc): the
// unblocked leaf of a recursive panel factorization, row interchanges by absolute pivot index,
// and the inverse of a unit lower triangle. Build options: -DT=float|double.
#ifdef LAPACK_AI_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

// LAPACK's xGETF2 on a rows x ncols block (ncols small) by ONE work-group: the pivot search of
// each column needs every row updated by the previous column, a dependency only a work-group
// barrier can order. `a` points at the block's top-left, which is the diagonal element of
// absolute column `col0`. Pivots go to ipiv[col0 + c] as absolute 0-based rows; the first zero
// pivot (1-based absolute column) to *info if it is still 0 (leaves run in column order, so the
// first one written is LAPACK's INFO).
__kernel void getf2_leaf(__global T* a, const long offset, const long lda, const int rows,
                         const int ncols, const int col0, __global int* ipiv,
                         __global int* info, const T sfmin, __local T* best_val,
                         __local int* best_row) {
  a += offset;
  const int lid = get_local_id(0), lsize = get_local_size(0);
  for (int c = 0; c < ncols; ++c) {
    __global T* col = a + (long)c * lda;
    // Largest |a(r, c)|, r >= c; ties keep the smallest row, as LAPACK's IxAMAX does.
    // Four rows per step keep four independent loads in flight: one work-group on one compute
    // unit is latency-bound, not bandwidth-bound.
    T v = (T)(-1);
    int at = rows;
    int r = c + lid;
    for (; r + 3 * lsize < rows; r += 4 * lsize) {
      const T x0 = fabs(col[r]), x1 = fabs(col[r + lsize]);
      const T x2 = fabs(col[r + 2 * lsize]), x3 = fabs(col[r + 3 * lsize]);
      if (x0 > v) { v = x0; at = r; }
      if (x1 > v) { v = x1; at = r + lsize; }
      if (x2 > v) { v = x2; at = r + 2 * lsize; }
      if (x3 > v) { v = x3; at = r + 3 * lsize; }
    }
    for (; r < rows; r += lsize) {
      const T x = fabs(col[r]);
      if (x > v) { v = x; at = r; }
    }
    best_val[lid] = v;
    best_row[lid] = at;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = lsize / 2; s > 0; s >>= 1) {
      if (lid < s) {
        const T w = best_val[lid + s];
        const int wr = best_row[lid + s];
        if (w > best_val[lid] || (w == best_val[lid] && wr < best_row[lid])) {
          best_val[lid] = w;
          best_row[lid] = wr;
        }
      }
      barrier(CLK_LOCAL_MEM_FENCE);
    }
    const int p = best_row[0] < rows ? best_row[0] : c;  // all NaN: no interchange
    if (lid == 0) ipiv[col0 + c] = col0 + p;
    if (p != c && lid < ncols) {
      const T t = a[c + (long)lid * lda];
      a[c + (long)lid * lda] = a[p + (long)lid * lda];
      a[p + (long)lid * lda] = t;
    }
    barrier(CLK_GLOBAL_MEM_FENCE);
    const T pivot = col[c];
    if (pivot == (T)0) {
      if (lid == 0 && *info == 0) *info = col0 + c + 1;
    } else {
      // xGETRF2's scaling: multiply by the reciprocal unless it would overflow.
      const bool reciprocal = fabs(pivot) >= sfmin;
      const T inv = (T)1 / pivot;
      int r = c + 1 + lid;
      for (; r + lsize < rows; r += 2 * lsize) {
        const T l0 = reciprocal ? col[r] * inv : col[r] / pivot;
        const T l1 = reciprocal ? col[r + lsize] * inv : col[r + lsize] / pivot;
        col[r] = l0;
        col[r + lsize] = l1;
        for (int k = c + 1; k < ncols; ++k) {
          const T u = a[c + (long)k * lda];
          a[r + (long)k * lda] -= l0 * u;
          a[r + lsize + (long)k * lda] -= l1 * u;
        }
      }
      for (; r < rows; r += lsize) {
        const T l = reciprocal ? col[r] * inv : col[r] / pivot;
        col[r] = l;
        for (int k = c + 1; k < ncols; ++k) a[r + (long)k * lda] -= l * a[c + (long)k * lda];
      }
    }
    barrier(CLK_GLOBAL_MEM_FENCE);
  }
}

// xLASWP with absolute pivots: for k in [k0, k1), swaps rows k and ipiv[k] of `ncols` columns
// from `col0`; one work-item per column (the interchanges are sequential within a column).
__kernel void laswp_abs(__global T* a, const long lda, const int col0, const int ncols,
                        const int k0, const int k1, __global const int* ipiv) {
  const int g = get_global_id(0);
  if (g >= ncols) return;
  __global T* x = a + (long)(col0 + g) * lda;
  for (int k = k0; k < k1; ++k) {
    const int p = ipiv[k];
    if (p != k) {
      const T t = x[k];
      x[k] = x[p];
      x[p] = t;
    }
  }
}

// inv(L) of the n x n unit lower triangle at a + offset into x (n x n, leading dimension n):
// one work-item per column c of the inverse, forward substitution L x = e_c. Above the
// diagonal x is zero, so the GEMM that applies it may read the whole square.
__kernel void trtri_unit_lower(__global const T* a, const long offset, const long lda,
                               const int n, __global T* x) {
  const int c = get_global_id(0);
  if (c >= n) return;
  a += offset;
  __global T* xc = x + (long)c * n;
  for (int i = 0; i < c; ++i) xc[i] = (T)0;
  xc[c] = (T)1;
  for (int i = c + 1; i < n; ++i) {
    T s = (T)0;
    for (int k = c; k < i; ++k) s += a[i + (long)k * lda] * xc[k];
    xc[i] = -s;
  }
}
