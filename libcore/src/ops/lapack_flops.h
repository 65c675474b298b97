// Classical flop counts (multiplications + additions) of the LAPACK routines, from LAWN 41
// (as in BLAS++/LAPACK++ flops.hh); SVD and eigensolver counts from Golub & Van Loan.
#pragma once
#include <algorithm>
#include <cstdint>

namespace lapack_ai::flops {

inline double Getrf(double m, double n) {
  if (m < n) std::swap(m, n);  // LAWN 41 counts min(m,n) = n; the m < n case is symmetric
  const double mul = 0.5 * m * n * n - n * n * n / 6 + 0.5 * m * n - 0.5 * n * n + 2 * n / 3;
  const double add = 0.5 * m * n * n - n * n * n / 6 - 0.5 * m * n + n / 6;
  return mul + add;
}
inline double Getrs(double n, double nrhs) { return nrhs * n * n + nrhs * n * (n - 1); }
inline double Potrf(double n) {
  return (n * n * n / 6 + 0.5 * n * n + n / 3) + (n * n * n / 6 - n / 6);
}
inline double Potrs(double n, double nrhs) { return nrhs * n * (n + 1) + nrhs * n * (n - 1); }
inline double Geqrf(double m, double n) {
  if (m >= n) {
    return (m * n * n - n * n * n / 3 + m * n + 0.5 * n * n + 23 * n / 6) +
           (m * n * n - n * n * n / 3 + 0.5 * n * n + 5 * n / 6);
  }
  return (n * m * m - m * m * m / 3 + 2 * m * n - 0.5 * m * m + 23 * m / 6) +
         (n * m * m - m * m * m / 3 + m * n - 0.5 * m * m + 5 * m / 6);
}
/// QR (or LQ) + applying Q^T (Q) to B + the triangular solve.
inline double Gels(double m, double n, double nrhs) {
  const double k = std::min(m, n), big = std::max(m, n);
  return Geqrf(big, k) + nrhs * (4 * big * k - 2 * k * k) + nrhs * k * k;
}
/// Golub-Reinsch SVD (GvL 4th ed. §8.6.3): values 4mn^2 - 4n^3/3, values and economy U, V
/// 14mn^2 + 8n^3, for m >= n (transposed otherwise).
inline double Gesvd(double m, double n, bool vectors) {
  if (m < n) std::swap(m, n);
  return vectors ? 14 * m * n * n + 8 * n * n * n : 4 * m * n * n - 4 * n * n * n / 3;
}
/// Symmetric QR (GvL §8.3): values 4n^3/3, values and vectors about 9n^3.
inline double Syevd(double n, bool vectors) { return vectors ? 9 * n * n * n : 4 * n * n * n / 3; }

}  // namespace lapack_ai::flops
