// The DLATMS-like generator: requested condition numbers (within a factor 2, measured with the
// reference SVD), spectra by mode, zero columns, scaling, symmetry and the --matrix parser.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "backends/lib/lib_backend.h"
#include "lapack_ai/error.h"
#include "lapack_ai/generators.h"

namespace lapack_ai {
namespace {

// 2-norm condition number of a (as double) by netlib dgesvd.
template <typename T>
double Cond2(const Matrix<T>& a) {
  using Fn = void (*)(const char*, const char*, const int*, const int*, double*, const int*, double*,
                      double*, const int*, double*, const int*, double*, const int*, int*, std::size_t,
                      std::size_t);
  auto fn = lib::ReferenceLibrary()->Fn<Fn>("dgesvd");
  const int m = static_cast<int>(a.rows()), n = static_cast<int>(a.cols()), k = std::min(m, n);
  std::vector<double> d(static_cast<std::size_t>(m) * n), s(static_cast<std::size_t>(k));
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < m; ++i) d[static_cast<std::size_t>(i + j * m)] = static_cast<double>(a(i, j));
  const int lwork = 10 * (m + n) + 100, one = 1;
  std::vector<double> work(static_cast<std::size_t>(lwork));
  double dummy = 0;
  int info = 0;
  fn("N", "N", &m, &n, d.data(), &m, s.data(), &dummy, &one, &dummy, &one, work.data(), &lwork, &info, 1, 1);
  REQUIRE(info == 0);
  return s.front() / s.back();
}

template <typename T>
void CheckCond(const char* type, MatrixKind kind, int64_t m, int64_t n, double cond = 0) {
  const MatrixSpec s = ParseMatrixSpec(type, kind, m, n, cond, std::numeric_limits<T>::epsilon());
  const Matrix<T> a = GenerateMatrix<T>(s, kind, m, n, 1988);
  const double got = Cond2(a);
  INFO("type " << type << " " << m << "x" << n << " sizeof(T)=" << sizeof(T) << ": asked " << s.cond
               << ", got " << got);
  CHECK(got <= 2 * s.cond);
  CHECK(got >= s.cond / 2);
}

TEST_CASE("generated condition numbers are within a factor 2 of the request (double)") {
  for (const char* t : {"rand", "diag", "upper", "lower", "ill", "very-ill", "scaled-small", "scaled-large"}) {
    CheckCond<double>(t, MatrixKind::kGeneral, 30, 30);
    CheckCond<double>(t, MatrixKind::kGeneral, 40, 25);
    CheckCond<double>(t, MatrixKind::kGeneral, 25, 40);
  }
  CheckCond<double>("spd", MatrixKind::kGeneral, 20, 20);
  CheckCond<double>("sym", MatrixKind::kGeneral, 20, 20);
  for (const char* t : {"rand", "ill", "very-ill"}) {
    CheckCond<double>(t, MatrixKind::kSpd, 30, 30);
    CheckCond<double>(t, MatrixKind::kSymmetric, 30, 30);
  }
  CheckCond<double>("rand", MatrixKind::kGeneral, 60, 60, 1e6);  // --cond override
  CheckCond<double>("rand:mode4", MatrixKind::kGeneral, 20, 20, 1e3);
  CheckCond<double>("rand:mode-1", MatrixKind::kGeneral, 20, 20, 1e3);
}

TEST_CASE("generated condition numbers are within a factor 2 of the request (float)") {
  for (const char* t : {"rand", "upper", "ill", "very-ill", "scaled-small", "scaled-large"})
    CheckCond<float>(t, MatrixKind::kGeneral, 30, 30);
  CheckCond<float>("very-ill", MatrixKind::kSpd, 30, 30);
}

TEST_CASE("DLATMS spectra by mode span exactly [1/cond, 1]") {
  for (int mode : {1, 2, 3, 4, 5, -3}) {
    const auto d = Spectrum(mode, 7, 100, 42);
    REQUIRE(d.size() == 7);
    const auto [lo, hi] = std::minmax_element(d.begin(), d.end());
    CHECK(static_cast<double>(*hi) == doctest::Approx(1.0));
    CHECK(static_cast<double>(*lo) == doctest::Approx(0.01));
  }
  const auto geo = Spectrum(3, 3, 100, 0);
  CHECK(static_cast<double>(geo[1]) == doctest::Approx(0.1));  // geometric
  const auto rev = Spectrum(-3, 3, 100, 0);
  CHECK(static_cast<double>(rev[0]) == doctest::Approx(0.01));  // reversed
  CHECK(Spectrum(3, 1, 100, 0).size() == 1);
}

TEST_CASE("zero-column types, scaling and symmetry") {
  const double eps = std::numeric_limits<double>::epsilon();
  const auto zf = ParseMatrixSpec("zero-first", MatrixKind::kGeneral, 8, 6, 0, eps);
  const Matrix<double> a = GenerateMatrix<double>(zf, MatrixKind::kGeneral, 8, 6, 7);
  for (int64_t i = 0; i < 8; ++i) CHECK(a(i, 0) == 0.0);
  CHECK(a(0, 1) != 0.0);
  const auto zh = ParseMatrixSpec("singular", MatrixKind::kSpd, 9, 9, 0, eps);
  CHECK(zh.type == "zero-half");
  CHECK(zh.zero_first == 5);
  CHECK(zh.zero_count == 4);
  const Matrix<double> s = GenerateMatrix<double>(zh, MatrixKind::kSpd, 9, 9, 7);
  for (int64_t i = 0; i < 9; ++i) {
    CHECK(s(8, i) == 0.0);
    CHECK(s(i, 8) == 0.0);
  }
  const auto small = ParseMatrixSpec("scaled-small", MatrixKind::kGeneral, 10, 10, 0, eps);
  const Matrix<double> sm = GenerateMatrix<double>(small, MatrixKind::kGeneral, 10, 10, 7);
  double mx = 0;
  for (int64_t j = 0; j < 10; ++j)
    for (int64_t i = 0; i < 10; ++i) mx = std::max(mx, std::fabs(sm(i, j)));
  CHECK(mx == doctest::Approx(ScaleSmall<double>()));
  CHECK(ScaleSmall<double>() < 1e-290);
  const auto sym = ParseMatrixSpec("rand", MatrixKind::kSymmetric, 12, 12, 0, eps);
  const Matrix<double> y = GenerateMatrix<double>(sym, MatrixKind::kSymmetric, 12, 12, 7);
  for (int64_t j = 0; j < 12; ++j)
    for (int64_t i = 0; i < 12; ++i) CHECK(y(i, j) == y(j, i));
}

TEST_CASE("generation is deterministic per seed, and nan plants one NaN") {
  const double eps = std::numeric_limits<double>::epsilon();
  const auto spec = ParseMatrixSpec("rand", MatrixKind::kGeneral, 5, 5, 0, eps);
  const auto a = GenerateMatrix<double>(spec, MatrixKind::kGeneral, 5, 5, 1);
  const auto b = GenerateMatrix<double>(spec, MatrixKind::kGeneral, 5, 5, 1);
  const auto c = GenerateMatrix<double>(spec, MatrixKind::kGeneral, 5, 5, 2);
  CHECK(std::equal(a.data(), a.data() + 25, b.data()));
  CHECK_FALSE(std::equal(a.data(), a.data() + 25, c.data()));
  const auto nan = GenerateMatrix<double>(ParseMatrixSpec("nan", MatrixKind::kGeneral, 5, 5, 0, eps),
                                          MatrixKind::kGeneral, 5, 5, 1);
  CHECK(std::count_if(nan.data(), nan.data() + 25, [](double v) { return std::isnan(v); }) == 1);
}

TEST_CASE("--matrix values are validated with the list of types") {
  const double eps = std::numeric_limits<double>::epsilon();
  CHECK_THROWS_WITH_AS(ParseMatrixSpec("bogus", MatrixKind::kGeneral, 3, 3, 0, eps),
                       doctest::Contains("--matrix: invalid value 'bogus'"), UsageError);
  CHECK_THROWS_WITH_AS(ParseMatrixSpec("upper", MatrixKind::kSpd, 3, 3, 0, eps),
                       doctest::Contains("not valid for this routine"), UsageError);
  CHECK_THROWS_AS(ParseMatrixSpec("rand:mode7", MatrixKind::kGeneral, 3, 3, 0, eps), UsageError);
  CHECK_THROWS_AS(ParseMatrixSpec("spd", MatrixKind::kGeneral, 4, 3, 0, eps), UsageError);
  CHECK_THROWS_AS(ParseMatrixSpec("rand", MatrixKind::kGeneral, 3, 3, 0.5, eps), UsageError);
  CHECK(ParseMatrixSpec("ill", MatrixKind::kGeneral, 3, 3, 0, eps).cond == doctest::Approx(std::sqrt(0.1 / eps)));
  CHECK(ParseMatrixSpec("very-ill:mode2", MatrixKind::kGeneral, 3, 3, 0, eps).mode == 2);
  CHECK(IsSingularType("sym", MatrixKind::kSpd));
  CHECK_FALSE(IsSingularType("sym", MatrixKind::kSymmetric));
}

}  // namespace
}  // namespace lapack_ai
