// The run pipeline. Teardown is not a step at the end but the `finally` of everything after the
// state file exists (PerfKitBenchmarker's order: delete first, then publish, so a failing
// merge can never keep an instance alive).
#include "lapack_ai/cloud/pipeline.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "lapack_ai/cloud/process.h"
#include "lapack_ai/context.h"
#include "lapack_ai/error.h"
#include "lapack_ai/reports/html.h"
#include "lapack_ai/reports/merge.h"
#include "lapack_ai/result.h"
#include "lapack_ai/version.h"
#include "scenario/suggest.h"

namespace lapack_ai::cloud {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::vector<const Leg*> SelectLegs(const RunConfig& config, const RunOptions& options) {
  if (config.legs.empty())
    throw UsageError(fmt::format("{}: no legs: add \"legs\": [{{\"name\": ..., \"scenario\": ...}}]",
                                 config.source_path));
  std::vector<std::string> names;
  for (const Leg& l : config.legs) names.push_back(l.name);
  for (const std::string& want : options.only_legs) {
    if (std::find(names.begin(), names.end(), want) == names.end())
      throw UsageError(fmt::format("--leg \"{}\": no such leg in {}{}", want, config.source_path,
                                   scenario::SuggestionSuffix(want, names)));
  }
  std::vector<const Leg*> legs;
  for (const Leg& l : config.legs) {
    if (!options.only_legs.empty() &&
        std::find(options.only_legs.begin(), options.only_legs.end(), l.name) == options.only_legs.end())
      continue;
    if (l.provider.empty())
      throw UsageError(fmt::format("{}: leg \"{}\" has no provider: set \"provider\" in the leg or "
                                   "the config, or pass --provider",
                                   config.source_path, l.name));
    legs.push_back(&l);
  }
  return legs;
}

using ProviderMap = std::map<std::string, std::unique_ptr<Provider>>;

ProviderMap ConfiguredProviders(const RunConfig& config, const std::vector<const Leg*>& legs) {
  ProviderMap providers;
  for (const Leg* l : legs) {
    if (providers.count(l->provider) != 0) continue;
    auto p = MakeProvider(l->provider);
    p->Configure(config);
    providers.emplace(l->provider, std::move(p));
  }
  return providers;
}

std::string Owner() {
  if (const char* gh = std::getenv("GITHUB_ACTOR"); gh != nullptr && *gh != '\0') return std::string("gh:") + gh;
  if (const char* u = std::getenv("USER"); u != nullptr && *u != '\0') return u;
  return "unknown";
}

RunContext MakeContext(const RunConfig& config, const RunOptions& options, const std::string& run_id) {
  RunContext ctx;
  ctx.config = &config;
  ctx.run_id = run_id;
  ctx.work_dir = (fs::absolute(config.output_dir) / run_id).string();
  ctx.self_binary = options.self_binary.empty() ? fs::read_symlink("/proc/self/exe").string() : options.self_binary;
  ctx.quiet = options.quiet;
  return ctx;
}

Plan PlanWith(ProviderMap& providers, const RunContext& ctx, const std::vector<const Leg*>& legs) {
  Plan plan;
  for (auto& [name, provider] : providers) {
    std::vector<const Leg*> mine;
    for (const Leg* l : legs)
      if (l->provider == name) mine.push_back(l);
    Plan p = provider->MakePlan(ctx, mine);
    plan.calls.insert(plan.calls.end(), p.calls.begin(), p.calls.end());
    plan.costs.insert(plan.costs.end(), p.costs.begin(), p.costs.end());
    plan.notes.insert(plan.notes.end(), p.notes.begin(), p.notes.end());
  }
  return plan;
}

void CheckBudget(const RunConfig& config, const Plan& plan) {
  if (!config.budget_usd) return;
  for (const LegCost& c : plan.costs) {
    if (!std::isfinite(c.max_usd))
      throw UsageError(fmt::format("{}: budget_usd {:.2f}: the cost of leg {} is unknown ({}); "
                                   "nothing was launched",
                                   config.source_path, *config.budget_usd, c.leg, c.basis));
  }
  const double total = plan.TotalMaxUsd();
  if (total > *config.budget_usd) {
    std::string lines;
    for (const LegCost& c : plan.costs)
      lines += fmt::format("\n  {}: ${:.4f}/h x {:.2f} h x {} = ${:.2f} ({})", c.leg, c.usd_per_hour,
                           c.hours, c.count, c.max_usd, c.basis);
    throw UsageError(fmt::format(
        "{}: budget_usd {:.2f}: the worst case of this run is ${:.2f} (price x count x lifetime x "
        "(1 + max_relaunches)); nothing was launched. Raise budget_usd, shorten lifetime_minutes "
        "or drop legs:{}",
        config.source_path, *config.budget_usd, total, lines));
  }
}

// The bundle for providers that ship one: the config's, else `<self> bundle -o DIR`.
std::string EnsureBundle(const RunContext& ctx) {
  if (!ctx.config->bundle.empty()) {
    if (!fs::exists(ctx.config->bundle))
      throw UsageError(fmt::format("{}: bundle \"{}\": no such file", ctx.config->source_path, ctx.config->bundle));
    return fs::absolute(ctx.config->bundle).string();
  }
  const fs::path dir = fs::path(ctx.work_dir) / "bundle";
  ProcessSpec spec;
  spec.argv = {ctx.self_binary, "bundle", "-o", dir.string()};
  spec.timeout_s = 300;
  const ProcessResult r = RunProcess(spec);
  if (!r.ok())
    throw std::runtime_error(fmt::format("`{}` failed ({}): {}", FormatCommand(spec.argv), r.Describe(), Redact(r.err)));
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().string().ends_with(".tar.gz")) return e.path().string();
  throw std::runtime_error(fmt::format("`{}` left no .tar.gz in {}", FormatCommand(spec.argv), dir.string()));
}

// Launches, relaunches after interruptions, and polls until every leg is final or the run is
// cancelled.
void LaunchAndWait(const RunContext& ctx, ProviderMap& providers, std::vector<LegRun>& runs) {
  auto launch = [&](LegRun& run) {
    try {
      fs::create_directories(run.work_dir);
      providers.at(run.leg->provider)->Launch(ctx, run);
    } catch (const LaunchError& e) {
      run.phase = LegPhase::kFailed;
      run.message = e.what();
      ctx.AddEvent("error", run.leg->name, fmt::format("launch failed: {}", e.what()));
    }
  };
  ctx.state->SetPhase("launching");
  for (LegRun& run : runs) {
    if (Cancellation::Requested()) return;
    launch(run);
  }
  ctx.state->SetPhase("running");
  double interval = 10;
  for (const auto& [name, p] : providers) interval = std::min(interval, p->PollIntervalSeconds());
  // A backstop above the legs' own lifetimes: the driver never waits forever.
  double max_minutes = ctx.config->lifetime_minutes;
  for (const LegRun& r : runs) max_minutes = std::max(max_minutes, r.leg->timeout_minutes);
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>((max_minutes + 5) * 60.0));
  while (!Cancellation::Requested()) {
    bool all_final = true;
    for (LegRun& run : runs) {
      if (run.phase != LegPhase::kRunning) continue;
      providers.at(run.leg->provider)->Poll(ctx, run);
      if (run.phase == LegPhase::kInterrupted) {
        if (run.attempt < ctx.config->max_relaunches) {
          ++run.attempt;
          ctx.AddEvent("relaunch", run.leg->name,
                       fmt::format("attempt {} of {} after: {}", run.attempt + 1,
                                   ctx.config->max_relaunches + 1, run.message),
                       {{"attempt", run.attempt}});
          launch(run);
        } else {
          ctx.AddEvent("error", run.leg->name,
                       fmt::format("interrupted {} time(s); max_relaunches {} reached", run.attempt + 1,
                                   ctx.config->max_relaunches));
        }
      } else if (run.phase == LegPhase::kTimedOut) {
        ctx.AddEvent("timeout", run.leg->name, run.message);
      } else if (run.phase == LegPhase::kFailed) {
        ctx.AddEvent("error", run.leg->name, run.message);
      } else if (run.phase == LegPhase::kSucceeded) {
        ctx.AddEvent("finished", run.leg->name,
                     fmt::format("exit {}", run.exit_code), {{"exit_code", run.exit_code}});
      }
      if (run.phase == LegPhase::kRunning) all_final = false;
    }
    if (all_final) return;
    if (Clock::now() > deadline) {
      Cancellation::Request(fmt::format("run deadline ({:.0f} min) passed", max_minutes + 5));
      break;
    }
    SleepFor(interval);
  }
}

// Legs' results with the run's cloud block in each context (so a CI leg's file carries its own
// events into a later `report merge`).
std::vector<reports::Leg> LoadCollected(const std::vector<LegRun>& runs, const nlohmann::json& cloud) {
  std::vector<reports::Leg> legs;
  for (const LegRun& run : runs) {
    if (run.result_path.empty()) continue;
    std::vector<reports::Leg> loaded = reports::LoadLegs(run.result_path);
    for (reports::Leg& l : loaded) {
      l.name = run.leg->name;
      nlohmann::json mine = cloud;
      nlohmann::json events = nlohmann::json::array();
      for (const nlohmann::json& e : cloud["events"])
        if (e["leg"] == "" || e["leg"] == run.leg->name) events.push_back(e);
      mine["events"] = events;
      mine["leg"] = run.leg->name;
      mine["provider"] = run.leg->provider;
      mine["attempts"] = run.attempt + 1;
      l.doc.context["cloud"] = mine;
      legs.push_back(std::move(l));
    }
  }
  reports::DeduplicateLegNames(legs);
  return legs;
}

}  // namespace

nlohmann::json CloudContext(const RunState& state, const Plan* plan) {
  nlohmann::json events = nlohmann::json::array();
  for (const Event& e : state.events)
    events.push_back({{"utc", e.utc}, {"kind", e.kind}, {"leg", e.leg}, {"message", e.message}, {"data", e.data}});
  nlohmann::json resources = nlohmann::json::array();
  for (const Resource& r : state.resources)
    resources.push_back({{"kind", r.kind}, {"provider", r.provider}, {"leg", r.leg}, {"id", r.id},
                         {"state", ResourceStateName(r.state)}});
  nlohmann::json c = {{"run_id", state.run_id}, {"owner", state.owner}, {"phase", state.phase},
                      {"created_utc", state.created_utc}, {"expires_utc", state.expires_utc},
                      {"events", events}, {"resources", resources}};
  if (plan != nullptr) {
    nlohmann::json costs = nlohmann::json::array();
    for (const LegCost& lc : plan->costs)
      costs.push_back({{"leg", lc.leg}, {"usd_per_hour", lc.usd_per_hour}, {"hours", lc.hours},
                       {"count", lc.count}, {"max_usd", lc.max_usd}, {"basis", lc.basis}});
    c["cost"] = {{"max_usd", plan->TotalMaxUsd()}, {"legs", costs}};
  }
  return c;
}

Plan PlanRun(const RunConfig& config, const RunOptions& options) {
  const std::vector<const Leg*> legs = SelectLegs(config, options);
  ProviderMap providers = ConfiguredProviders(config, legs);
  const std::string run_id = config.run_id.empty() ? "<run-id>" : config.run_id;
  RunContext ctx = MakeContext(config, options, run_id);
  return PlanWith(providers, ctx, legs);
}

RunOutcome RunPipeline(RunConfig config, const RunOptions& options) {
  // Everything that can be refused is refused before the state file exists.
  const std::vector<const Leg*> legs = SelectLegs(config, options);
  ProviderMap providers = ConfiguredProviders(config, legs);
  if (config.run_id.empty()) config.run_id = NewRunId();
  CheckRunId(config.run_id, "run id");
  RunContext ctx = MakeContext(config, options, config.run_id);
  const Plan plan = PlanWith(providers, ctx, legs);
  CheckBudget(config, plan);

  RunState initial;
  initial.run_id = config.run_id;
  initial.owner = Owner();
  initial.tool_version = std::string(Version());
  initial.created_utc = UtcNow();
  initial.expires_utc = UtcNow(config.lifetime_minutes + 10);
  initial.config_path = config.source_path;
  const std::string state_dir = options.state_dir.empty() ? StateDir() : options.state_dir;
  StateFile state = StateFile::Create(state_dir, initial);
  ctx.state = &state;
  RunOutcome out;
  out.run_id = config.run_id;
  out.state_path = state.path();
  ctx.AddEvent("plan", "",
               fmt::format("run {}: {} leg(s), worst-case cost ${:.2f}{}", config.run_id, legs.size(),
                           plan.TotalMaxUsd(),
                           config.budget_usd ? fmt::format(" (budget ${:.2f})", *config.budget_usd) : ""),
               {{"max_usd", plan.TotalMaxUsd()}, {"state_file", state.path()}});

  std::vector<LegRun> runs;
  for (const Leg* l : legs) {
    LegRun r;
    r.leg = l;
    r.work_dir = (fs::path(ctx.work_dir) / l->name).string();
    runs.push_back(std::move(r));
  }
  try {
    bool needs_bundle = false;
    for (const auto& [name, p] : providers) needs_bundle = needs_bundle || p->NeedsBundle();
    if (needs_bundle) {
      ctx.bundle_path = EnsureBundle(ctx);
      ctx.AddEvent("bundle", "", ctx.bundle_path);
    }
    LaunchAndWait(ctx, providers, runs);
    if (!Cancellation::Requested()) {
      state.SetPhase("collecting");
      for (LegRun& run : runs) {
        if (run.phase != LegPhase::kSucceeded) continue;
        try {
          providers.at(run.leg->provider)->Collect(ctx, run);
          ctx.AddEvent("collect", run.leg->name, run.result_path);
        } catch (const std::exception& e) {
          run.phase = LegPhase::kFailed;
          run.message = e.what();
          ctx.AddEvent("error", run.leg->name, fmt::format("collect failed: {}", e.what()));
        }
      }
    }
  } catch (const std::exception& e) {
    ctx.AddEvent("error", "", e.what());
  }
  if (Cancellation::Requested()) {
    out.cancelled = true;
    ctx.AddEvent("cancel", "", fmt::format("{}: tearing down", Cancellation::Reason()));
  }

  // Teardown: always, each provider independently, never cancellable.
  state.SetPhase("tearing-down");
  for (auto& [name, provider] : providers) {
    try {
      provider->Teardown(ctx);
    } catch (const std::exception& e) {
      out.teardown_clean = false;
      ctx.AddEvent("error", "", fmt::format("{} teardown: {}", name, e.what()));
    }
  }
  for (const Resource* r : state.state().Live()) {
    (void)r;
    out.teardown_clean = false;
  }
  state.SetPhase(out.teardown_clean ? "torn-down" : "failed-teardown");
  ctx.AddEvent("teardown", "",
               out.teardown_clean
                   ? "every resource of the run is ended"
                   : fmt::format("some resources may still run: `lapack-ai cloud teardown --run-id {}`",
                                 config.run_id));

  for (const LegRun& run : runs) {
    if (run.phase == LegPhase::kSucceeded && !run.result_path.empty()) {
      ++out.legs_ok;
      out.any_check_failed = out.any_check_failed || run.exit_code == 1;
    } else {
      ++out.legs_failed;
    }
  }
  // Publish after teardown.
  const nlohmann::json cloud = CloudContext(state.state(), &plan);
  try {
    std::vector<reports::Leg> collected = LoadCollected(runs, cloud);
    if (!collected.empty()) {
      if (options.no_merge) {
        for (const reports::Leg& l : collected) {
          const std::string path = (fs::path(ctx.work_dir) / (l.name + ".json")).string();
          WriteFileAtomically(path, Redact(ToJson(l.doc).dump(2)) + "\n");
          out.merged_json = path;
        }
      } else {
        nlohmann::json merge_context = CollectContext(options.command_line, {});
        merge_context["cloud"] = cloud;
        const nlohmann::json merged = reports::MergeLegs(collected, merge_context);
        out.merged_json = (fs::path(ctx.work_dir) / "merged.json").string();
        WriteFileAtomically(out.merged_json, Redact(merged.dump(2)) + "\n");
        std::vector<ResultsDocument> docs;
        reports::HtmlOptions html;
        html.title = fmt::format("lapack-ai cloud run {}", config.run_id);
        for (const reports::Leg& l : collected) {
          docs.push_back(l.doc);
          html.leg_names.push_back(l.name);
        }
        out.html = (fs::path(ctx.work_dir) / "merged.html").string();
        WriteFileAtomically(out.html, Redact(reports::RenderHtml(docs, html)));
      }
    }
  } catch (const std::exception& e) {
    ctx.AddEvent("error", "", fmt::format("merge: {}", e.what()));
  }
  state.SetPhase(out.teardown_clean ? "done" : "failed-teardown");
  return out;
}

bool TeardownRun(const std::string& run_id, const RunConfig* config, const RunOptions& options) {
  const std::string state_dir = options.state_dir.empty() ? StateDir() : options.state_dir;
  StateFile state = StateFile::Open(state_dir, run_id);
  RunConfig fallback;
  fallback.source_path = state.state().config_path;
  const RunConfig& cfg = config != nullptr ? *config : fallback;
  RunContext ctx = MakeContext(cfg, options, run_id);
  ctx.state = &state;
  std::vector<std::string> names;
  for (const Resource* r : state.state().Live())
    if (std::find(names.begin(), names.end(), r->provider) == names.end()) names.push_back(r->provider);
  state.SetPhase("tearing-down");
  bool clean = true;
  for (const std::string& name : names) {
    try {
      auto p = MakeProvider(name);
      if (config != nullptr) p->Configure(*config);
      p->Teardown(ctx);
    } catch (const std::exception& e) {
      clean = false;
      ctx.AddEvent("error", "", fmt::format("{} teardown: {}", name, e.what()));
    }
  }
  clean = clean && state.state().Live().empty();
  state.SetPhase(clean ? "torn-down" : "failed-teardown");
  ctx.AddEvent("teardown", "", clean ? "every resource of the run is ended" : "some resources may still run");
  return clean;
}

}  // namespace lapack_ai::cloud
