// The case loop shared by validate and bench: generate, reference, check each backend, then
// time the backends that ran, interleaved, and derive GFLOP/s and speedups.
#include "lapack_ai/runner.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_ai/timer.h"

namespace lapack_ai {
namespace {

std::string FailureMessage(const std::vector<CheckResult>& checks) {
  for (const CheckResult& c : checks) {
    if (!c.passed) {
      std::string msg = std::isfinite(c.value)
                            ? fmt::format("{} = {:.3g} >= threshold {}", c.name, c.value, c.threshold)
                            : fmt::format("{} is not finite", c.name);
      // LAPACK INFO checks (ops/lapack_checks.h): threshold holds the expected INFO, < 0 = any > 0.
      if (c.name.ends_with("_info")) {
        msg = fmt::format("{}: INFO = {}, expected {}", c.name, c.value,
                          c.threshold < 0 ? "> 0" : fmt::format("{}", c.threshold));
      }
      if (!c.note.empty()) msg += " (" + c.note + ")";
      return msg;
    }
  }
  // A passing LAPACK case still reports its decoded INFO (singular types) and warnings.
  for (const CheckResult& c : checks)
    if (c.name.ends_with("_info") && !c.note.empty()) return c.note;
  return "";
}

// Calls per sample so one sample lasts about `min_sample_s`: short calls are averaged over
// several iterations because a single sub-millisecond call is below the clock's useful
// resolution (validation.md §6.6).
int64_t IterationsFor(double seconds_per_call, double min_sample_s) {
  if (!(seconds_per_call > 0)) return 1;
  return std::clamp<int64_t>(static_cast<int64_t>(std::ceil(min_sample_s / seconds_per_call)), 1, 100000);
}

// A backend with a documented looser error bound (fast matmul: alphatensor) publishes the
// multiplier of the default threshold and the note stating why (scheme, L, E) in Info().extra.
// An explicit --tol is taken as given.
void ApplyBackendCheckScale(const BackendInfo& info, double tol, std::vector<CheckResult>& checks) {
  const auto scale = info.extra.find("check_threshold_scale");
  if (scale == info.extra.end()) return;
  const auto note = info.extra.find("check_note");
  for (CheckResult& c : checks) {
    if (c.name.find("normwise") == std::string::npos) continue;
    if (tol <= 0) c.threshold *= std::stod(scale->second);
    if (note != info.extra.end()) c.note += (c.note.empty() ? "" : "; ") + note->second;
    c.passed = std::isfinite(c.value) && c.value < c.threshold;
  }
}

}  // namespace

std::vector<CaseResult> Runner::Run(const std::vector<CaseParams>& cases,
                                    const std::vector<Backend*>& backends,
                                    const ProgressFn& progress) {
  std::vector<BackendInfo> infos;
  for (Backend* b : backends) infos.push_back(b->Info());

  std::vector<CaseResult> out;
  for (std::size_t ci = 0; ci < cases.size(); ++ci) {
    const CaseParams& params = cases[ci];
    if (progress) progress(ci, cases.size(), params.Key());
    const OpDescription* op = FindOp(params.op);
    LAPACK_AI_CHECK(op != nullptr);
    std::unique_ptr<OpCase> cs = op->MakeCase(params);

    std::string reference_error;
    try {
      cs->ComputeReference(reference_);
    } catch (const std::exception& e) {
      reference_error = std::string("reference computation failed: ") + e.what();
    }

    const std::size_t first = out.size();
    std::vector<std::unique_ptr<BoundCall>> bound(backends.size());
    std::vector<double> call_seconds(backends.size(), 0.0);
    for (std::size_t bi = 0; bi < backends.size(); ++bi) {
      Backend& b = *backends[bi];
      CaseResult r;
      r.params = params;
      r.backend = b.name();
      r.flops = cs->Flops();
      if (!infos[bi].available) {
        r.status = Status::kSkipped;
        r.message = "backend unavailable: " + infos[bi].note;
      } else if (!b.Supports(op->routine(), params.type)) {
        r.status = Status::kUnsupported;
        r.message = fmt::format("{} has no {}{}", b.name(), ToString(params.type), op->routine());
      } else if (!reference_error.empty()) {
        r.status = Status::kError;
        r.message = reference_error;
      } else {
        try {
          Call& call = cs->PrepareCall();
          bound[bi] = b.Bind(call);
          for (int w = 0; w < options_.warmup; ++w) {
            bound[bi]->Reset();
            const double t0 = SteadyClock().Now();
            bound[bi]->Run();
            call_seconds[bi] = SteadyClock().Now() - t0;
          }
          bound[bi]->Reset();
          const double t0 = SteadyClock().Now();
          bound[bi]->Run();
          if (options_.warmup == 0) call_seconds[bi] = SteadyClock().Now() - t0;
          bound[bi]->Fetch();
          r.checks = cs->Check(options_.tol);
          ApplyBackendCheckScale(infos[bi], options_.tol, r.checks);
          const bool ok = std::all_of(r.checks.begin(), r.checks.end(),
                                      [](const CheckResult& c) { return c.passed; });
          r.status = ok ? Status::kPass : Status::kFailed;
          r.message = FailureMessage(r.checks);
        } catch (const Unsupported& e) {
          r.status = Status::kUnsupported;
          r.message = e.what();
          bound[bi].reset();
        } catch (const std::exception& e) {
          r.status = Status::kError;
          r.message = e.what();
          bound[bi].reset();
        }
      }
      out.push_back(std::move(r));
    }

    if (options_.timing) {
      // Every backend's bound call must point at live operands while they are timed
      // interleaved, but each PrepareCall may have moved them (a case is free to reallocate).
      // So bind them all again to one final PrepareCall; rebinding is never timed.
      try {
        Call& call = cs->PrepareCall();
        for (std::size_t bi = 0; bi < backends.size(); ++bi) {
          if (bound[bi]) {
            bound[bi].reset();
            bound[bi] = backends[bi]->Bind(call);
          }
        }
      } catch (const std::exception& e) {
        for (std::size_t bi = 0; bi < backends.size(); ++bi) {
          if (!bound[bi]) continue;
          out[first + bi].status = Status::kError;
          out[first + bi].message = std::string("rebinding for timing failed: ") + e.what();
          bound[bi].reset();
        }
      }
      TimeCase(out, first, infos, bound, call_seconds);
    }
  }
  if (progress) progress(cases.size(), cases.size(), "");
  return out;
}

void Runner::TimeCase(std::vector<CaseResult>& out, std::size_t first,
                      const std::vector<BackendInfo>& infos,
                      const std::vector<std::unique_ptr<BoundCall>>& bound,
                      const std::vector<double>& call_seconds) {
  std::vector<TimedTarget> targets;
  std::vector<std::size_t> which;
  for (std::size_t bi = 0; bi < bound.size(); ++bi) {
    if (!bound[bi]) continue;
    targets.push_back({fmt::format("{}#{}", out[first + bi].backend, bi), bound[bi].get(),
                       IterationsFor(call_seconds[bi], options_.min_sample_s)});
    which.push_back(bi);
  }
  if (targets.empty()) return;
  std::vector<std::string> errors;
  const auto stats = TimeInterleaved(targets, options_.repeat, &errors);
  for (std::size_t t = 0; t < targets.size(); ++t) {
    CaseResult& r = out[first + which[t]];
    if (!errors[t].empty()) {
      r.status = Status::kError;
      r.message = "timing failed: " + errors[t];
      continue;
    }
    r.timing = stats[t];
    // Host<->device copies inside Run(), as the backend declares (BackendInfo.extra).
    const auto& extra = infos[which[t]].extra;
    const auto it = extra.find("transfers_included");
    r.timing->transfers_included = it != extra.end() && it->second == "true";
    if (stats[t].median_s > 0) r.gflops = r.flops / stats[t].median_s / 1e9;
  }
  // Speedups against the baseline measured in this same interleaved run.
  for (std::size_t bi = 0; bi < bound.size(); ++bi) {
    const CaseResult& base = out[first + bi];
    if (base.backend != options_.baseline || !base.timing || !(base.timing->median_s > 0)) continue;
    for (std::size_t oi = 0; oi < bound.size(); ++oi) {
      CaseResult& r = out[first + oi];
      r.baseline = options_.baseline;
      if (r.timing && r.timing->median_s > 0) r.speedup = base.timing->median_s / r.timing->median_s;
    }
  }
}

}  // namespace lapack_ai
