// Each LAPACK check passes on the reference result and flags a planted error (a perturbed
// factor, a non-orthogonal Q, unordered values); singular and non-SPD inputs are decoded; NaN
// inputs are refused before the call.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "lapack_test_util.h"

namespace lapack_ai {
namespace {

using testing::AllPassed;
using testing::Named;
using testing::Params;
using testing::PlantingBackend;
using testing::RunCase;

template <typename C>
C& As(Call& call) {
  return std::get<C>(call);
}

std::vector<CheckResult> Planted(const CaseParams& p, std::function<void(Call&)> plant) {
  PlantingBackend b(std::move(plant));
  return RunCase(p, b);
}

std::vector<CheckResult> Clean(const CaseParams& p) {
  return Planted(p, [](Call&) {});
}

TEST_CASE("unperturbed reference results pass every check") {
  for (const char* op : {"getrf", "gesv", "potrf", "posv", "geqrf", "gels", "gesvd", "gesvd_values", "gesdd",
                         "syevd", "syevd_values"}) {
    for (auto [m, n] : {std::pair{12, 12}, std::pair{15, 9}, std::pair{9, 15}}) {
      INFO(op << " " << m << "x" << n);
      CHECK(AllPassed(Clean(Params(op, m, n))));
    }
  }
}

TEST_CASE("a perturbed LU or Cholesky factor fails the factorization residual") {
  auto lu = Planted(Params("getrf", 12, 12), [](Call& c) { As<GetrfCall<double>>(c).a[13] *= 1 + 1e-9; });
  CHECK_FALSE(Named(lu, "getrf_residual").passed);
  CHECK(Named(lu, "getrf_info").passed);
  CHECK(Named(lu, "getrf_residual").note.find("reference backend gives") != std::string::npos);
  auto ch = Planted(Params("potrf", 12, 12), [](Call& c) { As<PotrfCall<double>>(c).a[1] *= 1 + 1e-9; });
  CHECK_FALSE(Named(ch, "potrf_residual").passed);
}

TEST_CASE("a perturbed solution fails the solve residuals") {
  auto ge = Planted(Params("gesv", 12, 12), [](Call& c) { As<GesvCall<double>>(c).b[3] += 1e-8; });
  CHECK_FALSE(Named(ge, "gesv_residual").passed);
  auto po = Planted(Params("posv", 12, 12), [](Call& c) { As<PosvCall<double>>(c).b[3] += 1e-8; });
  CHECK_FALSE(Named(po, "posv_residual").passed);
  auto over = Planted(Params("gels", 15, 9), [](Call& c) { As<GelsCall<double>>(c).b[2] += 1e-8; });
  CHECK_FALSE(Named(over, "gels_residual").passed);
  CHECK_FALSE(Named(over, "gels_normal_equations").passed);
  // Underdetermined: adding a null-space component keeps A X = B but leaves the row space.
  auto under = Planted(Params("gels", 4, 6), [](Call& c) {
    auto& g = As<GelsCall<double>>(c);
    for (int64_t i = 0; i < g.n; ++i) g.b[i] += 1e-6 * (i % 2 == 0 ? 1 : -1) * (i + 1);
  });
  CHECK_FALSE(Named(under, "gels_row_space").passed);
}

TEST_CASE("a non-orthogonal Q fails the QR orthogonality check") {
  auto q = Planted(Params("geqrf", 15, 9), [](Call& c) { As<GeqrfCall<double>>(c).tau[0] *= 1 + 1e-8; });
  CHECK_FALSE(Named(q, "geqrf_orthogonality").passed);
  auto r = Planted(Params("geqrf", 15, 9), [](Call& c) { As<GeqrfCall<double>>(c).a[15 * 3] *= 1 + 1e-8; });
  CHECK_FALSE(Named(r, "geqrf_residual").passed);
  CHECK(Named(r, "geqrf_orthogonality").passed);
}

TEST_CASE("SVD checks flag a bad U, bad values and wrong ordering") {
  auto u = Planted(Params("gesvd", 12, 8), [](Call& c) { As<GesvdCall<double>>(c).u[0] *= 1 + 1e-8; });
  CHECK_FALSE(Named(u, "gesvd_orthogonality_u").passed);
  CHECK(Named(u, "gesvd_orthogonality_vt").passed);
  auto vt = Planted(Params("gesvd", 8, 12), [](Call& c) { As<GesvdCall<double>>(c).vt[0] *= 1 + 1e-8; });
  CHECK_FALSE(Named(vt, "gesvd_orthogonality_vt").passed);
  auto s = Planted(Params("gesvd_values", 12, 8), [](Call& c) { As<GesvdCall<double>>(c).s[2] *= 1 + 1e-10; });
  CHECK_FALSE(Named(s, "gesvd_vs_reference").passed);
  auto order = Planted(Params("gesvd_values", 12, 8), [](Call& c) {
    auto& g = As<GesvdCall<double>>(c);
    std::swap(g.s[0], g.s[1]);
  });
  CHECK_FALSE(Named(order, "gesvd_order").passed);
  auto res = Planted(Params("gesvd", 12, 8), [](Call& c) { As<GesvdCall<double>>(c).s[0] *= 1 + 1e-10; });
  CHECK_FALSE(Named(res, "gesvd_residual").passed);
}

TEST_CASE("gesdd (divide and conquer) is held to gesvd's checks, S against the reference's gesvd") {
  auto u = Planted(Params("gesdd", 12, 8), [](Call& c) { As<GesddCall<double>>(c).u[0] *= 1 + 1e-8; });
  CHECK_FALSE(Named(u, "gesdd_orthogonality_u").passed);
  CHECK(Named(u, "gesdd_orthogonality_vt").passed);
  CHECK(Named(u, "gesdd_info").passed);
  auto vt = Planted(Params("gesdd", 8, 12), [](Call& c) { As<GesddCall<double>>(c).vt[0] *= 1 + 1e-8; });
  CHECK_FALSE(Named(vt, "gesdd_orthogonality_vt").passed);
  auto s = Planted(Params("gesdd", 12, 8), [](Call& c) { As<GesddCall<double>>(c).s[2] *= 1 + 1e-10; });
  CHECK_FALSE(Named(s, "gesdd_vs_reference").passed);
  CHECK(Named(s, "gesdd_vs_reference").formula.find("reference backend's gesvd") != std::string::npos);
  auto order = Planted(Params("gesdd", 12, 8), [](Call& c) {
    auto& g = As<GesddCall<double>>(c);
    std::swap(g.s[0], g.s[1]);
  });
  CHECK_FALSE(Named(order, "gesdd_order").passed);
  auto info = Planted(Params("gesdd", 12, 8), [](Call& c) { As<GesddCall<double>>(c).info = 2; });
  CHECK_FALSE(Named(info, "gesdd_info").passed);
  CHECK(Named(info, "gesdd_info").note.find("divide and conquer step (xBDSDC) failed") != std::string::npos);
}

TEST_CASE("eigen checks flag a bad Z and bad eigenvalues") {
  auto z = Planted(Params("syevd", 10, 10), [](Call& c) { As<SyevdCall<double>>(c).a[0] *= 1 + 1e-8; });
  CHECK_FALSE(Named(z, "syevd_orthogonality").passed);
  auto w = Planted(Params("syevd_values", 10, 10), [](Call& c) { As<SyevdCall<double>>(c).w[4] *= 1 + 1e-10; });
  CHECK_FALSE(Named(w, "syevd_vs_reference").passed);
  auto r = Planted(Params("syevd", 10, 10), [](Call& c) { As<SyevdCall<double>>(c).w[9] *= 1 + 1e-10; });
  CHECK_FALSE(Named(r, "syevd_residual").passed);
}

TEST_CASE("singular and non-SPD inputs pass only with the expected, decoded INFO") {
  const auto lu = Clean(Params("getrf", 10, 10, "zero-last"));
  CHECK(AllPassed(lu));
  CHECK(Named(lu, "getrf_info").value == 10);
  CHECK(Named(lu, "getrf_info").note.find("U(10,10) is exactly zero: A is singular") != std::string::npos);
  const auto po = Clean(Params("potrf", 10, 10, "zero-first"));
  CHECK(Named(po, "potrf_info").value == 1);
  CHECK(Named(po, "potrf_info").note.find("leading minor of order 1 is not positive definite") !=
        std::string::npos);
  const auto indef = Clean(Params("posv", 10, 10, "sym"));
  CHECK(AllPassed(indef));
  CHECK(Named(indef, "posv_info").note.find("A is not SPD") != std::string::npos);
  const auto ls = Clean(Params("gels", 12, 8, "zero-half"));
  CHECK(Named(ls, "gels_info").value == 5);
  CHECK(Named(ls, "gels_info").note.find("does not have full rank") != std::string::npos);
  // A backend that hides the singularity (INFO = 0) fails the INFO check.
  const auto hidden = Planted(Params("gesv", 10, 10, "zero-first"), [](Call& c) { As<GesvCall<double>>(c).info = 0; });
  CHECK_FALSE(Named(hidden, "gesv_info").passed);
}

TEST_CASE("ill-conditioned solves carry a condition estimate warning") {
  const auto r = Clean(Params("gesv", 30, 30, "very-ill"));
  CHECK(AllPassed(r));
  CHECK(Named(r, "gesv_info").note.find("ill-conditioned, estimated cond_1(A)") != std::string::npos);
  CHECK(Named(Clean(Params("gesv", 30, 30, "rand")), "gesv_info").note.empty());
}

TEST_CASE("NaN/Inf inputs are reported and never reach the backend") {
  bool called_with_data = false;
  PlantingBackend b([&](Call& c) { called_with_data = As<GetrfCall<double>>(c).n > 0; });
  const auto r = RunCase(Params("getrf", 6, 6, "nan"), b);
  REQUIRE(r.size() == 1);
  CHECK_FALSE(r[0].passed);
  CHECK(r[0].note.find("A(4,3) is NaN") != std::string::npos);
  CHECK_FALSE(called_with_data);
  CHECK_FALSE(Clean(Params("syevd", 6, 6, "inf"))[0].passed);
}

TEST_CASE("every LAPACK op runs on openblas and passes at a blocked size") {
  auto ob = CreateBackend("openblas");
  for (const char* op : {"getrf", "gesv", "potrf", "posv", "geqrf", "gels", "gesvd", "gesdd", "syevd"}) {
    INFO(op);
    CaseParams p = Params(op, 90, 70);
    if (std::string_view(op) == "gesv" || op[0] == 'p' || op[0] == 's') p.m = p.n;
    CHECK(AllPassed(RunCase(p, *ob)));
    p.type = Precision::kSingle;
    CHECK(AllPassed(RunCase(p, *ob)));
  }
}

}  // namespace
}  // namespace lapack_ai
