// The host's LAPACK (LAPACKE over OpenBLAS) for the hybrid factorizations' panels, overloaded
// on the element type so the float and double bound calls share one body.
#pragma once
#include <lapacke.h>

namespace lapack_ai::opencl {

inline lapack_int HostPotrf(char uplo, lapack_int n, float* a, lapack_int lda) {
  return LAPACKE_spotrf(LAPACK_COL_MAJOR, uplo, n, a, lda);
}
inline lapack_int HostPotrf(char uplo, lapack_int n, double* a, lapack_int lda) {
  return LAPACKE_dpotrf(LAPACK_COL_MAJOR, uplo, n, a, lda);
}
inline lapack_int HostGetrf(lapack_int m, lapack_int n, float* a, lapack_int lda, lapack_int* ipiv) {
  return LAPACKE_sgetrf(LAPACK_COL_MAJOR, m, n, a, lda, ipiv);
}
inline lapack_int HostGetrf(lapack_int m, lapack_int n, double* a, lapack_int lda, lapack_int* ipiv) {
  return LAPACKE_dgetrf(LAPACK_COL_MAJOR, m, n, a, lda, ipiv);
}
inline lapack_int HostGetrf2(lapack_int m, lapack_int n, float* a, lapack_int lda, lapack_int* ipiv) {
  return LAPACKE_sgetrf2(LAPACK_COL_MAJOR, m, n, a, lda, ipiv);
}
inline lapack_int HostGetrf2(lapack_int m, lapack_int n, double* a, lapack_int lda, lapack_int* ipiv) {
  return LAPACKE_dgetrf2(LAPACK_COL_MAJOR, m, n, a, lda, ipiv);
}
inline lapack_int HostTrtri(char uplo, char diag, lapack_int n, float* a, lapack_int lda) {
  return LAPACKE_strtri(LAPACK_COL_MAJOR, uplo, diag, n, a, lda);
}
inline lapack_int HostTrtri(char uplo, char diag, lapack_int n, double* a, lapack_int lda) {
  return LAPACKE_dtrtri(LAPACK_COL_MAJOR, uplo, diag, n, a, lda);
}

inline lapack_int HostGeqrf(lapack_int m, lapack_int n, float* a, lapack_int lda, float* tau) {
  return LAPACKE_sgeqrf(LAPACK_COL_MAJOR, m, n, a, lda, tau);
}
inline lapack_int HostGeqrf(lapack_int m, lapack_int n, double* a, lapack_int lda, double* tau) {
  return LAPACKE_dgeqrf(LAPACK_COL_MAJOR, m, n, a, lda, tau);
}
inline lapack_int HostGeqrt3(lapack_int m, lapack_int n, float* a, lapack_int lda, float* t, lapack_int ldt) {
  return LAPACKE_sgeqrt3(LAPACK_COL_MAJOR, m, n, a, lda, t, ldt);
}
inline lapack_int HostGeqrt3(lapack_int m, lapack_int n, double* a, lapack_int lda, double* t, lapack_int ldt) {
  return LAPACKE_dgeqrt3(LAPACK_COL_MAJOR, m, n, a, lda, t, ldt);
}
inline lapack_int HostLarft(lapack_int n, lapack_int k, const float* v, lapack_int ldv, const float* tau,
                     float* t, lapack_int ldt) {
  return LAPACKE_slarft(LAPACK_COL_MAJOR, 'F', 'C', n, k, v, ldv, tau, t, ldt);
}
inline lapack_int HostLarft(lapack_int n, lapack_int k, const double* v, lapack_int ldv,
                     const double* tau, double* t, lapack_int ldt) {
  return LAPACKE_dlarft(LAPACK_COL_MAJOR, 'F', 'C', n, k, v, ldv, tau, t, ldt);
}

}  // namespace lapack_ai::opencl
