// The host's LAPACK (LAPACKE over OpenBLAS) for the hybrid factorizations' panels, overloaded
// on the element type so the float and double bound calls share one body.
#pragma once
#include <cblas.h>
#include <lapacke.h>

#include <cstddef>
#include <cstdint>

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

// The host BLAS calls of the own panel LU (opencl_host_lu.h), column-major.
inline std::size_t HostIamax(int64_t n, const float* x) { return cblas_isamax(static_cast<blasint>(n), x, 1); }
inline std::size_t HostIamax(int64_t n, const double* x) { return cblas_idamax(static_cast<blasint>(n), x, 1); }
inline void HostTrsmLowerUnit(int64_t m, int64_t n, const float* l, int64_t ldl, float* b, int64_t ldb) {
  cblas_strsm(CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasUnit, static_cast<blasint>(m),
              static_cast<blasint>(n), 1.0f, l, static_cast<blasint>(ldl), b, static_cast<blasint>(ldb));
}
inline void HostTrsmLowerUnit(int64_t m, int64_t n, const double* l, int64_t ldl, double* b, int64_t ldb) {
  cblas_dtrsm(CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasUnit, static_cast<blasint>(m),
              static_cast<blasint>(n), 1.0, l, static_cast<blasint>(ldl), b, static_cast<blasint>(ldb));
}
// C -= A B (no transposes).
inline void HostGemmSub(int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b, int64_t ldb,
                        float* c, int64_t ldc) {
  cblas_sgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, static_cast<blasint>(m), static_cast<blasint>(n),
              static_cast<blasint>(k), -1.0f, a, static_cast<blasint>(lda), b, static_cast<blasint>(ldb), 1.0f, c,
              static_cast<blasint>(ldc));
}
inline void HostGemmSub(int64_t m, int64_t n, int64_t k, const double* a, int64_t lda, const double* b,
                        int64_t ldb, double* c, int64_t ldc) {
  cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, static_cast<blasint>(m), static_cast<blasint>(n),
              static_cast<blasint>(k), -1.0, a, static_cast<blasint>(lda), b, static_cast<blasint>(ldb), 1.0, c,
              static_cast<blasint>(ldc));
}
// ?larfg for the own panel QR (opencl_host_qr.h), for the columns whose norm needs its scaling.
inline lapack_int HostLarfg(int64_t n, float* alpha, float* x, float* tau) {
  return LAPACKE_slarfg(static_cast<lapack_int>(n), alpha, x, 1, tau);
}
inline lapack_int HostLarfg(int64_t n, double* alpha, double* x, double* tau) {
  return LAPACKE_dlarfg(static_cast<lapack_int>(n), alpha, x, 1, tau);
}

}  // namespace lapack_ai::opencl
