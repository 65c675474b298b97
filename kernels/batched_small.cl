// Batched products of tiny square column-major matrices, C_i = alpha A_i B_i + beta C_i, for the
// attention-style "many tiny matrices" workload. Build options: -DT=float|double -DN=4|8|16.
// The work is memory-bound: both kernels read A_i and B_i once and write C_i once.
#ifdef LAPACK_AI_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define T4 CAT(T, 4)

// One work-item per column of one C_i: neighbouring work-items read neighbouring B columns and
// write neighbouring C columns (coalesced); the N work-items of one matrix share A_i through the
// cache, so device memory sees each A_i once.
__kernel void batched_gemm_small(const int batch, const T alpha, const T beta,
                                 __global const T* a, const long stride_a,
                                 __global const T* b, const long stride_b,
                                 __global T* c, const long stride_c) {
  const long gid = get_global_id(0);
  const long mat = gid / N;
  const int col = (int)(gid % N);
  if (mat >= batch) return;
  __global const T* am = a + mat * stride_a;
  __global const T* bcol = b + mat * stride_b + col * N;
  __global T* ccol = c + mat * stride_c + col * N;
  T bs[N];
  T4 acc[N / 4];
#pragma unroll
  for (int q = 0; q < N / 4; ++q) {
    vstore4(vload4(q, bcol), q, bs);
    acc[q] = (T4)(0);
  }
#pragma unroll
  for (int kk = 0; kk < N; ++kk) {
#pragma unroll
    for (int q = 0; q < N / 4; ++q) acc[q] = fma(vload4(q, am + kk * N), (T4)(bs[kk]), acc[q]);
  }
#pragma unroll
  for (int q = 0; q < N / 4; ++q) {
    T4 r = alpha * acc[q];
    if (beta != (T)0) r = fma((T4)(beta), vload4(q, ccol), r);
    vstore4(r, q, ccol);
  }
}

// A 2x2 block held as (x00, x10, x01, x11), multiplied by Strassen's 7 products.
T4 strassen2x2(const T4 a, const T4 b) {
  const T m1 = (a.s0 + a.s3) * (b.s0 + b.s3);
  const T m2 = (a.s1 + a.s3) * b.s0;
  const T m3 = a.s0 * (b.s2 - b.s3);
  const T m4 = a.s3 * (b.s1 - b.s0);
  const T m5 = (a.s0 + a.s2) * b.s3;
  const T m6 = (a.s1 - a.s0) * (b.s0 + b.s2);
  const T m7 = (a.s2 - a.s3) * (b.s1 + b.s3);
  return (T4)(m1 + m4 - m5 + m7, m2 + m4, m3 + m5, m1 - m2 + m3 + m6);
}

// 4x4 only: the 49-product scheme (Strassen applied to 2x2 blocks of 2x2 blocks). One work-item
// per matrix. 49 multiplications instead of 64 but more additions; memory traffic is the same,
// so on a bandwidth-bound device it cannot be faster, which is what the benchmark shows.
__kernel void batched_gemm4_s49(const int batch, const T alpha, const T beta,
                                __global const T* a, const long stride_a,
                                __global const T* b, const long stride_b,
                                __global T* c, const long stride_c) {
  const long mat = get_global_id(0);
  if (mat >= batch) return;
  __global const T* am = a + mat * stride_a;
  __global const T* bm = b + mat * stride_b;
  __global T* cm = c + mat * stride_c;
  T4 ac[4], bc[4];
#pragma unroll
  for (int q = 0; q < 4; ++q) {
    ac[q] = vload4(q, am);
    bc[q] = vload4(q, bm);
  }
  // Block (I, J) of a column-major 4x4 = rows 2I..2I+1 of columns 2J and 2J+1.
  const T4 a11 = (T4)(ac[0].s01, ac[1].s01), a21 = (T4)(ac[0].s23, ac[1].s23);
  const T4 a12 = (T4)(ac[2].s01, ac[3].s01), a22 = (T4)(ac[2].s23, ac[3].s23);
  const T4 b11 = (T4)(bc[0].s01, bc[1].s01), b21 = (T4)(bc[0].s23, bc[1].s23);
  const T4 b12 = (T4)(bc[2].s01, bc[3].s01), b22 = (T4)(bc[2].s23, bc[3].s23);
  const T4 m1 = strassen2x2(a11 + a22, b11 + b22);
  const T4 m2 = strassen2x2(a21 + a22, b11);
  const T4 m3 = strassen2x2(a11, b12 - b22);
  const T4 m4 = strassen2x2(a22, b21 - b11);
  const T4 m5 = strassen2x2(a11 + a12, b22);
  const T4 m6 = strassen2x2(a21 - a11, b11 + b12);
  const T4 m7 = strassen2x2(a12 - a22, b21 + b22);
  const T4 c11 = m1 + m4 - m5 + m7, c12 = m3 + m5, c21 = m2 + m4, c22 = m1 - m2 + m3 + m6;
  T4 cc[4] = {(T4)(c11.s01, c21.s01), (T4)(c11.s23, c21.s23), (T4)(c12.s01, c22.s01),
              (T4)(c12.s23, c22.s23)};
#pragma unroll
  for (int q = 0; q < 4; ++q) {
    T4 r = alpha * cc[q];
    if (beta != (T)0) r = fma((T4)(beta), vload4(q, cm), r);
    vstore4(r, q, cm);
  }
}
