// `lapack-ai diagnose FILE`: reads a .npy or .mtx matrix and prints its shape, symmetry, SPD
// test, norms, condition numbers, rank, scaling, NaN/Inf count and a recommended solver
// (human-readable, or --json). Bad files exit 2 with the byte offset or line that is wrong.
#include <algorithm>
#include <cmath>
#include <memory>

#include <fmt/format.h>

#include "lapack_ai/diagnose.h"
#include "lapack_ai/matrix_io.h"
#include "lapack_ai/version.h"
#include "subcommand.h"

namespace lapack_ai::cli {
namespace {

struct DiagnoseArgs {
  std::string file;
  bool json = false;
  int64_t svd_max = 2000;
};

std::string Num(std::optional<double> v) { return v ? fmt::format("{:.5g}", *v) : "n/a"; }

std::string Scaling(const ScalingRange& s) {
  std::string text = fmt::format("max-abs from {:.3g} to {:.3g} (range {:.3g})", s.min_max_abs,
                                 s.max_max_abs, s.range());
  if (s.zero_lines > 0) text += fmt::format(", {} all zero", s.zero_lines);
  return text;
}

std::string SpdText(const Diagnosis& d) {
  if (!d.spd) return "not tested";
  if (*d.spd) return "yes (potrf succeeded)";
  if (!d.symmetric) return "no (not symmetric)";
  return fmt::format("no (potrf: leading minor of order {} not positive)", d.potrf_info);
}

void PrintReport(const MatrixFile& f, const DiagnoseArgs& args, const Diagnosis& d) {
  fmt::print("file:        {} ({}, {}, {}, {})\n", args.file, f.format, f.dtype, f.layout,
             f.symmetry);
  fmt::print("shape:       {} x {}{}\n", d.rows, d.cols, d.rows == d.cols ? " (square)" : "");
  fmt::print("entries:     {} stored, {} zero, {} NaN, {} Inf\n", f.stored_entries, d.zero_count,
             d.nan_count, d.inf_count);
  for (const std::string& note : d.notes) fmt::print("note:        {}\n", note);
  if (d.rows > 0 && d.cols > 0 && d.nan_count + d.inf_count == 0) {
    if (d.rows == d.cols) {
      fmt::print("symmetric:   {} (max |a_ij - a_ji| / max |a| = {:.3g}, tolerance {:.3g})\n",
                 d.symmetric ? "yes" : "no", d.asymmetry, d.symmetry_tolerance);
      fmt::print("SPD:         {}\n", SpdText(d));
    }
    fmt::print("norms:       1-norm {:.5g}, inf-norm {:.5g}, Frobenius {:.5g}, max |a| {:.5g}\n",
               d.norm_1, d.norm_inf, d.norm_fro, d.max_abs);
    if (d.rcond)
      fmt::print("cond_1 est.: {} ({}; rcond {:.3g})\n", Num(*d.rcond > 0 ? 1 / *d.rcond : HUGE_VAL),
                 d.rcond_method, *d.rcond);
    if (d.cond_2)
      fmt::print("cond_2:      {} exact (SVD: sigma_max {}, sigma_min {})\n", Num(d.cond_2),
                 Num(d.sigma_max), Num(d.sigma_min));
    if (d.rank)
      fmt::print("rank:        {} of {} (tolerance {:.3g} = max(m,n)*sigma_max*eps)\n", *d.rank,
                 std::min(d.rows, d.cols), d.rank_tolerance);
    fmt::print("row scaling: {}\n", Scaling(d.row_scaling));
    fmt::print("col scaling: {}\n", Scaling(d.col_scaling));
    if (d.equilibrated_cond_1)
      fmt::print("equilibrated cond_1 est.: {} (after geequ row/column scaling)\n",
                 Num(d.equilibrated_cond_1));
  }
  fmt::print("\nrecommendation: {}\n",
             d.recommendation.solver.empty() ? "none" : d.recommendation.solver);
  for (const std::string& a : d.recommendation.advice) fmt::print("  - {}\n", a);
}

nlohmann::json ReportJson(const MatrixFile& f, const DiagnoseArgs& args, const Diagnosis& d) {
  nlohmann::json j;
  j["tool"] = fmt::format("lapack-ai {} ({})", Version(), GitSha());
  j["file"] = {{"path", args.file}, {"format", f.format}, {"dtype", f.dtype},
               {"layout", f.layout}, {"symmetry", f.symmetry},
               {"stored_entries", f.stored_entries}};
  j["diagnosis"] = ToJson(d);
  return j;
}

}  // namespace

Action SetupDiagnose(CLI::App& sub) {
  auto args = std::make_shared<DiagnoseArgs>();
  // A .npy (float32/float64, C or Fortran order) or MatrixMarket .mtx file.
  sub.add_option("file", args->file, "Matrix file: .npy (float32/float64) or MatrixMarket .mtx")
      ->required();
  // Machine-readable output on stdout instead of the report (strict JSON).
  sub.add_flag("--json", args->json, "Print the diagnosis as JSON on stdout");
  // Exact SVD is O(n^3): above this size only LAPACK's condition estimate is given.
  sub.add_option("--svd-max", args->svd_max,
                 "Largest max(rows, cols) for the exact SVD (2-norm condition, rank)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  sub.footer("Example: lapack-ai diagnose A.npy --json\n"
             "Rules behind the recommendation: docs/DIAGNOSE.md. Exit 0, or 2 for a bad file.");
  return [args] {
    MatrixFile f = ReadMatrixFile(args->file);
    DiagnoseOptions options;
    options.eps = f.source_eps;
    options.svd_max_dim = args->svd_max;
    Diagnosis d = Diagnose(f.matrix, options);
    if (args->json) fmt::print("{}\n", ReportJson(f, *args, d).dump(2));
    else PrintReport(f, *args, d);
    return kExitOk;
  };
}

}  // namespace lapack_ai::cli
