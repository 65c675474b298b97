// geqrf's own host panel (opencl_host_qr.h) against LAPACK's ?geqrf + ?larft on the same panel:
// R, reflectors, tau and T equal to rounding, on one thread and on teams whose row blocks are
// uneven, tiny, or end above the diagonal before the last column.
#include <doctest/doctest.h>
#include <lapacke.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "backends/opencl/opencl_host_qr.h"
#include "opencl_test_util.h"

namespace lapack_ai {
namespace {

lapack_int Geqrf(lapack_int m, lapack_int n, float* a, lapack_int lda, float* tau) { return LAPACKE_sgeqrf(LAPACK_COL_MAJOR, m, n, a, lda, tau); }
lapack_int Geqrf(lapack_int m, lapack_int n, double* a, lapack_int lda, double* tau) { return LAPACKE_dgeqrf(LAPACK_COL_MAJOR, m, n, a, lda, tau); }
lapack_int Larft(lapack_int m, lapack_int n, const float* v, lapack_int ldv, const float* tau, float* t) { return LAPACKE_slarft(LAPACK_COL_MAJOR, 'F', 'C', m, n, v, ldv, tau, t, n); }
lapack_int Larft(lapack_int m, lapack_int n, const double* v, lapack_int ldv, const double* tau, double* t) { return LAPACKE_dlarft(LAPACK_COL_MAJOR, 'F', 'C', m, n, v, ldv, tau, t, n); }

using opencl_test::MaxRelDiff;

TEST_SUITE("opencl") {

// Tall panels with a leading dimension above m, a square one (the last rank's rows end above the
// last columns) and a tiny one; the second pass zeroes column 23, which stays zero under the
// reflections before it, so its tau is 0 (H = I, through ?larfg's own path) and T must say so.
TEST_CASE_TEMPLATE("opencl: own host panel QR matches ?geqrf and ?larft: R, reflectors, tau and T", T, float,
                   double) {
  for (const int threads : {1, 2, 3, 4}) {
    opencl::HostTeam team(threads);
    for (auto [m, n] : {std::pair<int64_t, int64_t>{300, 37}, {200, 64}, {64, 64}, {9, 3}}) {
      for (const bool zero_column : {false, true}) {
        INFO("threads=", threads, " m=", m, " n=", n, " zero_column=", zero_column);
        const int64_t lda = m + 3;
        auto a = opencl_test::RandomVector<T>(static_cast<std::size_t>(lda * n), 19);
        const int64_t zero_col = std::min<int64_t>(n - 1, 23);
        if (zero_column)
          for (int64_t i = 0; i < m; ++i) a[static_cast<std::size_t>(i + zero_col * lda)] = T(0);
        auto want = a;
        const auto nn = static_cast<std::size_t>(n);
        std::vector<T> want_tau(nn), want_t(nn * nn, T(0)), tau(nn, T(-7)), t(nn * nn, T(-7));
        REQUIRE(Geqrf(m, n, want.data(), lda, want_tau.data()) == 0);
        REQUIRE(Larft(m, n, want.data(), lda, want_tau.data(), want_t.data()) == 0);
        CHECK((want_tau[static_cast<std::size_t>(zero_col)] == T(0)) == zero_column);
        opencl::HostPanelQr(m, n, a.data(), lda, tau.data(), t.data(), n, team, /*min_rows=*/2);
        CHECK(MaxRelDiff(a, want) < 100 * std::numeric_limits<T>::epsilon());
        CHECK(MaxRelDiff(tau, want_tau) < 100 * std::numeric_limits<T>::epsilon());
        // larft leaves T's strict lower triangle alone (zero here); ours must write zeros there,
        // as the device's T^T W reads the whole block.
        CHECK(MaxRelDiff(t, want_t) < 100 * std::numeric_limits<T>::epsilon());
        for (int64_t j = 0; j < n; ++j)
          for (int64_t i = j + 1; i < n; ++i) CHECK(t[static_cast<std::size_t>(i + j * n)] == T(0));
      }
    }
  }
}

// Columns whose plain sum of squares would overflow (1e30^2 in float), underflow (1e-30^2), or
// lose bits to underflow take ?larfg's scaled path; the reflectors still match LAPACK's.
TEST_CASE_TEMPLATE("opencl: own host panel QR on huge and tiny columns", T, float, double) {
  const T big = std::numeric_limits<T>::max() / T(8), tiny = std::numeric_limits<T>::min() * T(4);
  opencl::HostTeam team(3);
  const int64_t m = 40, n = 4;
  auto a = opencl_test::RandomVector<T>(static_cast<std::size_t>(m * n), 23);
  for (int64_t i = 0; i < m; ++i) {
    a[static_cast<std::size_t>(i)] *= big;       // column 0: squares overflow
    a[static_cast<std::size_t>(i + m)] *= tiny;  // column 1: squares underflow
  }
  auto want = a;
  std::vector<T> want_tau(n), tau(n), want_t(n * n, T(0)), t(n * n);
  REQUIRE(Geqrf(m, n, want.data(), m, want_tau.data()) == 0);
  REQUIRE(Larft(m, n, want.data(), m, want_tau.data(), want_t.data()) == 0);
  opencl::HostPanelQr(m, n, a.data(), m, tau.data(), t.data(), n, team, /*min_rows=*/4);
  for (std::size_t i = 0; i < a.size(); ++i) REQUIRE(std::isfinite(a[i]));
  // Column by column: R's first row holds both huge and tiny numbers.
  for (int64_t j = 0; j < n; ++j) {
    INFO("column ", j);
    CHECK(MaxRelDiff(a.data() + j * m, want.data() + j * m, static_cast<std::size_t>(m)) <
          100 * std::numeric_limits<T>::epsilon());
  }
  CHECK(MaxRelDiff(tau, want_tau) < 100 * std::numeric_limits<T>::epsilon());
}

}  // TEST_SUITE

}  // namespace
}  // namespace lapack_ai
