// `lapack-ai cloud status|teardown|gc`: what is left of runs, and ending it.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "cmd_cloud.h"
#include "lapack_ai/cloud/pipeline.h"
#include "lapack_ai/cloud/process.h"
#include "lapack_ai/cloud/provider.h"
#include "lapack_ai/cloud/state.h"
#include "lapack_ai/error.h"

namespace lapack_ai::cli {
namespace {

std::string StateDirOf(const CloudFlags& f) { return f.state_dir.empty() ? cloud::StateDir() : f.state_dir; }

int RunStatus(const CloudFlags& f) {
  const std::string dir = StateDirOf(f);
  if (!f.run_id.empty()) {
    const cloud::StateFile s = cloud::StateFile::Open(dir, f.run_id);
    const cloud::RunState& st = s.state();
    std::printf("run %s: %s (owner %s, created %s, expires %s)\nstate file %s\n", st.run_id.c_str(),
                st.phase.c_str(), st.owner.c_str(), st.created_utc.c_str(), st.expires_utc.c_str(),
                s.path().c_str());
    std::printf("resources:\n");
    for (const cloud::Resource& r : st.resources)
      std::printf("  %-8s %-10s %-12s %-16s %s %s\n", r.provider.c_str(), r.kind.c_str(),
                  std::string(cloud::ResourceStateName(r.state)).c_str(), r.leg.c_str(),
                  r.id.empty() ? "-" : r.id.c_str(), r.key.c_str());
    std::printf("events:\n");
    for (const cloud::Event& e : st.events)
      std::printf("  %s %-12s %-16s %s\n", e.utc.c_str(), e.kind.c_str(), e.leg.c_str(), e.message.c_str());
    return kExitOk;
  }
  const std::vector<cloud::RunState> runs = cloud::StateFile::List(dir);
  if (runs.empty()) {
    std::printf("no runs in %s\n", dir.c_str());
    return kExitOk;
  }
  std::printf("%-32s %-16s %-5s %-21s %s\n", "run id", "phase", "live", "expires", "legs");
  for (const cloud::RunState& r : runs) {
    std::set<std::string> legs;
    for (const cloud::Resource& res : r.resources) legs.insert(res.leg);
    std::string names;
    for (const std::string& l : legs) {
      if (!names.empty()) names += ',';
      names += l;
    }
    std::printf("%-32s %-16s %-5zu %-21s %s\n", r.run_id.c_str(), r.phase.c_str(), r.Live().size(),
                r.expires_utc.c_str(), names.c_str());
  }
  return kExitOk;
}

int RunTeardown(const CloudFlags& f) {
  cloud::Cancellation::Install();
  const std::string dir = StateDirOf(f);
  // A CI leg that failed before its driver wrote a state file created nothing; an operator's
  // mistyped run id should still be an error, hence a flag rather than the default.
  cloud::CheckRunId(f.run_id);
  if (f.missing_ok && !std::filesystem::exists(cloud::StatePath(dir, f.run_id))) {
    std::printf("nothing recorded for run %s (no %s): nothing to end\n", f.run_id.c_str(),
                cloud::StatePath(dir, f.run_id).c_str());
    return kExitOk;
  }
  const cloud::StateFile s = cloud::StateFile::Open(dir, f.run_id);
  const auto live = s.state().Live();
  if (f.dry_run || live.empty()) {
    std::printf("run %s: %zu live resource(s)%s\n", f.run_id.c_str(), live.size(),
                f.dry_run && !live.empty() ? " (--dry-run: nothing ended)" : "");
    for (const cloud::Resource* r : live)
      std::printf("  %s %s %s %s\n", r->provider.c_str(), r->kind.c_str(), r->leg.c_str(),
                  r->id.empty() ? r->key.c_str() : r->id.c_str());
    return kExitOk;
  }
  std::unique_ptr<cloud::RunConfig> config;
  if (!f.config.empty()) config = std::make_unique<cloud::RunConfig>(LoadCloudConfig(f));
  if (!config && !f.endpoint_url.empty()) {
    config = std::make_unique<cloud::RunConfig>();
    config->endpoint_url = f.endpoint_url;
    config->source_path = "<command line>";
  }
  const bool clean = cloud::TeardownRun(f.run_id, config.get(), CloudRunOptions(f));
  std::printf("run %s: %s\n", f.run_id.c_str(), clean ? "torn down" : "NOT confirmed torn down");
  return clean ? kExitOk : kExitCheckFailed;
}

// Orphans of the providers in play, then state files left with live resources.
int RunGc(const CloudFlags& f) {
  cloud::Cancellation::Install();
  cloud::RunConfig config;
  config.source_path = "<command line>";
  if (!f.config.empty()) config = LoadCloudConfig(f);
  if (!f.endpoint_url.empty()) config.endpoint_url = f.endpoint_url;
  std::vector<std::string> names;
  auto add = [&](const std::string& n) {
    if (!n.empty() && std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  };
  for (std::size_t start = 0; start <= f.provider.size() && !f.provider.empty();) {
    const std::size_t end = std::min(f.provider.find(',', start), f.provider.size());
    add(f.provider.substr(start, end - start));
    start = end + 1;
  }
  if (f.provider.empty())
    for (const cloud::Leg& l : config.legs) add(l.provider);
  if (names.empty())
    throw UsageError("cloud gc: name a run config or --provider (e.g. --provider aws) to sweep");
  const bool act = f.yes && !f.dry_run;
  std::size_t targets = 0;
  for (const std::string& name : names) {
    auto provider = cloud::MakeProvider(name);
    provider->Configure(config);
    const std::vector<cloud::Orphan> found = provider->Orphans({f.run_id, &config});
    std::vector<cloud::Orphan> doomed;
    for (const cloud::Orphan& o : found) {
      const bool target = !f.run_id.empty() || o.expired || (f.all && !o.run_id.empty());
      std::printf("%-6s %-8s %-20s run %-32s owner %-12s expires %-20s %s %s\n", name.c_str(), o.kind.c_str(),
                  o.id.c_str(), o.run_id.c_str(), o.owner.c_str(), o.expires_utc.empty() ? "-" : o.expires_utc.c_str(),
                  o.state.c_str(), target ? (act ? "-> ending" : "-> would end") : "(not expired: kept)");
      if (target) doomed.push_back(o);
    }
    targets += doomed.size();
    if (act && !doomed.empty()) provider->EndOrphans(config, doomed);
  }
  // Runs this machine started whose state still lists live resources.
  const std::string dir = StateDirOf(f);
  for (const cloud::RunState& s : cloud::StateFile::List(dir)) {
    if (s.Live().empty()) continue;
    const bool target = f.run_id.empty() ? (!s.expires_utc.empty() && s.expires_utc < cloud::UtcNow()) : s.run_id == f.run_id;
    if (!target) continue;
    ++targets;
    std::printf("state  run %s: %zu live resource(s) %s\n", s.run_id.c_str(), s.Live().size(),
                act ? "-> tearing down" : "-> would tear down");
    if (act) cloud::TeardownRun(s.run_id, f.config.empty() ? nullptr : &config, CloudRunOptions(f));
  }
  if (targets == 0) std::printf("nothing to end\n");
  else if (!act) std::printf("%zu to end; nothing was ended: pass --yes to end them\n", targets);
  return kExitOk;
}

}  // namespace

void SetupCloudAdmin(CLI::App& cloud_app, std::shared_ptr<Action> chosen) {
  {
    auto f = std::make_shared<CloudFlags>();
    CLI::App* s = cloud_app.add_subcommand("status", "Runs known here (state files) and what they left running");
    s->add_option("--run-id", f->run_id, "One run: its resources and events");
    s->add_option("--state-dir", f->state_dir, "Folder of state files");
    s->callback([f, chosen] { *chosen = [f] { return RunStatus(*f); }; });
  }
  {
    auto f = std::make_shared<CloudFlags>();
    CLI::App* s = cloud_app.add_subcommand("teardown", "End every resource of a run (from its state file)");
    AddCloudFlags(*s, *f, false);
    s->get_option("--run-id")->required();
    s->add_flag("--dry-run", f->dry_run, "List what would be ended");
    s->add_flag("--missing-ok", f->missing_ok,
                "A run with no state file here has nothing to end: exit 0 (CI legs that failed "
                "before launching); without it that is an error (exit 2)");
    s->callback([f, chosen] { *chosen = [f] { return RunTeardown(*f); }; });
  }
  {
    auto f = std::make_shared<CloudFlags>();
    CLI::App* s = cloud_app.add_subcommand(
        "gc", "Find resources lapack-ai tagged (a run id, or expired); end them with --yes");
    AddCloudFlags(*s, *f, false);
    s->get_option("--provider")->description("Providers to sweep, comma-separated (default: the config's)");
    s->add_flag("--yes", f->yes, "End what was found (without it gc only lists)");
    s->add_flag("--dry-run", f->dry_run, "Only list, even with --yes");
    s->add_flag("--all", f->all, "Also tagged resources that have not expired yet");
    s->callback([f, chosen] { *chosen = [f] { return RunGc(*f); }; });
  }
}

}  // namespace lapack_ai::cli
