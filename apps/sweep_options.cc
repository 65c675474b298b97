// Sweep flags built from the parameter table, plans from flags or scenarios, and the driver that
// runs a plan for `validate`, `bench` and `run`.
#include "sweep_options.h"

#include <chrono>
#include <cstdlib>
#include <type_traits>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "console.h"
#include "lapack_ai/backend.h"
#include "lapack_ai/context.h"
#include "lapack_ai/env.h"
#include "lapack_ai/error.h"
#include "lapack_ai/reports/html.h"
#include "lapack_ai/result.h"
#include "lapack_ai/sweep_run.h"
#include "lapack_ai/what_to_use.h"
#include "subcommand.h"

namespace lapack_ai::cli {
namespace {

std::string FlagName(const SweepParam& p) {
  std::string name = fmt::format("--{}", p.key);
  if (p.short_flag != '\0') name += fmt::format(",-{}", p.short_flag);
  return name;
}

bool Given(const CLI::App& sub, const SweepParam& p) {
  return sub.get_option_no_throw(fmt::format("--{}", p.key)) != nullptr &&
         sub.count(fmt::format("--{}", p.key)) > 0;
}

void AddFlag(CLI::App& sub, SweepSettings& s, const SweepParam& p, bool timing) {
  const std::string help(timing && !p.timing_help.empty() ? p.timing_help : p.help);
  std::visit(
      [&](auto member) {
        using T = std::remove_reference_t<decltype(s.*member)>;
        if constexpr (std::is_same_v<T, bool>) {
          sub.add_flag(FlagName(p), s.*member, help);
        } else {
          CLI::Option* o = sub.add_option(FlagName(p), s.*member, help);
          if (p.range == RangeStyle::kNonNegative) o->check(CLI::NonNegativeNumber);
          if constexpr (std::is_same_v<T, int>) {
            if (p.range == RangeStyle::kRange) {
              o->check(CLI::Range(static_cast<int>(p.min), static_cast<int>(p.max)));
            }
          } else if constexpr (std::is_same_v<T, double>) {
            if (p.range == RangeStyle::kRange) o->check(CLI::Range(p.min, p.max));
          }
          if (p.show_default) o->capture_default_str();
        }
      },
      p.field);
}

// How --repeat auto ended, over all timed records: "auto-repeat: 10 timings converged, 2
// stopped at --max-time, 1 at 1000 samples (their intervals are wider than the target)".
std::string AutoRepeatNote(const std::vector<CaseResult>& results) {
  int converged = 0, max_time = 0, max_samples = 0;
  for (const CaseResult& r : results) {
    if (!r.timing) continue;
    converged += r.timing->stop_reason == "converged";
    max_time += r.timing->stop_reason == "max_time";
    max_samples += r.timing->stop_reason == "max_samples";
  }
  if (converged + max_time + max_samples == 0) return "";
  std::string note = fmt::format("auto-repeat: {} timing{} converged", converged, converged == 1 ? "" : "s");
  if (max_time > 0) note += fmt::format(", {} stopped at --max-time", max_time);
  if (max_samples > 0) note += fmt::format(", {} at 1000 samples", max_samples);
  if (max_time + max_samples > 0) note += " (their intervals are wider than the target)";
  return note;
}

}  // namespace

void AddSweepFlags(CLI::App& sub, SweepSettings& s, bool timing) {
  for (const SweepParam& p : SweepParams()) {
    if (p.scope != ParamScope::kTiming || timing) AddFlag(sub, s, p, timing);
  }
}

void AddSweepFlagsNamed(CLI::App& sub, SweepSettings& s,
                        std::initializer_list<std::string_view> keys, bool timing) {
  for (std::string_view key : keys) {
    const SweepParam* p = FindSweepParam(key);
    LAPACK_AI_CHECK(p != nullptr);
    AddFlag(sub, s, *p, timing);
  }
}

bool AnyCaseFlagGiven(const CLI::App& sub) {
  for (const SweepParam& p : SweepParams()) {
    if (p.scope == ParamScope::kCase && Given(sub, p)) return true;
  }
  return false;
}

SweepPlan BuildPlan(const CLI::App& sub, const SweepSettings& flags, bool timing) {
  if (timing && !AnyCaseFlagGiven(sub)) {
    SweepPlan plan = ScenarioPlan(DefaultBenchScenario(), sub, flags);
    plan.json_path = flags.json.empty() ? TimestampedPath("results", "") + ".json" : flags.json;
    return plan;
  }
  SweepSettings s = flags;
  if (sub.count("--dim") == 0) s.dim = timing ? DefaultBenchDims() : DefaultValidateDims();
  const auto cases = timing ? ExpandSweep(ParseSweepSpec(s)) : ExpandValidateSweep(sub, s);
  if (timing) CheckBackendSpec(s.baseline, "--baseline");

  SweepPlan plan;
  plan.options = ParseRunOptions(s, timing);
  plan.threads = s.threads;
  if (sub.count("--backend") > 0) {
    auto backends = SplitList(s.backend, "--backend");
    for (const auto& b : backends) CheckBackendSpec(b, "--backend");  // fail before any work
    plan.parts.push_back({cases, backends});
  } else {
    plan.parts = timing ? DefaultBenchParts(cases) : DefaultValidateParts(cases);
  }
  for (SweepPart& part : plan.parts) {
    part.options = plan.options;
    part.threads = plan.threads;
  }
  plan.json_path = s.json;
  if (plan.json_path.empty() && timing) plan.json_path = TimestampedPath("results", "") + ".json";
  return plan;
}

SweepPlan ScenarioPlan(const Scenario& sc, const CLI::App& sub, const SweepSettings& flags) {
  auto with_flags = [&](SweepSettings s) {
    for (const SweepParam& p : SweepParams()) {
      if (p.scope != ParamScope::kCliOnly && Given(sub, p)) CopySweepValue(p, flags, s);
    }
    return s;
  };
  SweepPlan plan;
  const SweepSettings top = with_flags(sc.defaults);
  plan.options = ParseRunOptions(top, /*timing=*/true);
  plan.threads = top.threads;
  nlohmann::json sweeps = nlohmann::json::array();
  for (const ScenarioSweep& sweep : sc.sweeps) {
    const SweepSettings s = with_flags(sweep.settings);
    SweepPart part{ExpandSweep(ParseSweepSpec(s)), SplitList(s.backend, "--backend"),
                   ParseRunOptions(s, /*timing=*/true), s.threads, sweep.description};
    for (const auto& b : part.backends) CheckBackendSpec(b, "--backend");
    CheckBackendSpec(s.baseline, "--baseline");
    nlohmann::json j = RunOptionsJson(part.options, part.threads);
    j["description"] = part.description;
    j["backends"] = part.backends;
    j["cases"] = part.cases.size();
    sweeps.push_back(std::move(j));
    plan.parts.push_back(std::move(part));
  }
  plan.scenario = {{"name", sc.name},
                   {"description", sc.description},
                   {"source", sc.source},
                   {"hash", sc.hash},
                   {"sweeps", std::move(sweeps)}};
  return plan;
}

std::string TimestampedPath(const std::string& dir, const std::string& prefix) {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  return fmt::format("{}/{}{:%Y%m%dT%H%M%SZ}", dir, prefix, fmt::gmtime(now));
}

int RunPlan(const SweepPlan& plan, const SweepFlags& flags, bool timing) {
  return ExecutePlan(plan, flags, timing).exit_code;
}

PlanOutcome ExecutePlan(const SweepPlan& plan, const SweepFlags& flags, bool timing) {
  // The opencl backend reads its default device from the environment; --device sets it for
  // this process only, before any backend is created.
  if (!flags.device.empty()) setenv("LAPACK_AI_OPENCL_DEVICE", flags.device.c_str(), 1);
  if (flags.allow_tf32) setenv("LAPACK_AI_CUDA_TF32", "1", 1);
  std::size_t total = 0;
  for (const SweepPart& part : plan.parts) total += part.cases.size();
  nlohmann::json extra = nlohmann::json::object();
  if (!plan.scenario.is_null()) extra["scenario"] = plan.scenario;
  const Console console(flags.quiet);
  ProgressBar bar(console.ShowProgress(), total);
  SweepObserver observer;
  observer.started = [&](const nlohmann::json& context, const nlohmann::json& warnings) {
    console.PrintHeader(context);
    console.PrintWarnings(warnings, "at start");
  };
  observer.block = [&](std::size_t i, std::size_t n, const SweepBlock& block) {
    if (!block.description.empty() && !console.ShowProgress()) {
      console.Note(fmt::format("sweep {}/{}: {}", i + 1, n, block.description));
    }
  };
  observer.progress = [&](std::size_t done, std::size_t, const std::string& what) { bar.Update(done, what); };
  if (!plan.json_path.empty()) {
    // Rewritten (atomically) after the first case, then at most once a second (SweepObserver):
    // a run killed by a time limit keeps what it did up to its last second or so.
    observer.partial = [&](const ResultsDocument& so_far) {
      WriteFileAtomically(plan.json_path, ToJson(so_far).dump(2) + "\n");
    };
  }
  SweepOutcome run = RunSweepBlocks(plan.parts, plan.options, plan.threads, timing, CommandLine(), extra, observer);
  bar.Finish();

  PlanOutcome outcome;
  outcome.doc = std::move(run.doc);
  ResultsDocument& doc = outcome.doc;
  console.PrintTable(doc.results, timing);
  if (timing) {
    if (plan.print_recommendations) console.PrintRecommendations(doc.recommendations);
    if (const std::string note = AutoRepeatNote(doc.results); !note.empty()) console.Note("\n" + note);
  }
  console.PrintWarnings(run.warnings_at_end, "during the run");
  const Summary s = Summarize(doc.results);
  console.PrintSummary(s);
  if (const std::size_t findings = doc.context["warnings"].size(); findings > 0) {
    console.Note(fmt::format("{} environment finding{} above: see the fixes before trusting these "
                             "numbers (lapack-ai doctor)",
                             findings, findings == 1 ? "" : "s"));
  }

  if (!plan.json_path.empty()) {
    WriteFileAtomically(plan.json_path, ToJson(doc).dump(2) + "\n");
    console.Note(fmt::format("results written to {}", plan.json_path));
  }
  if (!plan.html_path.empty()) {
    reports::HtmlOptions html;
    if (!plan.scenario.is_null()) html.title = "lapack-ai: " + plan.scenario.value("name", "");
    WriteFileAtomically(plan.html_path, reports::RenderHtml({doc}, html));
    console.Note(fmt::format("report written to {}", plan.html_path));
  }
  outcome.exit_code = s.resource_errors > 0 ? kExitUsage : s.ok() ? kExitOk : kExitCheckFailed;
  return outcome;
}

}  // namespace lapack_ai::cli
