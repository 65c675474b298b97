// Tests of Diagnose() on matrices whose answers are known by construction: Hilbert (cond_2 from
// the literature, cond_1 from the exact inverse), low-rank products, SPD, indefinite, scaled,
// singular, NaN/Inf and empty inputs, and the strict JSON.
#include <doctest/doctest.h>

#include <cmath>

#include "diagnose/diagnose_test_util.h"
#include "lapack_ai/diagnose.h"
#include "lapack_ai/random.h"

namespace lapack_ai {
namespace {

Matrix<double> Random(int64_t m, int64_t n, uint64_t seed) {
  Matrix<double> a(m, n);
  Rng rng(seed);
  FillSymmetric(a, rng);
  return a;
}

Matrix<double> Multiply(const Matrix<double>& a, const Matrix<double>& b, bool transpose_a) {
  int64_t m = transpose_a ? a.cols() : a.rows(), k = transpose_a ? a.rows() : a.cols();
  Matrix<double> c(m, b.cols());
  for (int64_t j = 0; j < b.cols(); ++j)
    for (int64_t p = 0; p < k; ++p)
      for (int64_t i = 0; i < m; ++i) c(i, j) += (transpose_a ? a(p, i) : a(i, p)) * b(p, j);
  return c;
}

double Norm1(const Matrix<double>& a) {
  double best = 0;
  for (int64_t j = 0; j < a.cols(); ++j) {
    double s = 0;
    for (int64_t i = 0; i < a.rows(); ++i) s += std::abs(a(i, j));
    best = std::max(best, s);
  }
  return best;
}

double Binomial(int64_t n, int64_t k) {
  double r = 1;
  for (int64_t i = 1; i <= k; ++i) r = r * static_cast<double>(n - k + i) / static_cast<double>(i);
  return r;
}

// The exact integer inverse of the n x n Hilbert matrix (Choi, "Tricks or treats with the
// Hilbert matrix", 1983), 1-based formula.
Matrix<double> HilbertInverse(int64_t n) {
  Matrix<double> inv(n, n);
  for (int64_t i = 1; i <= n; ++i)
    for (int64_t j = 1; j <= n; ++j) {
      double b = Binomial(i + j - 2, i - 1);
      inv(i - 1, j - 1) = ((i + j) % 2 ? -1.0 : 1.0) * static_cast<double>(i + j - 1) *
                          Binomial(n + i - 1, n - j) * Binomial(n + j - 1, n - i) * b * b;
    }
  return inv;
}

bool AdviceMentions(const Diagnosis& d, const std::string& text) {
  for (const std::string& a : d.recommendation.advice)
    if (a.find(text) != std::string::npos) return true;
  return false;
}

TEST_CASE("diagnose: Hilbert 8x8 is SPD, full rank, cond_2 ~ 1.5258e10, and ill-conditioned") {
  Matrix<double> h = test::Hilbert(8);
  Diagnosis d = Diagnose(h);
  REQUIRE(d.cond_2);
  CHECK(*d.cond_2 == doctest::Approx(1.5258e10).epsilon(1e-3));  // MATLAB cond(hilb(8))
  CHECK(d.symmetric);
  CHECK(d.spd == true);
  CHECK(d.rank == 8);
  CHECK(d.rcond_method == "pocon");
  // pocon's estimate is a lower bound on the exact cond_1, and within a small factor of it.
  double cond_1 = Norm1(h) * Norm1(HilbertInverse(8));
  REQUIRE(d.rcond);
  CHECK(1 / *d.rcond <= cond_1 * 1.01);
  CHECK(1 / *d.rcond >= cond_1 / 10);
  CHECK(d.recommendation.solver.find("potrf") == 0);
  CHECK(AdviceMentions(d, "ill-conditioned"));
  CHECK_FALSE(AdviceMentions(d, "badly scaled"));  // row range 8: intrinsic, not scaling
}

TEST_CASE("diagnose: a 20x5 * 5x20 product has rank 5 and gets least-squares advice") {
  Matrix<double> a = Multiply(Random(20, 5, 1), Random(5, 20, 2), false);
  Diagnosis d = Diagnose(a);
  CHECK(d.rank == 5);
  CHECK(d.recommendation.solver.find("gelsd") == 0);
  CHECK(AdviceMentions(d, "rank 5 of 20"));
}

TEST_CASE("diagnose: SPD B^T B + I, and diag(1..n) whose answers are exact") {
  Matrix<double> b = Random(6, 6, 3);
  Matrix<double> a = Multiply(b, b, true);
  for (int64_t i = 0; i < 6; ++i) a(i, i) += 1;
  Diagnosis d = Diagnose(a);
  CHECK(d.spd == true);
  CHECK(d.rank == 6);
  CHECK(d.recommendation.solver.find("potrf") == 0);
  CHECK(AdviceMentions(d, "well-conditioned"));
  // cond_1 and cond_2 agree within a factor n; the estimate is within 10 of cond_1.
  CHECK(1 / *d.rcond <= 6 * *d.cond_2 * 1.01);
  CHECK(1 / *d.rcond >= *d.cond_2 / 60);

  Matrix<double> diag(5, 5);
  for (int64_t i = 0; i < 5; ++i) diag(i, i) = static_cast<double>(i + 1);
  Diagnosis e = Diagnose(diag);
  CHECK(*e.cond_2 == doctest::Approx(5.0));
  CHECK(*e.rcond == doctest::Approx(0.2));
  CHECK(e.norm_1 == 5.0);
  CHECK(e.norm_fro == doctest::Approx(std::sqrt(55.0)));
}

TEST_CASE("diagnose: symmetric indefinite -> sytrf, nonsymmetric -> getrf") {
  Matrix<double> s(3, 3);
  double v[3][3] = {{2, 1, 0}, {1, -3, 1}, {0, 1, 4}};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) s(i, j) = v[i][j];
  Diagnosis d = Diagnose(s);
  CHECK(d.symmetric);
  CHECK(d.spd == false);
  CHECK(d.potrf_info == 2);
  CHECK(d.recommendation.solver.find("sytrf") == 0);

  Matrix<double> g = Random(10, 10, 4);
  for (int64_t i = 0; i < 10; ++i) g(i, i) += 10;
  Diagnosis e = Diagnose(g);
  CHECK_FALSE(e.symmetric);
  CHECK(e.asymmetry > e.symmetry_tolerance);
  CHECK(e.rcond_method == "gecon");
  CHECK(e.recommendation.solver.find("getrf") == 0);
}

TEST_CASE("diagnose: non-square full rank -> gels, trcon of R tracks cond_2") {
  Diagnosis tall = Diagnose(Random(30, 4, 5));
  CHECK(tall.rank == 4);
  CHECK(tall.rcond_method == "trcon of R (geqrf)");
  CHECK(1 / *tall.rcond <= 4 * *tall.cond_2 * 1.01);
  CHECK(1 / *tall.rcond >= *tall.cond_2 / 40);
  CHECK(tall.recommendation.solver.find("gels (QR") == 0);
  Diagnosis wide = Diagnose(Random(4, 30, 6));
  CHECK(wide.recommendation.solver.find("gels (LQ") == 0);
  CHECK_FALSE(wide.spd.has_value());
}

TEST_CASE("diagnose: badly scaled rows -> equilibration advice that measurably helps") {
  Matrix<double> a = Random(8, 8, 7);
  for (int64_t i = 0; i < 8; ++i) a(i, i) += 8;
  for (int64_t i = 0; i < 8; ++i)
    for (int64_t j = 0; j < 8; ++j) a(i, j) *= std::pow(10.0, 2.0 * static_cast<double>(i));
  Diagnosis d = Diagnose(a);
  CHECK(d.row_scaling.range() > 1e12);
  REQUIRE(d.equilibrated_cond_1);
  CHECK(*d.equilibrated_cond_1 < 1e3);
  CHECK(AdviceMentions(d, "equilibrate first"));
}

TEST_CASE("diagnose: low rank that is only a scaling artefact is not sent to gelsd") {
  Matrix<double> a(5, 5);
  for (int64_t i = 0; i < 5; ++i) a(i, i) = std::pow(10.0, 6.0 * static_cast<double>(i - 2));
  Diagnosis d = Diagnose(a);
  CHECK(d.rank < 5);  // numpy.linalg.matrix_rank would say 3
  REQUIRE(d.equilibrated_cond_1);
  CHECK(*d.equilibrated_cond_1 == doctest::Approx(1.0));
  CHECK(d.recommendation.solver.find("potrf") == 0);
  CHECK(AdviceMentions(d, "scaling artefact"));
  CHECK(AdviceMentions(d, "equilibrate first"));
}

TEST_CASE("diagnose: exact singularity without SVD, float32 rank tolerance") {
  Matrix<double> a(4, 4);
  for (int64_t i = 0; i < 4; ++i) a(i, i) = 1;
  a(2, 2) = 0;
  DiagnoseOptions no_svd;
  no_svd.svd_max_dim = 0;
  Diagnosis d = Diagnose(a, no_svd);
  CHECK_FALSE(d.cond_2.has_value());
  CHECK(d.getrf_info == 3);
  CHECK(d.row_scaling.zero_lines == 1);
  CHECK(d.recommendation.solver.find("gelsd") == 0);
  CHECK(AdviceMentions(d, "U(3,3) is exactly zero"));

  Matrix<double> b(2, 2);
  b(0, 0) = 1;
  b(1, 1) = 1e-9;
  DiagnoseOptions single;
  single.eps = 0x1.0p-23;
  CHECK(Diagnose(b, single).rank == 1);
  Diagnosis dbl = Diagnose(b);
  CHECK(dbl.rank == 2);
  CHECK(AdviceMentions(dbl, "ill-conditioned"));
}

TEST_CASE("diagnose: NaN/Inf skip factorizations, empty matrices, strict JSON") {
  Matrix<double> a = Random(3, 3, 8);
  a(0, 1) = std::nan("");
  a(2, 2) = -HUGE_VAL;
  Diagnosis d = Diagnose(a);
  CHECK(d.nan_count == 1);
  CHECK(d.inf_count == 1);
  CHECK_FALSE(d.rcond.has_value());
  CHECK_FALSE(d.cond_2.has_value());
  CHECK(d.recommendation.solver.empty());
  CHECK(AdviceMentions(d, "fix the input"));
  CHECK(AdviceMentions(d, "the first at row 1, column 2"));
  nlohmann::json j = ToJson(d);
  CHECK(j["norms"]["one"].is_null());
  CHECK(j["norms"]["one_status"] == "not computed");

  Diagnosis e = Diagnose(Matrix<double>(0, 3));
  CHECK(e.cols == 3);
  CHECK_FALSE(e.notes.empty());

  Diagnosis z = Diagnose(Matrix<double>(2, 2));
  nlohmann::json jz = nlohmann::json::parse(ToJson(z).dump());
  CHECK(jz["cond_2"].is_null());
  CHECK(jz["cond_2_status"] == "infinite");
  CHECK(jz["rank"] == 0);
}

}  // namespace
}  // namespace lapack_ai
