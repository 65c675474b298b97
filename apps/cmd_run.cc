// `lapack-ai run SCENARIO`: a declared workload (a scenario file, or a shipped one by name) run
// as bench + validate; writes <out>/<name>-<UTC>.json and the HTML report beside it.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lapack_ai/error.h"
#include "lapack_ai/scenario.h"
#include "subcommand.h"
#include "sweep_options.h"

namespace lapack_ai::cli {
namespace {

struct RunFlags {
  std::string scenario;
  std::string out;
  bool no_html = false;
  bool list = false;
  bool dry_run = false;
  SweepFlags sweep;
};

int ListShipped() {
  for (const ShippedScenario& s : ShippedScenarios()) {
    std::string description;
    try {
      description = ParseScenario(s.text, fmt::format("scenarios/{}.json", s.name)).description;
    } catch (const UsageError&) {
      description = "(does not parse in this build: run it to see why)";
    }
    fmt::print("{:<24}{}\n", s.name, description);
  }
  return kExitOk;
}

int DryRun(const Scenario& sc, const SweepPlan& plan) {
  fmt::print("{} ({}): {}\n", sc.name, sc.source, sc.description);
  std::size_t total = 0;
  for (std::size_t i = 0; i < plan.parts.size(); ++i) {
    const SweepPart& p = plan.parts[i];
    total += p.cases.size() * p.backends.size();
    fmt::print("  sweep {}: {} cases x {} backends ({}){}\n", i + 1, p.cases.size(),
               p.backends.size(), fmt::join(p.backends, ", "),
               p.description.empty() ? "" : ": " + p.description);
  }
  fmt::print("  {} case runs; results would go to {}\n", total, plan.json_path);
  return kExitOk;
}

int Run(const CLI::App& sub, const RunFlags& f) {
  if (f.list) return ListShipped();
  if (f.scenario.empty()) {
    throw UsageError(
        "run: give a scenario file or the name of a shipped one (run --list shows them)");
  }
  const Scenario sc = LoadScenario(f.scenario);
  SweepPlan plan = ScenarioPlan(sc, sub, f.sweep);
  const std::string dir = f.out.empty() ? sc.output_dir : f.out;
  plan.json_path =
      f.sweep.json.empty() ? TimestampedPath(dir, sc.name + "-") + ".json" : f.sweep.json;
  if (sc.html && !f.no_html) {
    const std::string& j = plan.json_path;
    plan.html_path = (j.ends_with(".json") ? j.substr(0, j.size() - 5) : j) + ".html";
  }
  if (f.dry_run) return DryRun(sc, plan);
  return RunPlan(plan, f.sweep, /*timing=*/true);
}

}  // namespace

Action SetupRun(CLI::App& sub) {
  auto f = std::make_shared<RunFlags>();
  sub.add_option("scenario", f->scenario,
                 "Scenario file (JSON with comments), or the name of a shipped scenario (--list)");
  sub.add_flag("--list", f->list, "List the shipped scenarios and exit");
  sub.add_flag("--dry-run", f->dry_run,
               "Check the scenario and print its sweeps and case counts; run nothing");
  sub.add_option("--out", f->out,
                 "Folder for <name>-<UTC>.json and .html (default: the scenario's output.dir, "
                 "else results)");
  sub.add_flag("--no-html", f->no_html, "Write only the JSON, not the HTML report");
  AddSweepFlags(sub, f->sweep, /*timing=*/true);
  sub.get_option("--json")->description(
      "Results JSON path (default <out>/<name>-<UTC>.json), written atomically; the HTML goes "
      "beside it");
  sub.footer(
      "Sweep flags given here override the scenario's values in every sweep, e.g.\n"
      "  lapack-ai run default --repeat 3 --out /tmp/results\n"
      "Scenario format: docs/SCENARIOS.md. Exit codes: 0 all passed, 1 a check failed, 2 bad "
      "input.");
  return [&sub, f] { return Run(sub, *f); };
}

}  // namespace lapack_ai::cli
