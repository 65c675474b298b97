// `local`: the whole pipeline on this machine — each leg is `lapack-ai run SCENARIO` in a child
// process of its own group, so teardown (and a signal) ends it with everything it started.
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "lapack_ai/cloud/process.h"
#include "lapack_ai/cloud/provider.h"

namespace lapack_ai::cloud {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::vector<std::string> LegCommand(const RunContext& ctx, const Leg& leg, const std::string& json) {
  std::vector<std::string> argv = {ctx.self_binary, "run", leg.scenario, "--json", json, "--no-html"};
  argv.insert(argv.end(), leg.args.begin(), leg.args.end());
  return argv;
}

// A pid from a state file is ended only if it still runs this run's command: pids are reused.
bool ProcessMatches(const std::string& pid, const std::string& marker) {
  std::ifstream in("/proc/" + pid + "/cmdline");
  if (!in) return false;
  std::stringstream s;
  s << in.rdbuf();
  return !marker.empty() && s.str().find(marker) != std::string::npos;
}

class LocalProvider final : public Provider {
 public:
  std::string Name() const override { return "local"; }
  void Configure(const RunConfig& config) override {
    config.Section("local").CheckKeys({"description"});
  }

  Plan MakePlan(const RunContext& ctx, std::span<const Leg* const> legs) override {
    Plan plan;
    for (const Leg* leg : legs) {
      const std::string json = (fs::path(ctx.work_dir) / leg->name / "result.json").string();
      plan.calls.push_back({leg->name, "run the leg in a child process", LegCommand(ctx, *leg, json)});
      plan.costs.push_back({leg->name, 0, Hours(ctx, *leg), 1, 0, "this machine: not billed"});
    }
    return plan;
  }

  void Launch(const RunContext& ctx, LegRun& leg) override {
    fs::create_directories(leg.work_dir);
    const std::string json = (fs::path(leg.work_dir) / "result.json").string();
    fs::remove(json);
    const std::string key = fmt::format("{}-{}-{}", ctx.run_id, leg.leg->name, leg.attempt);
    ctx.state->Intend({"process", "local", leg.leg->name, leg.attempt, key, "",
                       ResourceState::kIntended, {{"marker", json}}});
    ProcessSpec spec;
    spec.argv = LegCommand(ctx, *leg.leg, json);
    spec.stdout_path = (fs::path(leg.work_dir) / "stdout.log").string();
    spec.stderr_path = (fs::path(leg.work_dir) / "stderr.log").string();
    try {
      auto child = std::make_unique<Child>(spec);
      ctx.state->Update(key, ResourceState::kCreated, std::to_string(child->pid()));
      ctx.AddEvent("launch", leg.leg->name, fmt::format("pid {}: {}", child->pid(), FormatCommand(spec.argv)));
      children_[key] = {std::move(child), Clock::now()};
    } catch (const std::exception& e) {
      ctx.state->Update(key, ResourceState::kFailed);
      throw LaunchError(e.what());
    }
    leg.resource_key = key;
    leg.phase = LegPhase::kRunning;
  }

  void Poll(const RunContext& ctx, LegRun& leg) override {
    auto it = children_.find(leg.resource_key);
    if (it == children_.end()) {
      leg.phase = LegPhase::kFailed;
      leg.message = "no such child";
      return;
    }
    Child& child = *it->second.child;
    const double limit_min = leg.leg->timeout_minutes > 0 ? leg.leg->timeout_minutes : ctx.config->lifetime_minutes;
    if (child.Running()) {
      const double minutes = std::chrono::duration<double>(Clock::now() - it->second.start).count() / 60;
      if (minutes > limit_min) {
        child.Terminate();
        ctx.state->Update(leg.resource_key, ResourceState::kEnded);
        leg.phase = LegPhase::kTimedOut;
        leg.message = fmt::format("ran past its lifetime of {} min", limit_min);
      }
      return;
    }
    leg.exit_code = *child.ExitCode();
    ctx.state->Update(leg.resource_key, ResourceState::kEnded, "", {{"exit_code", leg.exit_code}});
    // 1 = a check failed: the results exist and say which.
    if (leg.exit_code == 0 || leg.exit_code == 1) {
      leg.phase = LegPhase::kSucceeded;
    } else {
      leg.phase = LegPhase::kFailed;
      leg.message = fmt::format("`lapack-ai run` exited with {} (see {}/stderr.log)", leg.exit_code, leg.work_dir);
    }
  }

  double PollIntervalSeconds() const override { return 0.2; }

  void Collect(const RunContext&, LegRun& leg) override {
    const std::string json = (fs::path(leg.work_dir) / "result.json").string();
    if (!fs::exists(json)) throw std::runtime_error(fmt::format("leg {}: no results at {}", leg.leg->name, json));
    leg.result_path = json;
  }

  void Teardown(const RunContext& ctx) override {
    for (const Resource* r : ctx.state->state().Live()) {
      if (r->provider != "local") continue;
      const std::string key = r->key;
      auto it = children_.find(key);
      if (it != children_.end()) {
        it->second.child->Terminate(1.0);
      } else if (!r->id.empty() && ProcessMatches(r->id, r->data.value("marker", ""))) {
        // A run started by another lapack-ai process (teardown --run-id): end its group.
        ::killpg(std::stoi(r->id), SIGTERM);
        for (int i = 0; i < 50 && ProcessMatches(r->id, r->data.value("marker", "")); ++i) SleepForUncancelled(0.05);
        if (ProcessMatches(r->id, r->data.value("marker", ""))) ::killpg(std::stoi(r->id), SIGKILL);
      }
      ctx.state->Update(key, ResourceState::kEnded);
      ctx.AddEvent("teardown", r->leg, fmt::format("process {} ended", r->id.empty() ? key : r->id));
    }
  }

  std::vector<Orphan> Orphans(const OrphanQuery& query) override {
    std::vector<Orphan> out;
    for (const RunState& s : StateFile::List(StateDir())) {
      if (!query.run_id.empty() && s.run_id != query.run_id) continue;
      for (const Resource* r : s.Live()) {
        if (r->provider != "local" || r->id.empty()) continue;
        if (!ProcessMatches(r->id, r->data.value("marker", ""))) continue;
        out.push_back({"local", "process", r->id, s.run_id, s.owner, s.expires_utc, "running",
                       !s.expires_utc.empty() && s.expires_utc < UtcNow(), r->leg});
      }
    }
    return out;
  }

  void EndOrphans(const RunConfig&, std::span<const Orphan> orphans) override {
    for (const Orphan& o : orphans) ::killpg(std::stoi(o.id), SIGTERM);
  }

 private:
  static double Hours(const RunContext& ctx, const Leg& leg) {
    return (leg.timeout_minutes > 0 ? leg.timeout_minutes : ctx.config->lifetime_minutes) / 60.0;
  }
  static void SleepForUncancelled(double s) {
    std::this_thread::sleep_for(std::chrono::duration<double>(s));
  }
  struct Running {
    std::unique_ptr<Child> child;
    Clock::time_point start;
  };
  std::map<std::string, Running> children_;
};

}  // namespace

std::unique_ptr<Provider> MakeLocalProvider() { return std::make_unique<LocalProvider>(); }

}  // namespace lapack_ai::cloud
