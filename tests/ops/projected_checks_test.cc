// The projected LAPACK checks (large cases) estimate the full ratios: on the reference
// backend's factors they stay below the threshold and within a factor 10 of the full check,
// and a planted error (one perturbed factor entry, a swapped pivot) exceeds the threshold.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "lapack_ai/generators.h"
#include "lapack_ai/random.h"
#include "lapack_test_util.h"
#include "ops/projected_checks.h"

namespace lapack_ai {
namespace {

using testing::AllPassed;
using testing::Named;
using testing::Params;
using testing::PlantingBackend;
using testing::RunCase;

constexpr uint64_t kSeed = 99;

Matrix<double> Copy(const double* a, int64_t rows, int64_t cols, int64_t ld) {
  Matrix<double> out(rows, cols);
  for (int64_t j = 0; j < cols; ++j)
    for (int64_t i = 0; i < rows; ++i) out(i, j) = a[i + j * ld];
  return out;
}

template <typename V>
std::vector<V> CopyVector(const V* v, int64_t n) {
  return std::vector<V>(v, v + n);
}

// The input the case generated for `p` (the seed derivation the ops use).
Matrix<double> Input(const CaseParams& p, MatrixKind kind) {
  const MatrixSpec spec = ParseMatrixSpec(p.matrix, kind, p.m, p.n, p.cond, 0x1p-52);
  return GenerateMatrix<double>(spec, kind, p.m, p.n, CaseSeed(p.seed, p.Key()));
}

// Runs `p` on the reference backend, lets `plant` perturb the result and `capture` copy it out;
// returns the (full, at these sizes) checks.
std::vector<CheckResult> Run(const CaseParams& p, std::function<void(Call&)> plant,
                             std::function<void(Call&)> capture) {
  PlantingBackend b([&](Call& c) {
    plant(c);
    capture(c);
  });
  return RunCase(p, b);
}

void NoPlant(Call&) {}

// The projected ratio estimates the full one: both below the threshold, within a factor 10.
void CheckClose(double projected, const CheckResult& full) {
  INFO(full.name << ": projected " << projected << ", full " << full.value);
  CHECK(full.formula.find("projected") == std::string::npos);
  CHECK(projected < full.threshold);
  CHECK(projected < 10 * full.value);
  CHECK(projected > full.value / 10);
}

TEST_CASE("projected: only large cases without --full-check are projected") {
  CaseParams p = Params("getrf", 1024, 1024);
  CHECK_FALSE(UseProjectedCheck(p, 1024, 1024));
  CHECK(UseProjectedCheck(p, 1030, 1030));
  CHECK(UseProjectedCheck(p, 20000, 256));
  CHECK_FALSE(UseProjectedCheck(p, 160, 100));  // validate's largest default size
  p.full_check = true;
  CHECK_FALSE(UseProjectedCheck(p, 16384, 16384));
}

TEST_CASE("projected: the Frobenius estimate of a multiple of I is exact") {
  // D = 2 I (4 x 4): ||D||_F = 4, and D X = 2 X for any X.
  const LMatrix x = RandomBlock(4, kSeed);
  LMatrix dx = x;
  for (int64_t q = 0; q < dx.cols(); ++q)
    for (int64_t i = 0; i < dx.rows(); ++i) dx(i, q) *= 2;
  CHECK(static_cast<double>(FrobeniusEstimate(dx, x)) == doctest::Approx(4.0));
}

TEST_CASE("projected getrf: close to dget01 on a correct LU, fails a perturbed U or a wrong pivot") {
  const CaseParams p = Params("getrf", 150, 150);
  const Matrix<double> a0 = Input(p, MatrixKind::kGeneral);
  Matrix<double> f;
  std::vector<int32_t> ipiv;
  auto capture = [&](Call& c) {
    auto& g = std::get<GetrfCall<double>>(c);
    f = Copy(g.a, g.m, g.n, g.lda);
    ipiv = CopyVector(g.ipiv, std::min(g.m, g.n));
  };
  const auto full = Run(p, NoPlant, capture);
  CheckClose(ProjectedLuRatio(a0, f, ipiv, kSeed), Named(full, "getrf_residual"));

  Run(p, [](Call& c) { std::get<GetrfCall<double>>(c).a[40 + 90 * 150] *= 1 + 1e-3; }, capture);
  CHECK(ProjectedLuRatio(a0, f, ipiv, kSeed) > kLinThreshold);
  Run(p, [](Call& c) {  // a wrong pivot row reported at step 11
    int32_t& piv = std::get<GetrfCall<double>>(c).ipiv[10];
    piv = piv == 60 ? 61 : 60;
  }, capture);
  CHECK(ProjectedLuRatio(a0, f, ipiv, kSeed) > kLinThreshold);
}

TEST_CASE("projected potrf: close to dpot01 on a correct Cholesky factor, fails a perturbed L") {
  const CaseParams p = Params("potrf", 150, 150);
  const Matrix<double> a0 = Input(p, MatrixKind::kSpd);
  Matrix<double> f;
  auto capture = [&](Call& c) {
    auto& g = std::get<PotrfCall<double>>(c);
    f = Copy(g.a, g.n, g.n, g.lda);
  };
  const auto full = Run(p, NoPlant, capture);
  CheckClose(ProjectedCholeskyRatio(a0, f, kSeed), Named(full, "potrf_residual"));
  Run(p, [](Call& c) { std::get<PotrfCall<double>>(c).a[100 + 30 * 150] *= 1 + 1e-3; }, capture);
  CHECK(ProjectedCholeskyRatio(a0, f, kSeed) > kLinThreshold);
}

TEST_CASE("projected geqrf: close to dqrt01 on a correct QR, fails a perturbed R or reflector") {
  const CaseParams p = Params("geqrf", 160, 120);
  const Matrix<double> a0 = Input(p, MatrixKind::kGeneral);
  Matrix<double> f;
  std::vector<double> tau;
  auto capture = [&](Call& c) {
    auto& g = std::get<GeqrfCall<double>>(c);
    f = Copy(g.a, g.m, g.n, g.lda);
    tau = CopyVector(g.tau, std::min(g.m, g.n));
  };
  const auto full = Run(p, NoPlant, capture);
  auto [resid, orth] = ProjectedQrRatios(a0, f, tau, kSeed);
  CheckClose(resid, Named(full, "geqrf_residual"));
  CheckClose(orth, Named(full, "geqrf_orthogonality"));

  Run(p, [](Call& c) { std::get<GeqrfCall<double>>(c).a[20 + 70 * 160] *= 1 + 1e-3; }, capture);
  std::tie(resid, orth) = ProjectedQrRatios(a0, f, tau, kSeed);
  CHECK(resid > kLinThreshold);
  CHECK(orth < kLinThreshold);
  Run(p, [](Call& c) { std::get<GeqrfCall<double>>(c).tau[5] *= 1 + 1e-3; }, capture);
  std::tie(resid, orth) = ProjectedQrRatios(a0, f, tau, kSeed);
  CHECK(orth > kLinThreshold);
}

TEST_CASE("projected gesvd: close to ddrvbd on a correct SVD, fails a perturbed U, V^T or S") {
  const CaseParams p = Params("gesvd", 140, 100);
  const Matrix<double> a0 = Input(p, MatrixKind::kGeneral);
  Matrix<double> u, vt;
  std::vector<double> s;
  auto capture = [&](Call& c) {
    auto& g = std::get<GesvdCall<double>>(c);
    u = Copy(g.u, g.m, 100, g.ldu);
    vt = Copy(g.vt, 100, g.n, g.ldvt);
    s = CopyVector(g.s, 100);
  };
  const auto full = Run(p, NoPlant, capture);
  SvdRatios r = ProjectedSvdRatios(a0, u, s, vt, kSeed);
  CheckClose(r.residual, Named(full, "gesvd_residual"));
  CheckClose(r.orthogonality_u, Named(full, "gesvd_orthogonality_u"));
  CheckClose(r.orthogonality_vt, Named(full, "gesvd_orthogonality_vt"));

  Run(p, [](Call& c) { std::get<GesvdCall<double>>(c).u[50 + 10 * 140] *= 1 + 1e-3; }, capture);
  r = ProjectedSvdRatios(a0, u, s, vt, kSeed);
  CHECK(r.residual > kSvdThreshold);
  CHECK(r.orthogonality_u > kSvdThreshold);
  CHECK(r.orthogonality_vt < kSvdThreshold);
  Run(p, [](Call& c) { std::get<GesvdCall<double>>(c).vt[60 + 30 * 100] *= 1 + 1e-3; }, capture);
  CHECK(ProjectedSvdRatios(a0, u, s, vt, kSeed).orthogonality_vt > kSvdThreshold);
  Run(p, [](Call& c) { std::get<GesvdCall<double>>(c).s[7] *= 1 + 1e-3; }, capture);
  CHECK(ProjectedSvdRatios(a0, u, s, vt, kSeed).residual > kSvdThreshold);
}

TEST_CASE("projected syevd: close to dsyt21 on a correct eigendecomposition, fails a perturbed Z or D") {
  const CaseParams p = Params("syevd", 150, 150);
  const Matrix<double> a0 = Input(p, MatrixKind::kSymmetric);
  Matrix<double> z;
  std::vector<double> w;
  auto capture = [&](Call& c) {
    auto& g = std::get<SyevdCall<double>>(c);
    z = Copy(g.a, g.n, g.n, g.lda);
    w = CopyVector(g.w, g.n);
  };
  const auto full = Run(p, NoPlant, capture);
  auto [resid, orth] = ProjectedEigRatios(a0, z, w, kSeed);
  CheckClose(resid, Named(full, "syevd_residual"));
  CheckClose(orth, Named(full, "syevd_orthogonality"));

  Run(p, [](Call& c) { std::get<SyevdCall<double>>(c).a[80 + 20 * 150] *= 1 + 1e-3; }, capture);
  std::tie(resid, orth) = ProjectedEigRatios(a0, z, w, kSeed);
  CHECK(resid > kSepThreshold);
  CHECK(orth > kSepThreshold);
  Run(p, [](Call& c) { std::get<SyevdCall<double>>(c).w[3] *= 1 + 1e-3; }, capture);
  std::tie(resid, orth) = ProjectedEigRatios(a0, z, w, kSeed);
  CHECK(resid > kSepThreshold);
  CHECK(orth < kSepThreshold);
}

TEST_CASE("projected: large cases check projected and still catch a planted error") {
  // 1030^3 > 2^30: every routine switches to its projected check, without timing anything;
  // diagonal inputs keep the generator and the calls quick (the helpers above test dense ones).
  auto ob = CreateBackend("openblas");
  for (const char* op : {"getrf", "potrf", "geqrf", "gesvd", "gesdd", "syevd"}) {
    INFO(op);
    const auto checks = RunCase(Params(op, 1030, 1030, std::string_view(op) == "getrf" ? "rand" : "diag"), *ob);
    CHECK(AllPassed(checks));
    const CheckResult r = Named(checks, std::string(op) + "_residual");
    CHECK(r.formula.find("projected") != std::string::npos);
    CHECK(r.norm == "fro");
    CHECK(r.note.find("4 random vectors") != std::string::npos);
    CHECK(r.note.find("--full-check") != std::string::npos);
  }
  CaseParams single = Params("potrf", 1030, 1030, "diag");
  single.type = Precision::kSingle;
  CHECK(Named(RunCase(single, *ob), "potrf_residual").formula.find("projected") != std::string::npos);
  PlantingBackend planted([](Call& c) { std::get<GetrfCall<double>>(c).a[500 + 700 * 1030] *= 1 + 1e-3; });
  const auto bad = RunCase(Params("getrf", 1030, 1030), planted);
  CHECK_FALSE(Named(bad, "getrf_residual").passed);
  CHECK(Named(bad, "getrf_residual").formula.find("projected") != std::string::npos);
}

}  // namespace
}  // namespace lapack_ai
