// getrf's own host panel (opencl_host_lu.h) against LAPACK's ?getrf2 on the same panel: same
// pivots and INFO, factors equal to rounding, for every leaf width the recursion can meet.
#include <doctest/doctest.h>
#include <lapacke.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "backends/opencl/opencl_host_lu.h"
#include "opencl_test_util.h"

namespace lapack_ai {
namespace {

lapack_int Getrf2(lapack_int m, lapack_int n, float* a, lapack_int lda, lapack_int* p) { return LAPACKE_sgetrf2(LAPACK_COL_MAJOR, m, n, a, lda, p); }
lapack_int Getrf2(lapack_int m, lapack_int n, double* a, lapack_int lda, lapack_int* p) { return LAPACKE_dgetrf2(LAPACK_COL_MAJOR, m, n, a, lda, p); }

TEST_SUITE("opencl") {

// Tall panels, a leading dimension above m, widths that leave partial leaves (37 with leaf 8),
// a square one and a tiny one; the second pass zeroes a column, so U has an exact zero on its
// diagonal and INFO and the steps past it are checked too.
TEST_CASE_TEMPLATE("opencl: own host panel LU matches ?getrf2: pivots, factors and INFO", T, float, double) {
  for (const int64_t leaf : {1, 4, 8, 16}) {
    for (auto [m, n] : {std::pair<int64_t, int64_t>{300, 37}, {200, 64}, {64, 64}, {9, 3}}) {
      for (const bool singular : {false, true}) {
        INFO("leaf=", leaf, " m=", m, " n=", n, " singular=", singular);
        const int64_t lda = m + 3;
        auto a = opencl_test::RandomVector<T>(static_cast<std::size_t>(lda * n), 17);
        const int64_t zero_col = std::min<int64_t>(n - 1, 23);
        if (singular)
          for (int64_t i = 0; i < m; ++i) a[static_cast<std::size_t>(i + zero_col * lda)] = T(0);
        auto want = a;
        std::vector<lapack_int> want_piv(static_cast<std::size_t>(n)), piv(want_piv.size(), -1);
        const lapack_int want_info = Getrf2(m, n, want.data(), lda, want_piv.data());
        CHECK(want_info == (singular ? zero_col + 1 : 0));
        const lapack_int info = opencl::HostPanelLu(m, n, a.data(), lda, piv.data(), leaf);
        CHECK(info == want_info);
        CHECK(piv == want_piv);
        // U grows with n: relative to its largest entry.
        CHECK(opencl_test::MaxRelDiff(a, want) < 1000 * std::numeric_limits<T>::epsilon());
      }
    }
  }
}

}  // TEST_SUITE

}  // namespace
}  // namespace lapack_ai
