// `lapack-ai tune`: measures, with bench's interleaved timing and checks, where each candidate
// scheme beats the base here, and writes alphatensor:auto's table for (this CPU, this base) into
// the user's crossovers file. --dry-run states the plan and its duration and writes nothing.
#include <algorithm>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lapack_ai/alphatensor/crossovers_file.h"
#include "lapack_ai/alphatensor/tune_decide.h"
#include "lapack_ai/alphatensor/tune_estimate.h"
#include "lapack_ai/alphatensor/tune_table.h"
#include "lapack_ai/backend.h"
#include "lapack_ai/context.h"
#include "lapack_ai/error.h"
#include "subcommand.h"
#include "sweep_options.h"
#include "tune_clblast.h"
#include "tune_format.h"

namespace lapack_ai::cli {
namespace {

namespace at = alphatensor;

// The sizes the shipped table was measured at: where Strassen starts to pay on CPUs (2048-4096)
// and where the 4x4 schemes overtake it (8192).
constexpr const char* kDefaultDims = "1024,2048,3072,4096,8192";
// Probe sizes of --dry-run: 1024 is near the steady rate of a CPU BLAS and costs well under a
// second; smaller when every planned case is smaller (its rate is then the one that matters).
// The reference's full checks stop at 1024 (2^30 multiply-adds) and it is ~50x slower: 256.
constexpr int64_t kProbeSize = 1024;
constexpr int64_t kReferenceProbeSize = 256;

int64_t ProbeSize(const std::vector<CaseParams>& cases) {
  int64_t largest = 1;
  for (const CaseParams& p : cases) largest = std::max(largest, std::min({p.m, p.n, p.k}));
  return std::min(kProbeSize, largest);
}

struct TuneFlags {
  SweepSettings sweep;  // type, dim, repeat, max-time, seed, threads, json, quiet
  std::string base = "openblas";
  std::string candidates;  // "" = DefaultTuneCandidates()
  double error_budget = 3;
  std::string output;  // "" = UserCrossoversPath()
  bool dry_run = false;
  std::string backend;  // opencl[:SELECTOR]: tune CLBlast instead (tune_clblast.h)
  std::string budget = "20s";
  int64_t size = 0;
  std::string only;
};

// --backend opencl tunes CLBlast; the crossover flags mean nothing there, and --budget/--size
// nothing to the crossovers: either mix is refused rather than silently ignored.
void CheckModeFlags(const CLI::App& sub, bool clblast) {
  const std::vector<const char*> refused =
      clblast ? std::vector<const char*>{"--base", "--type", "--dim", "--candidates",
                                         "--error-budget", "--repeat", "--max-time", "--seed",
                                         "--threads", "--output", "--json"}
              : std::vector<const char*>{"--budget", "--size", "--only"};
  for (const char* name : refused) {
    if (sub.get_option(name)->count() > 0) {
      throw UsageError(fmt::format("{}: only {} --backend opencl", name,
                                   clblast ? "without" : "with"));
    }
  }
}

// Everything the flags decide, checked before any measurement.
struct TuneSetup {
  std::vector<at::TuneCandidate> candidates;
  std::vector<std::string> backends;  // the base first, then each candidate on it
  SweepSpec spec;
  std::vector<CaseParams> cases;
  RunOptions options;
  std::string output;
  nlohmann::json file;  // the output file as it is now (format 2; empty if absent)
};

TuneSetup Prepare(TuneFlags& f) {
  CheckBackendSpec(f.base, "--base");
  if (ParseBackendSpec(f.base, "--base").family == "alphatensor") {
    throw UsageError(fmt::format("--base: invalid value '{}': tune measures alphatensor:auto on a "
                                 "base; give the base itself (openblas, lib:..., opencl)", f.base));
  }
  TuneSetup t;
  t.candidates = f.candidates.empty() ? at::DefaultTuneCandidates()
                                      : at::ParseTuneCandidates(f.candidates);
  t.backends.push_back(f.base);
  for (const at::TuneCandidate& c : t.candidates) t.backends.push_back(c.Spec(f.base));
  f.sweep.op = "gemm";
  f.sweep.baseline = f.base;
  t.spec = ParseSweepSpec(f.sweep);
  at::CheckTuneDims(t.spec.dims);
  t.cases = ExpandSweep(t.spec);
  t.options = ParseRunOptions(f.sweep, /*timing=*/true);
  t.output = f.output.empty() ? at::UserCrossoversPath() : f.output;
  if (t.output.empty()) {
    throw UsageError("--output: no default location: XDG_CONFIG_HOME and HOME are unset (or not "
                     "absolute); give --output FILE");
  }
  // A malformed file or an unusable base fails now, not after an hour of measuring.
  t.file = at::ReadCrossoversFile(t.output);
  if (const BackendInfo info = CreateBackendOrStandIn(f.base)->Info(); !info.available) {
    throw UsageError(fmt::format("--base: '{}' cannot run here: {}", f.base, info.note));
  }
  return t;
}

std::string TypeList(const SweepSpec& spec) {
  std::vector<std::string> types;
  for (Precision p : spec.types) types.emplace_back(ToString(p));
  return fmt::format("{}", fmt::join(types, ","));
}

std::string TableKeyText(const std::string& cpu, const std::string& base) {
  return fmt::format("cpu {}, base {}", cpu, base);
}

int DryRun(const TuneFlags& f, const TuneSetup& t) {
  auto base = CreateBackendOrStandIn(f.base);
  for (std::size_t i = 1; i < t.backends.size(); ++i) CreateBackend(t.backends[i]);  // names checked
  base->SetThreads(f.sweep.threads);
  const BackendInfo info = base->Info();
  const std::string cpu = CpuModel();
  fmt::print("tune plan (dry run: nothing is measured or written)\n");
  fmt::print("  cpu:        {} ({} cores)\n", cpu, std::thread::hardware_concurrency());
  fmt::print("  base:       {} ({}{})\n", f.base, info.library,
             info.threads > 0 ? fmt::format(", {} threads", info.threads) : "");
  std::vector<std::string> labels;
  for (const at::TuneCandidate& c : t.candidates) labels.push_back(c.Label());
  fmt::print("  candidates: {} (each as alphatensor:<scheme>@{})\n", fmt::join(labels, ", "), f.base);
  fmt::print("  rule:       fastest candidate with a 95 % speedup interval above 1, its check "
             "passed and error <= {:g}x the base's\n", f.error_budget);
  fmt::print("  cases:      gemm {} at {}: {} cases x {} backends, timed interleaved\n",
             TypeList(t.spec), f.sweep.dim, t.cases.size(), t.backends.size());
  fmt::print("  timing:     --repeat {}, --max-time {:g} s per case, --seed {}\n", f.sweep.repeat,
             f.sweep.max_time_s, f.sweep.seed);
  at::ProbeRates rates;
  std::string probe;
  const int64_t n = ProbeSize(t.cases);
  for (Precision p : t.spec.types) {
    const std::string what = fmt::format("{}{} {}gemm {}", probe.empty() ? "" : "; ", f.base, ToString(p), n);
    if (!base->Supports("gemm", p)) {
      probe += what + ": unsupported (its cases would be recorded so)";
      continue;
    }
    try {
      const double r = at::ProbeGemmRate(*base, p, n);
      (p == Precision::kSingle ? rates.single : rates.dbl) = r;
      probe += fmt::format("{}: {:.1f} GFLOP/s", what, r);
    } catch (const std::exception& e) {
      probe += fmt::format("{}: failed ({})", what, e.what());
    }
  }
  if (auto reference = CreateBackend("reference"); reference->Info().available) {
    rates.reference = at::ProbeGemmRate(*reference, Precision::kDouble, kReferenceProbeSize);
    probe += fmt::format("; reference dgemm {} (full checks): {:.1f} GFLOP/s", kReferenceProbeSize,
                         rates.reference);
  }
  fmt::print("  probe:      {}\n", probe);
  const at::TuneEstimate e = at::EstimateTuneTime(t.cases, t.backends.size(), t.options, rates);
  fmt::print("{}", EstimateTable(e, t.options.repeat_auto, t.options.max_time_s));
  const bool replaces = !at::FindTableJson(t.file, cpu, f.base).is_null();
  fmt::print("would write: {}, table ({}){}\n", t.output, TableKeyText(cpu, f.base),
             replaces ? ", replacing the one there" : "");
  if (!f.sweep.json.empty()) fmt::print("would write the bench results: {}\n", f.sweep.json);
  return kExitOk;
}

int Tune(const TuneFlags& f, const TuneSetup& t) {
  SweepPlan plan;
  plan.options = t.options;
  plan.threads = f.sweep.threads;
  plan.parts.push_back({t.cases, t.backends, t.options, f.sweep.threads,
                        fmt::format("tune: alphatensor:auto@{}", f.base)});
  plan.json_path = f.sweep.json;
  plan.print_recommendations = false;
  const PlanOutcome run = ExecutePlan(plan, f.sweep, /*timing=*/true);

  const auto decisions = at::DecideTune(run.doc.results, f.base, t.candidates, f.error_budget);
  if (!f.sweep.quiet) fmt::print("{}", DecisionTable(decisions, f.error_budget));
  // A table without a single measurement of the base would only replace a good one with noise.
  if (std::all_of(decisions.begin(), decisions.end(),
                  [](const at::TuneDecision& d) { return !d.base_problem.empty(); })) {
    fmt::print("\nno table written: the base gave no usable measurement at any size{}\n",
               decisions.empty() ? "" : " (" + decisions.front().base_problem + ")");
    return run.exit_code != kExitOk ? run.exit_code : kExitUsage;
  }
  at::TuneTableInfo info;
  info.cpu = run.doc.context.value("cpu_model", CpuModel());
  info.base = f.base;
  info.measured = at::MeasuredText(run.doc.context);
  info.types = t.spec.types;
  info.error_budget = f.error_budget;
  info.candidates = t.candidates;
  // Read again: another tune (another base) may have written the file during this run.
  nlohmann::json file = at::ReadCrossoversFile(t.output);
  const nlohmann::json previous = at::FindTableJson(file, info.cpu, info.base);
  at::ReplaceCrossoverTable(file, at::TuneTableJson(info, decisions, previous));
  at::WriteCrossoversFile(t.output, file);

  fmt::print("\nalphatensor:auto@{} crossovers on this machine:\n", f.base);
  for (Precision p : t.spec.types) {
    fmt::print("  {}\n", CrossoverLine(at::CompressDecisions(decisions, p), p));
  }
  const std::size_t others = file["tables"].size() - 1;
  fmt::print("written to {}, table ({}){}; alphatensor:auto@{} uses it from now on\n", t.output,
             TableKeyText(info.cpu, info.base),
             others > 0 ? fmt::format(", {} other table{} kept", others, others == 1 ? "" : "s")
                        : "",
             f.base);
  return run.exit_code;
}

}  // namespace

Action SetupTune(CLI::App& sub) {
  auto f = std::make_shared<TuneFlags>();
  f->sweep.dim = kDefaultDims;
  sub.add_option("--base", f->base,
                 "Backend whose GEMM the schemes run on and are timed against (any backend spec: "
                 "openblas, lib:NAME, opencl, ...)")
      ->capture_default_str();
  AddSweepFlagsNamed(sub, f->sweep, {"type", "dim"}, /*timing=*/true);
  sub.get_option("--dim")->capture_default_str();
  sub.add_option("--candidates", f->candidates,
                 "Schemes to measure, comma-separated, each optionally /levels (default "
                 "strassen,dps-4x4x4-48-accurate: the schemes within 3x the base's normwise "
                 "error)");
  sub.add_option("--error-budget", f->error_budget,
                 "A candidate is eligible only where its normwise error is at most this many "
                 "times the base's in the same case")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  AddSweepFlagsNamed(sub, f->sweep, {"repeat", "max-time", "seed", "threads"}, /*timing=*/true);
  sub.add_option("--output,-o", f->output,
                 "Crossovers file to update (default $XDG_CONFIG_HOME/lapack-ai/crossovers.json, "
                 "else ~/.config/lapack-ai/crossovers.json): the table of this CPU and base is "
                 "replaced, the others kept; written atomically");
  AddSweepFlagsNamed(sub, f->sweep, {"json", "quiet"}, /*timing=*/false);
  sub.add_flag("--dry-run", f->dry_run,
               "Print the cases, a probe of the base's GEMM rate and the estimated time; measure "
               "and write nothing");
  sub.add_option("--backend", f->backend,
                 "opencl[:SELECTOR]: pick our GEMM kernel's tile, tune CLBlast's kernels and the "
                 "factorizations' block sizes for that OpenCL device instead; the result goes to "
                 "$XDG_CONFIG_HOME/lapack-ai/clblast-<device>-<driver>.json");
  sub.add_option("--budget", f->budget,
                 "With --backend opencl: total tuning time, e.g. 20s, 5m, 1h")
      ->capture_default_str();
  sub.add_option("--size", f->size,
                 "With --backend opencl: GEMM size the tuners run at, a multiple of 128 (default "
                 "1024 on GPUs, 4096 for our kernel's tile there; 256 on other devices)");
  sub.add_option("--only", f->only,
                 "With --backend opencl: tune only these, comma-separated: gemm_tiled, Xgemm, "
                 "XgemmDirect, Copy, Pad, Transpose, Padtranspose, potrf_nb, getrf_nb, geqrf_nb (the "
                 "hybrid factorizations' block sizes, at 4096 and 16384 on GPUs, 512 elsewhere); the "
                 "file keeps its other entries");
  sub.footer(
      "alphatensor:auto@BASE looks for its table in $LAPACK_AI_ALPHATENSOR_CROSSOVERS, then in\n"
      "the crossovers file's table for this CPU and BASE, then in the shipped default\n"
      "(docs/ALPHATENSOR.md). Run tune on a quiet machine: `lapack-ai doctor` says what would\n"
      "mislead the timings.");
  return [f, &sub] {
    CheckModeFlags(sub, !f->backend.empty());
    if (!f->backend.empty()) {
      return RunClblastTune({f->backend, clblast_tuning::ParseBudget(f->budget), f->size,
                             f->only.empty() ? std::vector<std::string>{} : clblast_tuning::ParseOnly(f->only)},
                            f->dry_run);
    }
    const TuneSetup t = Prepare(*f);
    return f->dry_run ? DryRun(*f, t) : Tune(*f, t);
  };
}

}  // namespace lapack_ai::cli
