// The case loop shared by validate and bench: memory preflight, generate, reference, check each
// backend, then time the backends that ran (timing_rounds.cc).
#include "lapack_ai/runner.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_ai/timer.h"
#include "memory_preflight.h"

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

// Untimed calls (first-call costs: kernel compiles, page faults, thread start) and one more
// whose result is checked. Returns the seconds of the last warm-up call, or of the checked one
// without warm-up, from which the iterations per timed sample are derived.
double WarmUp(BoundCall& call, int warmup) {
  double seconds = 0;
  for (int w = 0; w < warmup; ++w) {
    call.Reset();
    const double t0 = SteadyClock().Now();
    call.Run();
    seconds = SteadyClock().Now() - t0;
  }
  call.Reset();
  const double t0 = SteadyClock().Now();
  call.Run();
  return warmup == 0 ? SteadyClock().Now() - t0 : seconds;
}

}  // namespace

std::vector<CaseResult> Runner::Run(const std::vector<CaseParams>& cases,
                                    const std::vector<Backend*>& backends,
                                    const ProgressFn& progress, const CaseDoneFn& case_done) {
  std::vector<BackendInfo> infos;
  for (Backend* b : backends) infos.push_back(b->Info());
  std::vector<CaseResult> out;
  for (std::size_t ci = 0; ci < cases.size(); ++ci) {
    if (progress) progress(ci, cases.size(), cases[ci].Key());
    RunCase(cases[ci], backends, infos, out);
    if (case_done) case_done(out);
  }
  if (progress) progress(cases.size(), cases.size(), "");
  return out;
}

void Runner::RunCase(const CaseParams& params, const std::vector<Backend*>& backends,
                     const std::vector<BackendInfo>& infos, std::vector<CaseResult>& out) {
  const OpDescription* op = FindOp(params.op);
  LAPACK_AI_CHECK(op != nullptr);
  const std::size_t first = out.size();
  std::vector<bool> runs = Triage(*op, params, backends, infos, out);
  if (!Preflight(*op, params, backends, memory_, runs, out, first)) return;

  memory_.ResetPeak();
  std::unique_ptr<OpCase> cs;
  try {
    cs = op->MakeCase(params);
  } catch (const std::bad_alloc&) {
    MarkAllocationFailure(out, first, runs, "generating the case's operands");
    return;
  } catch (const std::length_error&) {
    MarkAllocationFailure(out, first, runs, "generating the case's operands");
    return;
  }
  std::string reference_error;
  try {
    cs->ComputeReference(reference_);
  } catch (const std::bad_alloc&) {
    MarkAllocationFailure(out, first, runs, "computing the reference result");
    return;
  } catch (const std::exception& e) {
    reference_error = std::string("reference computation failed: ") + e.what();
  }

  std::vector<std::unique_ptr<BoundCall>> bound(backends.size());
  std::vector<double> call_seconds(backends.size(), 0.0);
  for (std::size_t bi = 0; bi < backends.size(); ++bi) {
    CaseResult& r = out[first + bi];
    r.flops = cs->Flops();
    if (!runs[bi]) continue;
    if (!reference_error.empty()) {
      r.status = Status::kError;
      r.message = reference_error;
      continue;
    }
    if (!AdmitBind(*backends[bi], r)) continue;
    bound[bi] = CheckOn(*backends[bi], infos[bi], *cs, r, call_seconds[bi]);
  }
  if (options_.timing) {
    RebindForTiming(*cs, backends, bound, out, first);
    TimeCase(out, first, infos, bound, call_seconds);
  }
  const std::optional<double> peak = memory_.PeakRssBytes();
  for (std::size_t bi = 0; bi < backends.size(); ++bi) out[first + bi].memory.peak_rss_bytes = peak;
}

std::vector<bool> Runner::Triage(const OpDescription& op, const CaseParams& params,
                                 const std::vector<Backend*>& backends,
                                 const std::vector<BackendInfo>& infos,
                                 std::vector<CaseResult>& out) {
  std::vector<bool> runs(backends.size(), false);
  for (std::size_t bi = 0; bi < backends.size(); ++bi) {
    CaseResult r;
    r.params = params;
    r.backend = backends[bi]->name();
    if (!infos[bi].available) {
      r.status = Status::kSkipped;
      r.message = "backend unavailable: " + infos[bi].note;
    } else if (!backends[bi]->Supports(op.routine(), params.type)) {
      r.status = Status::kUnsupported;
      r.message = fmt::format("{} has no {}{}", r.backend, ToString(params.type), op.routine());
    } else {
      runs[bi] = true;
    }
    out.push_back(std::move(r));
  }
  return runs;
}

std::unique_ptr<BoundCall> Runner::CheckOn(Backend& backend, const BackendInfo& info, OpCase& cs,
                                           CaseResult& r, double& call_seconds) {
  std::unique_ptr<BoundCall> bound;
  try {
    bound = backend.Bind(cs.PrepareCall());
    call_seconds = WarmUp(*bound, options_.warmup);
    bound->Fetch();
    r.checks = cs.Check(options_.tol);
    ApplyBackendCheckScale(info, options_.tol, r.checks);
    const bool ok = std::all_of(r.checks.begin(), r.checks.end(),
                                [](const CheckResult& c) { return c.passed; });
    r.status = ok ? Status::kPass : Status::kFailed;
    r.message = FailureMessage(r.checks);
    return bound;
  } catch (const Unsupported& e) {
    r.status = Status::kUnsupported;
    r.message = e.what();
  } catch (const std::bad_alloc&) {
    MarkAllocationFailure(r, fmt::format("running it on {}", r.backend));
  } catch (const std::exception& e) {
    r.status = Status::kError;
    r.message = e.what();
  }
  return nullptr;
}

void Runner::RebindForTiming(OpCase& cs, const std::vector<Backend*>& backends,
                             std::vector<std::unique_ptr<BoundCall>>& bound,
                             std::vector<CaseResult>& out, std::size_t first) {
  // Every backend's bound call must point at live operands while they are timed interleaved,
  // but each PrepareCall may have moved them (a case is free to reallocate). So bind them all
  // again to one final PrepareCall; rebinding is never timed.
  try {
    Call& call = cs.PrepareCall();
    for (std::size_t bi = 0; bi < backends.size(); ++bi) {
      if (!bound[bi]) continue;
      bound[bi].reset();
      bound[bi] = backends[bi]->Bind(call);
    }
  } catch (const std::exception& e) {
    for (std::size_t bi = 0; bi < backends.size(); ++bi) {
      if (!bound[bi]) continue;
      out[first + bi].status = Status::kError;
      out[first + bi].message = std::string("rebinding for timing failed: ") + e.what();
      bound[bi].reset();
    }
  }
}

}  // namespace lapack_ai
