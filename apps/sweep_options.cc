// Shared sweep flags and the sweep driver used by `validate` and `bench`.
#include "sweep_options.h"

#include <chrono>
#include <cstdio>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "console.h"
#include "lapack_ai/backend.h"
#include "lapack_ai/context.h"
#include "lapack_ai/error.h"
#include "lapack_ai/result.h"
#include "subcommand.h"

namespace lapack_ai::cli {
namespace {

template <typename T, typename F>
std::vector<T> MapList(const std::string& text, const char* what, F parse) {
  std::vector<T> out;
  for (const std::string& item : SplitList(text, what)) out.push_back(parse(item, what));
  return out;
}

}  // namespace

void AddSweepFlags(CLI::App& sub, SweepFlags& f, bool timing) {
  sub.add_option("--op", f.op, "Routines, comma-separated (gemm)")->capture_default_str();
  sub.add_option("--type", f.type, "Precisions: s (float32), d (float64), comma-separated")
      ->capture_default_str();
  sub.add_option("--dim", f.dim,
                 "Sizes: N, start:end[:step], MxN[xK] (zip) or M*N[*K] (cartesian), comma-separated; "
                 "k/M/G and Ki/Mi suffixes");
  sub.add_option("--backend", f.backend,
                 "Backends, comma-separated: reference, openblas, alphatensor:<scheme>[/L]@<base>, ...");
  sub.add_option("--transA", f.transa, "op(A) for gemm: n, t (list)")->capture_default_str();
  sub.add_option("--transB", f.transb, "op(B) for gemm: n, t (list)")->capture_default_str();
  sub.add_option("--alpha", f.alpha, "alpha values (list)")->capture_default_str();
  sub.add_option("--beta", f.beta, "beta values (list)")->capture_default_str();
  sub.add_option("--nrhs", f.nrhs, "Right-hand sides for solvers (list)")->capture_default_str();
  sub.add_option("--batch", f.batch, "Matrices per call for gemm_batched (list)")->capture_default_str();
  sub.add_option("--matrix", f.matrix,
                 "Test matrix generator types for LAPACK routines (list; see docs/VALIDATION.md)")
      ->capture_default_str();
  sub.add_option("--cond", f.cond, "Condition numbers for generated matrices (list; 0 = type default)")
      ->capture_default_str();
  sub.add_option("--seed", f.seed, "Base seed; each case derives a fixed seed from it")
      ->capture_default_str();
  sub.add_option("--tol", f.tol,
                 "Threshold on each check's ratio, overriding the per-routine default "
                 "(gemm 3, LAPACK LIN 30); 0 = defaults")
      ->check(CLI::NonNegativeNumber);
  sub.add_option("--threads", f.threads, "Worker threads for BLAS backends; 0 = library default")
      ->check(CLI::NonNegativeNumber);
  sub.add_option("--json", f.json,
                 timing ? "Results JSON path (default results/<UTC>.json), written atomically"
                        : "Write results JSON to this path (atomically)");
  sub.add_flag("--quiet,-q", f.quiet, "No progress bar and no table; summary line only");
  sub.add_flag("--full-check", f.full_check,
               "Always compute the full reference result (large gemm otherwise uses a projected check)");
  if (timing) {
    sub.add_option("--repeat", f.repeat, "Timed samples per case and backend (1..1000)")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
    sub.add_option("--warmup", f.warmup, "Untimed calls before timing (0..100)")
        ->check(CLI::Range(0, 100))
        ->capture_default_str();
    sub.add_option("--baseline", f.baseline, "Backend the speedup column is measured against")
        ->capture_default_str();
    sub.add_option("--min-sample-time", f.min_sample_s,
                   "Seconds one sample should last; short calls are repeated within a sample")
        ->check(CLI::Range(0.0, 10.0))
        ->capture_default_str();
  }
}

SweepPlan BuildPlan(const CLI::App& sub, const SweepFlags& f, bool timing) {
  SweepSpec spec;
  spec.ops = SplitList(f.op, "--op");
  spec.types = MapList<Precision>(f.type, "--type",
                                  [](const std::string& s, const char* w) { return ParsePrecision(s, w); });
  spec.transa = MapList<Trans>(f.transa, "--transA",
                               [](const std::string& s, const char* w) { return ParseTrans(s, w); });
  spec.transb = MapList<Trans>(f.transb, "--transB",
                               [](const std::string& s, const char* w) { return ParseTrans(s, w); });
  spec.alpha = ParseRealList(f.alpha, "--alpha");
  spec.beta = ParseRealList(f.beta, "--beta");
  spec.seed = static_cast<uint64_t>(ParseCount(f.seed, "--seed"));
  spec.nrhs.clear();
  for (const auto& r : SplitList(f.nrhs, "--nrhs")) spec.nrhs.push_back(ParseCount(r, "--nrhs"));
  spec.batches.clear();
  for (const auto& b : SplitList(f.batch, "--batch")) spec.batches.push_back(ParseCount(b, "--batch"));
  spec.matrices = SplitList(f.matrix, "--matrix");
  spec.conds = ParseRealList(f.cond, "--cond");
  spec.full_check = f.full_check;
  const bool dims_given = sub.count("--dim") > 0;
  spec.dims = ParseDims(dims_given ? f.dim : (timing ? DefaultBenchDims() : DefaultValidateDims()));

  SweepPlan plan;
  plan.options.timing = timing;
  plan.options.repeat = f.repeat;
  plan.options.warmup = f.warmup;
  plan.options.tol = f.tol;
  plan.options.baseline = f.baseline;
  plan.options.min_sample_s = f.min_sample_s;

  const auto cases = ExpandSweep(spec);
  if (sub.count("--backend") > 0) {
    auto backends = SplitList(f.backend, "--backend");
    for (const auto& b : backends) ParseBackendSpec(b);  // fail early, before any work
    plan.parts.push_back({cases, backends});
  } else {
    plan.parts = timing ? DefaultBenchParts(cases) : DefaultValidateParts(cases);
  }
  return plan;
}

int RunPlan(const SweepPlan& plan, const SweepFlags& f, bool timing) {
  auto reference = CreateBackend("reference");
  const BackendInfo ref_info = reference->Info();
  if (!ref_info.available) throw BackendError(ref_info.note);

  // One backend object per distinct spec, shared across parts.
  std::vector<std::unique_ptr<Backend>> owned;
  auto get = [&](const std::string& spec) -> Backend* {
    for (auto& b : owned) if (b->name() == spec) return b.get();
    owned.push_back(CreateBackend(spec));
    owned.back()->SetThreads(f.threads);
    return owned.back().get();
  };
  std::vector<std::vector<Backend*>> part_backends;
  for (const SweepPart& part : plan.parts) {
    std::vector<Backend*> bs;
    for (const auto& s : part.backends) bs.push_back(get(s));
    part_backends.push_back(bs);
  }
  std::vector<const Backend*> all;
  for (auto& b : owned) all.push_back(b.get());

  ResultsDocument doc;
  doc.context = CollectContext(CommandLine(), all);
  doc.context["mode"] = timing ? "bench" : "validate";
  doc.context["options"] = {{"repeat", plan.options.repeat}, {"warmup", plan.options.warmup},
                            {"tol_override", plan.options.tol}, {"baseline", plan.options.baseline},
                            {"min_sample_s", plan.options.min_sample_s}, {"threads", f.threads}};
  const Console console(f.quiet);
  console.PrintHeader(doc.context);

  std::size_t total = 0, done = 0;
  for (const SweepPart& p : plan.parts) total += p.cases.size();
  Runner runner(*reference, plan.options);
  ProgressBar bar(console.ShowProgress(), total);
  for (std::size_t i = 0; i < plan.parts.size(); ++i) {
    auto results = runner.Run(plan.parts[i].cases, part_backends[i],
                              [&](std::size_t d, std::size_t, const std::string& what) {
                                bar.Update(done + d, what);
                              });
    done += plan.parts[i].cases.size();
    for (auto& r : results) doc.results.push_back(std::move(r));
  }
  bar.Finish();
  console.PrintTable(doc.results, timing);
  const Summary s = Summarize(doc.results);
  console.PrintSummary(s);

  std::string path = f.json;
  if (path.empty() && timing) {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    path = fmt::format("results/{:%Y%m%dT%H%M%SZ}.json", fmt::gmtime(now));
  }
  if (!path.empty()) {
    WriteFileAtomically(path, ToJson(doc).dump(2) + "\n");
    console.Note(fmt::format("results written to {}", path));
  }
  return s.ok() ? kExitOk : kExitCheckFailed;
}

}  // namespace lapack_ai::cli
