// Recommendation rules for `lapack-ai diagnose` (user documentation: docs/DIAGNOSE.md).
// Order matters: bad input first, then rank, then structure (SPD, symmetric, general), then
// conditioning and scaling.
#include "diagnose/recommend.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace lapack_ai {
namespace {

bool RankDeficient(const Diagnosis& d) {
  if (d.rank) return *d.rank < std::min(d.rows, d.cols);
  if (d.getrf_info > 0) return true;
  // No SVD (too large): LAPACK's own test for "numerically singular" in gesvx is rcond < eps.
  return d.rcond && *d.rcond < d.eps;
}

std::string DeficiencyText(const Diagnosis& d) {
  std::string text;
  if (d.rank) {
    text = fmt::format("rank-deficient: numerical rank {} of {} (singular values above "
                       "max(m,n)*sigma_max*eps = {:.3g})", *d.rank, std::min(d.rows, d.cols),
                       d.rank_tolerance);
  } else if (d.getrf_info > 0) {
    text = fmt::format("singular: U({0},{0}) is exactly zero after getrf", d.getrf_info);
  } else {
    text = fmt::format("numerically singular: rcond {:.3g} < eps", d.rcond.value_or(0));
  }
  if (d.row_scaling.zero_lines > 0) text += fmt::format("; {} zero row(s)", d.row_scaling.zero_lines);
  if (d.col_scaling.zero_lines > 0)
    text += fmt::format("; {} zero column(s)", d.col_scaling.zero_lines);
  return text;
}

std::string Solver(const Diagnosis& d, bool deficient) {
  if (deficient) return "gelsd (SVD least squares) or gelsy (complete orthogonal factorization)";
  if (d.rows > d.cols) return "gels (QR least squares, overdetermined)";
  if (d.rows < d.cols) return "gels (LQ minimum-norm solution, underdetermined)";
  if (d.spd.value_or(false)) return "potrf/posv (Cholesky: symmetric positive definite)";
  if (d.symmetric) return "sytrf/sysv (Bunch-Kaufman LDL^T: symmetric indefinite)";
  return "getrf/gesv (LU with partial pivoting)";
}

void ConditioningAdvice(const Diagnosis& d, double cond, std::vector<std::string>& advice) {
  double digits = -std::log10(d.eps);
  advice.push_back(fmt::format("ill-conditioned: cond {:.3g} > 1/sqrt(eps) = {:.3g}: expect to "
                               "lose about {:.0f} of {:.0f} significant digits in a solution",
                               cond, 1 / std::sqrt(d.eps), std::min(digits, std::log10(cond)),
                               digits));
  double range = std::max(d.row_scaling.range(), d.col_scaling.range());
  double est = d.rcond && *d.rcond > 0 ? 1 / *d.rcond : HUGE_VAL;
  const char* expert = d.spd.value_or(false) ? "posvx" : "gesvx";
  if (range > kScalingThreshold && d.equilibrated_cond_1 && *d.equilibrated_cond_1 < est / 10) {
    advice.push_back(fmt::format("badly scaled (row/column max-abs range {:.3g}): equilibrate "
                                 "first (geequ + laqge, or {} with fact='E'); it brings the "
                                 "1-norm condition estimate from {:.3g} to {:.3g}",
                                 range, expert, est, *d.equilibrated_cond_1));
    return;
  }
  if (range > kScalingThreshold && d.equilibrated_cond_1) {
    advice.push_back(fmt::format("equilibration (geequ) barely helps ({:.3g} -> {:.3g}): the "
                                 "ill-conditioning is intrinsic, not a scaling artefact",
                                 est, *d.equilibrated_cond_1));
  }
  if (d.rows != d.cols) {
    advice.push_back("for ill-conditioned least squares prefer gelsd or gelsy over gels, and "
                     "never the normal equations (they square the condition number)");
  } else {
    advice.push_back(fmt::format("use {} for iterative refinement and error bounds "
                                 "(FERR/BERR); if the data are noisy, regularize (ridge/Tikhonov) "
                                 "or solve with gelsd and an rcond cutoff", expert));
  }
}

}  // namespace

Recommendation Recommend(const Diagnosis& d) {
  Recommendation r;
  if (d.nan_count + d.inf_count > 0) {
    r.advice.push_back(fmt::format("fix the input first: {} NaN and {} Inf entries (the first "
                                   "at row {}, column {}); no factorization of it can be "
                                   "meaningful", d.nan_count, d.inf_count, d.first_bad_row,
                                   d.first_bad_col));
    return r;
  }
  if (d.rows == 0 || d.cols == 0) {
    r.advice.push_back("empty matrix: nothing to factor");
    return r;
  }
  // Numerical rank depends on scaling: if geequ's scaling makes the matrix well-conditioned,
  // a low rank "as stored" is an artefact and the structured solver after scaling is right.
  bool scaling_artefact = d.getrf_info == 0 && d.equilibrated_cond_1 &&
                          *d.equilibrated_cond_1 < 1 / std::sqrt(d.eps);
  bool deficient = RankDeficient(d) && !scaling_artefact;
  r.solver = Solver(d, deficient);
  if (RankDeficient(d) && scaling_artefact) {
    r.advice.push_back(DeficiencyText(d) + ", as stored; a scaling artefact: after row/column "
                       "equilibration the matrix is well-conditioned");
  }
  if (deficient) {
    r.advice.push_back(DeficiencyText(d));
    r.advice.push_back("Ax = b has no unique solution: gelsd/gelsy return the minimum-norm "
                       "least-squares one (singular values below rcond*sigma_max dropped); "
                       "regularize (ridge/Tikhonov) if a unique nearby solution is wanted");
    return r;
  }
  if (d.symmetric && d.spd && !*d.spd && d.potrf_info > 0) {
    r.advice.push_back(fmt::format("symmetric but not positive definite: potrf stops at the "
                                   "leading minor of order {}", d.potrf_info));
  }
  std::optional<double> cond = d.Condition();
  if (cond && *cond > 1 / std::sqrt(d.eps)) {
    ConditioningAdvice(d, *cond, r.advice);
    if (d.eps > 0x1.0p-52) {
      r.advice.push_back(fmt::format("the data are float32: no solver precision recovers more "
                                     "than a relative accuracy of about cond*eps = {:.3g}",
                                     *cond * d.eps));
    }
  } else if (cond) {
    r.advice.push_back(fmt::format("well-conditioned (cond {:.3g}): expect about {:.0f} correct "
                                   "significant digits", *cond,
                                   std::max(0.0, -std::log10(*cond * d.eps))));
  }
  return r;
}

}  // namespace lapack_ai
