// Hybrid potrf/getrf/geqrf (host panels, device updates) on PoCL with small blocks, so several panels
// and the look-ahead run, against LAPACKE on the host: same factors, pivots, tau and INFO.
#include <doctest/doctest.h>
#include <cblas.h>
#include <lapacke.h>

#include <limits>

#include "lapack_ai/backend.h"
#include "lapack_ai/error.h"
#include "opencl_test_util.h"

namespace lapack_ai {
namespace {

using opencl_test::RandomVector;

using opencl_test::MaxRelDiff;

lapack_int HostPotrf(char u, lapack_int n, float* a, lapack_int lda) { return LAPACKE_spotrf(LAPACK_COL_MAJOR, u, n, a, lda); }
lapack_int HostPotrf(char u, lapack_int n, double* a, lapack_int lda) { return LAPACKE_dpotrf(LAPACK_COL_MAJOR, u, n, a, lda); }
lapack_int HostGetrf(lapack_int m, lapack_int n, float* a, lapack_int lda, lapack_int* p) { return LAPACKE_sgetrf(LAPACK_COL_MAJOR, m, n, a, lda, p); }
lapack_int HostGetrf(lapack_int m, lapack_int n, double* a, lapack_int lda, lapack_int* p) { return LAPACKE_dgetrf(LAPACK_COL_MAJOR, m, n, a, lda, p); }
lapack_int HostGeqrf(lapack_int m, lapack_int n, float* a, lapack_int lda, float* t) { return LAPACKE_sgeqrf(LAPACK_COL_MAJOR, m, n, a, lda, t); }
lapack_int HostGeqrf(lapack_int m, lapack_int n, double* a, lapack_int lda, double* t) { return LAPACKE_dgeqrf(LAPACK_COL_MAJOR, m, n, a, lda, t); }

// Binds `call`, runs it once and copies its outputs (INFO included) back to the host.
void RunOnce(Backend& b, Call& call) {
  auto bound = b.Bind(call);
  bound->Reset();
  bound->Run();
  bound->Fetch();
}

// Tall, wide, square and tiny: several panels with nb = 32, and the m != n fringes.
constexpr std::pair<int64_t, int64_t> kShapes[] = {{130, 100}, {100, 130}, {97, 97}, {5, 3}};

// SPD: A = M M^T + n I (both triangles stored).
template <typename T>
std::vector<T> Spd(int64_t n, int64_t lda) {
  const auto m = RandomVector<double>(static_cast<std::size_t>(n * n), 11);
  std::vector<T> a(static_cast<std::size_t>(lda * n), T(0));
  for (int64_t j = 0; j < n; ++j)
    for (int64_t i = 0; i < n; ++i) {
      double s = i == j ? static_cast<double>(n) : 0.0;
      for (int64_t p = 0; p < n; ++p) s += m[i + p * n] * m[j + p * n];
      a[i + j * lda] = static_cast<T>(s);
    }
  return a;
}

TEST_SUITE("opencl") {

// The panel solve three ways: one inverted 32-wide L11, inverted 8-wide diagonal blocks with
// GEMM updates between them (ib=12 leaves a partial last block), and CLBlast's trsm. The
// trailing update by chunked GEMMs (nb=16: three chunks of 64 columns) writes the triangle
// LAPACK leaves alone, so comparing whole matrices checks it is put back, with timed
// transfers too (the input then comes from the upload); and by CLBlast's syrk.
TEST_CASE_TEMPLATE("opencl: hybrid potrf matches LAPACKE for both triangles", T, float, double) {
  for (const char* options : {"/nb=32", "/nb=32/ib=8", "/nb=32/ib=12", "/nb=32/trsm=clblast", "/nb=16",
                              "/nb=16/transfers", "/nb=32/syrk=clblast", "/nb=32/host_threads=1"}) {
  auto b = CreateBackend(std::string(opencl_test::kPocl) + options);
  for (char uplo : {'L', 'U'}) {
    const int64_t n = 150, lda = 153;
    const auto a0 = Spd<T>(n, lda);
    auto want = a0;
    REQUIRE(HostPotrf(uplo, n, want.data(), lda) == 0);
    auto got = a0;
    PotrfCall<T> c{uplo, n, got.data(), lda, -7};
    Call call = c;
    RunOnce(*b, call);
    INFO("uplo=", uplo, " options=", options);
    CHECK(std::get<PotrfCall<T>>(call).info == 0);
    CHECK(MaxRelDiff(got, want) < 100 * std::numeric_limits<T>::epsilon());
  }
  }
}

TEST_CASE("opencl: ib and trsm options are checked") {
  CHECK_THROWS_WITH_AS(CreateBackend(std::string(opencl_test::kPocl) + "/ib=0"),
                       doctest::Contains("ib must be a positive integer, got '0'"), UsageError);
  CHECK_THROWS_WITH_AS(CreateBackend(std::string(opencl_test::kPocl) + "/panel=gpu"),
                       doctest::Contains("unknown opencl option 'panel=gpu'"), UsageError);
  CHECK_THROWS_WITH_AS(CreateBackend(std::string(opencl_test::kPocl) + "/trsm=magma"),
                       doctest::Contains("unknown opencl option 'trsm=magma'"), UsageError);
  CHECK_THROWS_WITH_AS(CreateBackend(std::string(opencl_test::kPocl) + "/syrk=magma"),
                       doctest::Contains("unknown opencl option 'syrk=magma'"), UsageError);
  CHECK_THROWS_WITH_AS(CreateBackend(std::string(opencl_test::kPocl) + "/host_threads=0"),
                       doctest::Contains("host_threads must be a positive integer, got '0'"), UsageError);
}

// /host_threads=N sets the host BLAS's (process-wide) thread count for the factorization only.
TEST_CASE("opencl: host_threads applies during the factorization and is restored after") {
  const int before = openblas_get_num_threads();
  const int want = before == 1 ? 2 : 1;
  auto b = CreateBackend(std::string(opencl_test::kPocl) + "/nb=16/host_threads=" + std::to_string(want));
  const int64_t n = 40;
  auto a = Spd<double>(n, n);
  PotrfCall<double> c{'L', n, a.data(), n, -7};
  Call call = c;
  RunOnce(*b, call);
  CHECK(std::get<PotrfCall<double>>(call).info == 0);
  CHECK(openblas_get_num_threads() == before);
}

TEST_CASE("opencl: hybrid potrf reports the first non-positive leading minor like LAPACK") {
  auto b = CreateBackend(std::string(opencl_test::kPocl) + "/nb=16");
  const int64_t n = 60;
  auto a = Spd<double>(n, n);
  a[40 + 40 * n] = -1e6;  // the leading minor of order 41 is not positive definite
  auto want = a;
  const lapack_int want_info = HostPotrf('L', n, want.data(), n);
  REQUIRE(want_info > 0);
  PotrfCall<double> c{'L', n, a.data(), n, 0};
  Call call = c;
  auto bound = b->Bind(call);
  bound->Reset();
  bound->Run();
  CHECK(std::get<PotrfCall<double>>(call).info == want_info);
}

// Host panels (LAPACK's recursive ?getrf2 by default, OpenBLAS's ?getrf), and device panels (recursive
// down to 32-column leaves: 64 splits once, 72 splits into 36-wide halves that split again into
// 18-wide leaves, and a partial last panel).
TEST_CASE_TEMPLATE("opencl: hybrid getrf matches LAPACKE: factors, pivots and INFO", T, float, double) {
  for (const char* options : {"/nb=32", "/nb=32/panel=own/ib=8", "/nb=32/panel=recursive", "/nb=32/panel=host",
                              "/nb=64/panel=device", "/nb=72/panel=device"}) {
  auto b = CreateBackend(std::string(opencl_test::kPocl) + options);
  for (auto [m, n] : kShapes) {
    INFO("m=", m, " n=", n, " options=", options);
    const int64_t lda = m + 2;
    const auto a0 = RandomVector<T>(static_cast<std::size_t>(lda * n), 21);
    auto want = a0;
    std::vector<lapack_int> want_piv(static_cast<std::size_t>(std::min(m, n)));
    REQUIRE(HostGetrf(m, n, want.data(), lda, want_piv.data()) == 0);
    auto got = a0;
    std::vector<int32_t> piv(want_piv.size(), -1);
    GetrfCall<T> c{m, n, got.data(), lda, piv.data(), -7};
    Call call = c;
    RunOnce(*b, call);
    CHECK(std::get<GetrfCall<T>>(call).info == 0);
    CHECK(std::equal(piv.begin(), piv.end(), want_piv.begin()));
    CHECK(MaxRelDiff(got, want) < 1000 * std::numeric_limits<T>::epsilon());
  }
  }
}

// A zero column makes U(k,k) exactly zero: INFO = k + 1 (the first), and the factorization goes
// on past it as LAPACK's does, on the device panel too.
TEST_CASE("opencl: device-panel getrf reports the first zero pivot and continues") {
  auto b = CreateBackend(std::string(opencl_test::kPocl) + "/nb=64/panel=device");
  const int64_t n = 70;
  auto a = RandomVector<double>(static_cast<std::size_t>(n * n), 5);
  for (int64_t i = 0; i < n; ++i) a[i + 37 * n] = 0;
  for (int64_t i = 0; i < n; ++i) a[i + 50 * n] = 0;
  auto want = a;
  std::vector<lapack_int> want_piv(static_cast<std::size_t>(n));
  const lapack_int want_info = HostGetrf(n, n, want.data(), n, want_piv.data());
  REQUIRE(want_info == 38);
  std::vector<int32_t> piv(static_cast<std::size_t>(n), -1);
  GetrfCall<double> c{n, n, a.data(), n, piv.data(), 0};
  Call call = c;
  RunOnce(*b, call);
  CHECK(std::get<GetrfCall<double>>(call).info == want_info);
  CHECK(std::equal(piv.begin(), piv.end(), want_piv.begin()));
  CHECK(MaxRelDiff(a, want) < 1e-12);
}

// Panels by our parallel panel QR (the default; one thread at these sizes, see the next test), by
// LAPACKE ?geqrf with T by ?larft, and by the recursive ?geqrt3 (T from the panel's QR).
TEST_CASE_TEMPLATE("opencl: hybrid geqrf matches LAPACKE: R, reflectors and tau", T, float, double) {
  for (const char* options : {"/nb=32", "/nb=32/panel=host", "/nb=32/panel=recursive"}) {
  auto b = CreateBackend(std::string(opencl_test::kPocl) + options);
  for (auto [m, n] : kShapes) {
    INFO("m=", m, " n=", n, " options=", options);
    const int64_t lda = m + 2;
    const auto a0 = RandomVector<T>(static_cast<std::size_t>(lda * n), 41);
    auto want = a0;
    std::vector<T> want_tau(static_cast<std::size_t>(std::min(m, n)));
    REQUIRE(HostGeqrf(m, n, want.data(), lda, want_tau.data()) == 0);
    auto got = a0;
    std::vector<T> tau(want_tau.size(), T(-7));
    GeqrfCall<T> c{m, n, got.data(), lda, tau.data(), -7};
    Call call = c;
    RunOnce(*b, call);
    CHECK(std::get<GeqrfCall<T>>(call).info == 0);
    CHECK(MaxRelDiff(tau, want_tau) < 1000 * std::numeric_limits<T>::epsilon());
    CHECK(MaxRelDiff(got, want) < 1000 * std::numeric_limits<T>::epsilon());
  }
  }
}

// Panels of 1600 down to 1504 rows: the own panel QR splits them over three host threads.
TEST_CASE("opencl: hybrid geqrf with the panel on three host threads matches LAPACKE") {
  auto b = CreateBackend(std::string(opencl_test::kPocl) + "/nb=32/host_threads=3");
  const int64_t m = 1600, n = 96;
  const auto a0 = RandomVector<double>(static_cast<std::size_t>(m * n), 47);
  auto want = a0, got = a0;
  std::vector<double> want_tau(static_cast<std::size_t>(n)), tau(want_tau.size(), -7.0);
  REQUIRE(HostGeqrf(m, n, want.data(), m, want_tau.data()) == 0);
  GeqrfCall<double> c{m, n, got.data(), m, tau.data(), -7};
  Call call = c;
  RunOnce(*b, call);
  CHECK(std::get<GeqrfCall<double>>(call).info == 0);
  CHECK(MaxRelDiff(tau, want_tau) < 1e-12);
  CHECK(MaxRelDiff(got, want) < 1e-12);
}

// Column 21 is zero, so U(21,21) is exactly zero: INFO = 21 and the factorization goes on past
// it as LAPACK's does (same pivots and factors), whichever host panel factors it.
TEST_CASE("opencl: hybrid getrf reports an exactly singular U like LAPACK") {
  for (const char* options : {"/nb=16", "/nb=16/ib=8", "/nb=16/panel=recursive", "/nb=16/panel=host"}) {
  INFO("options=", options);
  auto b = CreateBackend(std::string(opencl_test::kPocl) + options);
  const int64_t n = 50;
  auto a = RandomVector<double>(static_cast<std::size_t>(n * n), 31);
  for (int64_t i = 0; i < n; ++i) a[i + 20 * n] = 0.0;
  auto want = a;
  std::vector<lapack_int> want_piv(static_cast<std::size_t>(n));
  REQUIRE(HostGetrf(n, n, want.data(), n, want_piv.data()) == 21);
  std::vector<int32_t> piv(n);
  GetrfCall<double> c{n, n, a.data(), n, piv.data(), 0};
  Call call = c;
  RunOnce(*b, call);
  CHECK(std::get<GetrfCall<double>>(call).info == 21);
  CHECK(std::equal(piv.begin(), piv.end(), want_piv.begin()));
  CHECK(MaxRelDiff(a, want) < 1e-12);
  }
}

// A first column zero below its diagonal gives tau = 0 (H_1 = I): T's first column must be zero,
// as ?larft makes it, or the trailing update goes wrong.
TEST_CASE_TEMPLATE("opencl: hybrid geqrf with a reflector equal to the identity (tau = 0)", T, float, double) {
  for (const char* options : {"/nb=16", "/nb=16/panel=host"}) {
    INFO("options=", options);
    auto b = CreateBackend(std::string(opencl_test::kPocl) + options);
    const int64_t m = 60, n = 40;
    auto a = RandomVector<T>(static_cast<std::size_t>(m * n), 43);
    for (int64_t i = 1; i < m; ++i) a[static_cast<std::size_t>(i)] = T(0);
    auto want = a;
    std::vector<T> want_tau(static_cast<std::size_t>(n));
    REQUIRE(HostGeqrf(m, n, want.data(), m, want_tau.data()) == 0);
    REQUIRE(want_tau[0] == T(0));
    std::vector<T> tau(want_tau.size(), T(-7));
    GeqrfCall<T> c{m, n, a.data(), m, tau.data(), -7};
    Call call = c;
    RunOnce(*b, call);
    CHECK(tau[0] == T(0));
    CHECK(MaxRelDiff(tau, want_tau) < 1000 * std::numeric_limits<T>::epsilon());
    CHECK(MaxRelDiff(a, want) < 1000 * std::numeric_limits<T>::epsilon());
  }
}

}  // TEST_SUITE

}  // namespace
}  // namespace lapack_ai
