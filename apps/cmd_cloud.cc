// `lapack-ai cloud plan|run|status|teardown|gc|matrix`: parsing and printing only; the work is in
// lapack_ai::cloud (pipeline.h, provider.h). status/teardown/gc are in cmd_cloud_admin.cc.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cmd_cloud.h"
#include "lapack_ai/cloud/pipeline.h"
#include "lapack_ai/cloud/process.h"
#include "lapack_ai/error.h"
#include "subcommand.h"

namespace lapack_ai::cli {

cloud::RunConfig LoadCloudConfig(const CloudFlags& f) {
  cloud::RunConfig c = cloud::ReadRunConfig(f.config, f.provider);
  if (!f.run_id.empty()) {
    cloud::CheckRunId(f.run_id);
    c.run_id = f.run_id;
  }
  if (!f.endpoint_url.empty()) c.endpoint_url = f.endpoint_url;
  if (!f.output.empty()) c.output_dir = f.output;
  if (!f.bundle.empty()) c.bundle = f.bundle;
  return c;
}

cloud::RunOptions CloudRunOptions(const CloudFlags& f) {
  cloud::RunOptions o;
  o.state_dir = f.state_dir;
  o.only_legs = f.legs;
  o.command_line = CommandLine();
  o.quiet = f.quiet;
  o.no_merge = f.no_merge;
  return o;
}

void AddCloudFlags(CLI::App& sub, CloudFlags& f, bool config_required) {
  auto* cfg = sub.add_option("config", f.config, "Run config (JSON with comments; cloud/README.md)");
  if (config_required) cfg->required();
  cfg->check(CLI::ExistingFile);
  sub.add_option("--provider", f.provider, "Provider of legs that name none: local, aws, ssh, slurm");
  sub.add_option("--run-id", f.run_id, "Run id (default: the config's run_id, else a new one)");
  sub.add_option("--endpoint-url", f.endpoint_url,
                 "aws: passed to every aws CLI call (e.g. a moto server on http://127.0.0.1:PORT)");
  sub.add_option("--state-dir", f.state_dir,
                 "Folder of state files (default $LAPACK_AI_CLOUD_STATE_DIR, else "
                 "~/.local/state/lapack-ai/cloud)");
}

namespace {

void PrintPlan(const cloud::Plan& plan, const std::string& run_id) {
  std::printf("Plan for run %s (nothing has been created):\n", run_id.c_str());
  std::string leg = "\x01";
  for (const cloud::PlannedCall& c : plan.calls) {
    if (c.leg != leg) {
      leg = c.leg;
      std::printf("\nleg %s:\n", leg.empty() ? "(run)" : leg.c_str());
    }
    std::printf("  # %s\n  %s\n", c.purpose.c_str(), cloud::FormatCommand(c.argv).c_str());
  }
  std::printf("\nCost estimate (worst case: price x count x lifetime x launches):\n");
  for (const cloud::LegCost& c : plan.costs) {
    std::printf("  %-20s %s\n", c.leg.c_str(),
                std::isfinite(c.max_usd)
                    ? fmt::format("${:.2f}  (${:.4f}/h x {:.2f} h x {}; {})", c.max_usd, c.usd_per_hour,
                                  c.hours, c.count, c.basis).c_str()
                    : fmt::format("unknown ({})", c.basis).c_str());
  }
  const double total = plan.TotalMaxUsd();
  std::printf("  %-20s %s\n", "total", std::isfinite(total) ? fmt::format("${:.2f}", total).c_str() : "unknown");
  for (const std::string& n : plan.notes) std::printf("note: %s\n", n.c_str());
}

int RunPlan(const CloudFlags& f) {
  cloud::RegisterEnvironmentSecrets();
  const cloud::RunConfig config = LoadCloudConfig(f);
  const cloud::Plan plan = cloud::PlanRun(config, CloudRunOptions(f));
  PrintPlan(plan, config.run_id.empty() ? "<new run id>" : config.run_id);
  if (config.budget_usd && std::isfinite(plan.TotalMaxUsd()) && plan.TotalMaxUsd() > *config.budget_usd)
    std::printf("budget: $%.2f is over budget_usd $%.2f: `cloud run` would refuse\n", plan.TotalMaxUsd(),
                *config.budget_usd);
  return kExitOk;
}

int RunRun(const CloudFlags& f) {
  if (f.dry_run) return RunPlan(f);
  cloud::Cancellation::Install();
  const cloud::RunConfig config = LoadCloudConfig(f);
  const cloud::RunOutcome out = cloud::RunPipeline(config, CloudRunOptions(f));
  std::fprintf(stderr, "run %s: %d leg(s) ok, %d failed%s; state %s\n", out.run_id.c_str(), out.legs_ok,
               out.legs_failed, out.cancelled ? " (cancelled)" : "", out.state_path.c_str());
  if (!out.merged_json.empty()) std::printf("%s\n", out.merged_json.c_str());
  if (!out.html.empty()) std::printf("%s\n", out.html.c_str());
  if (!out.teardown_clean) {
    std::fprintf(stderr,
                 "lapack-ai: error: teardown could not confirm every resource ended; run `lapack-ai "
                 "cloud teardown --run-id %s` and check the provider's console\n",
                 out.run_id.c_str());
    return kExitCheckFailed;
  }
  if (out.cancelled || out.legs_failed > 0 || out.any_check_failed) return kExitCheckFailed;
  return kExitOk;
}

// {"include": [{"leg": ..., "provider": ...}]}: one GitHub Actions matrix job per leg.
int RunMatrix(const CloudFlags& f) {
  const cloud::RunConfig config = LoadCloudConfig(f);
  nlohmann::json include = nlohmann::json::array();
  for (const cloud::Leg& l : config.legs) {
    if (!f.legs.empty() && std::find(f.legs.begin(), f.legs.end(), l.name) == f.legs.end()) continue;
    include.push_back({{"leg", l.name}, {"provider", l.provider}, {"scenario", l.scenario}});
  }
  if (include.empty()) throw UsageError(fmt::format("{}: no legs to put in a matrix", config.source_path));
  std::printf("%s\n", nlohmann::json{{"include", include}}.dump().c_str());
  return kExitOk;
}

}  // namespace

Action SetupCloud(CLI::App& sub) {
  auto chosen = std::make_shared<Action>();
  sub.require_subcommand(1);
  {
    auto f = std::make_shared<CloudFlags>();
    CLI::App* s = sub.add_subcommand("plan", "Print every call a run would make and its cost; create nothing");
    AddCloudFlags(*s, *f, true);
    s->add_option("--leg", f->legs, "Only these legs");
    s->callback([f, chosen] { *chosen = [f] { return RunPlan(*f); }; });
  }
  {
    auto f = std::make_shared<CloudFlags>();
    CLI::App* s = sub.add_subcommand(
        "run", "Launch every leg, wait, collect, tear down (always), merge into JSON + HTML");
    AddCloudFlags(*s, *f, true);
    s->add_option("--leg", f->legs, "Only these legs (a CI matrix job runs one)");
    s->add_option("-o,--output", f->output, "Results folder (default: the config's output)");
    s->add_option("--bundle", f->bundle,
                  "Bundle tarball for aws/ssh/slurm legs (default: the config's, else `lapack-ai "
                  "bundle` makes one)");
    s->add_flag("--no-merge", f->no_merge,
                "Write <output>/<run id>/<leg>.json per leg instead of merging (CI legs; the merge "
                "job runs `report merge`)");
    s->add_flag("--dry-run", f->dry_run, "Print the plan (as `cloud plan`) and create nothing");
    s->add_flag("--quiet", f->quiet, "Do not print events as they happen");
    s->footer(
        "SIGINT or SIGTERM stops the run and tears everything down before exiting.\n"
        "Exit codes: 0 every leg passed, 1 a leg failed, a check failed or the run was cancelled,\n"
        "2 bad input (nothing was created).");
    s->callback([f, chosen] { *chosen = [f] { return RunRun(*f); }; });
  }
  {
    auto f = std::make_shared<CloudFlags>();
    CLI::App* s = sub.add_subcommand("matrix", "Print the legs as a GitHub Actions matrix (JSON)");
    AddCloudFlags(*s, *f, true);
    s->add_option("--leg", f->legs, "Only these legs");
    s->callback([f, chosen] { *chosen = [f] { return RunMatrix(*f); }; });
  }
  SetupCloudAdmin(sub, chosen);
  sub.footer(
      "Examples:\n"
      "  lapack-ai cloud plan gpu.jsonc\n"
      "  lapack-ai cloud run gpu.jsonc --run-id nightly-7\n"
      "  lapack-ai cloud run gpu.jsonc --provider aws --endpoint-url http://127.0.0.1:5000\n"
      "  lapack-ai cloud status\n"
      "  lapack-ai cloud teardown --run-id nightly-7\n"
      "  lapack-ai cloud gc gpu.jsonc            (lists expired tagged instances; --yes ends them)\n"
      "  lapack-ai cloud matrix gpu.jsonc        (GitHub Actions strategy.matrix)");
  return [chosen] { return (*chosen)(); };
}

}  // namespace lapack_ai::cli
