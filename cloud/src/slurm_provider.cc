// `slurm`: one sbatch job array over the run's slurm legs that share a partition and sbatch
// arguments (task i runs leg i's script; legs with settings of their own go in arrays of their
// own), the bundle staged on storage the nodes share, `--time` as the hard lifetime, `--job-name`
// and `--comment` carrying the run id (how `cloud gc` finds a job whose driver died); squeue for
// status, scancel for teardown. The driver runs where sbatch works (a login node).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "bundle_script.h"
#include "lapack_ai/cloud/process.h"
#include "lapack_ai/cloud/provider.h"
#include "lapack_ai/result.h"
#include "slurm_queue.h"

namespace lapack_ai::cloud {
namespace {

namespace fs = std::filesystem;
using internal::ShellQuote;
using slurm::AccountingState;
using slurm::CommentField;
using slurm::kJobPrefix;
using slurm::QueueLines;
using slurm::Slurm;
using slurm::Trim;
using slurm::WaitGone;

double LifetimeMinutes(const RunConfig& config, const Leg& leg) {
  return leg.timeout_minutes > 0 ? leg.timeout_minutes : config.lifetime_minutes;
}

class SlurmProvider final : public Provider {
 public:
  std::string Name() const override { return "slurm"; }
  std::vector<std::string> LegKeys() const override { return {"partition", "sbatch_args"}; }
  bool NeedsBundle() const override { return true; }

  void Configure(const RunConfig& config) override {
    const ConfigNode s = config.Section("slurm");
    s.CheckKeys({"partition", "shared_dir", "sbatch_args"});
    partition_ = s.String("partition");
    shared_dir_ = s.String("shared_dir");
    if (!shared_dir_.empty() && fs::path(shared_dir_).is_relative()) {
      s.FailAt("shared_dir", "must be an absolute path that every node sees");
    }
    sbatch_args_ = s.Strings("sbatch_args");
    // Read now so a wrong type fails with its caret before anything is submitted.
    for (const Leg* leg : config.LegsOf("slurm")) Submission(*leg);
  }

  Plan MakePlan(const RunContext& ctx, std::span<const Leg* const> legs) override {
    Plan plan;
    std::vector<const Leg*> all(legs.begin(), legs.end());
    planned_ = all;
    const std::vector<std::vector<const Leg*>> groups = Groups(all);
    for (size_t g = 0; g < groups.size(); ++g) {
      std::string names;
      for (const Leg* l : groups[g]) names += (names.empty() ? "" : ", ") + l->name;
      plan.calls.push_back(
          {"", fmt::format("submit one job array over the slurm legs {}", names),
           SbatchArgv(ctx, groups[g], GroupJobName(ctx.run_id, g, groups.size()), "<array.sh>")});
    }
    plan.calls.push_back(
        {"", "poll", {"squeue", "-h", "-o", "%A|%j|%k|%T|%u|%P", "-j", "<job>_<task>"}});
    plan.calls.push_back({"", "teardown", {"scancel", "<job>"}});
    for (const Leg* leg : legs) {
      plan.costs.push_back({leg->name, 0, LifetimeMinutes(*ctx.config, *leg) / 60, 1, 0,
                            "cluster allocation: not billed here"});
    }
    plan.notes.push_back(
        fmt::format("bundle and results under {} (must be on storage the nodes share)", Base(ctx)));
    return plan;
  }

  void Launch(const RunContext& ctx, LegRun& leg) override {
    if (leg.attempt == 0 && submitted_.count(leg.leg->name) != 0) {
      Attach(ctx, leg);
      return;
    }
    // First launch: the slurm legs of the run that share this leg's partition and sbatch
    // arguments, in one array; a relaunch: that leg alone.
    std::vector<const Leg*> legs;
    std::string job_name = JobName(ctx.run_id, leg.leg->name, leg.attempt);
    if (leg.attempt == 0) {
      // The legs the pipeline planned (a CI matrix leg runs only its own), else all of them.
      std::vector<const Leg*> all = planned_.empty() ? ctx.config->LegsOf("slurm") : planned_;
      if (std::find(all.begin(), all.end(), leg.leg) == all.end()) all.push_back(leg.leg);
      const std::vector<std::vector<const Leg*>> groups = Groups(all);
      for (size_t g = 0; g < groups.size(); ++g) {
        if (std::find(groups[g].begin(), groups[g].end(), leg.leg) == groups[g].end()) continue;
        legs = groups[g];
        job_name = GroupJobName(ctx.run_id, g, groups.size());
      }
    } else {
      legs.push_back(leg.leg);
    }
    const std::string base = Base(ctx);
    fs::create_directories(base);
    const std::string bundle = base + "/bundle.tar.gz";
    if (!fs::exists(bundle)) fs::copy_file(ctx.bundle_path, bundle);
    std::string cases;
    for (size_t i = 0; i < legs.size(); ++i) {
      const std::string dir = LegDir(base, *legs[i], leg.attempt);
      fs::remove_all(dir);
      fs::create_directories(dir);
      internal::LegScriptSpec spec{
          ctx.run_id,    legs[i]->name,
          bundle,        legs[i]->scenario,
          legs[i]->args, static_cast<long>(LifetimeMinutes(*ctx.config, *legs[i]) * 60)};
      if (std::error_code ec; fs::is_regular_file(legs[i]->scenario, ec)) {
        fs::copy_file(legs[i]->scenario, dir + "/scenario.json");
        spec.scenario = "scenario.json";
      }
      WriteFileAtomically(dir + "/" + internal::kLegScript, internal::LegScript(spec));
      cases += fmt::format("  {}) exec sh {} {} ;;\n", i,
                           ShellQuote(dir + "/" + internal::kLegScript), ShellQuote(dir));
    }
    const std::string script = fmt::format("{}/{}.sh", base, job_name);
    WriteFileAtomically(script,
                        fmt::format("#!/bin/sh\n# lapack-ai cloud run {}: task i runs leg i.\n"
                                    "case \"$SLURM_ARRAY_TASK_ID\" in\n{}esac\nexit 92\n",
                                    ctx.run_id, cases));
    ctx.state->Intend({"slurm-job",
                       "slurm",
                       legs.size() == 1 ? legs[0]->name : "",
                       leg.attempt,
                       job_name,
                       "",
                       ResourceState::kIntended,
                       {{"base", base}, {"legs", legs.size()}}});
    // Not cancellable: once sbatch has queued the job, its id must reach the state file.
    const ProcessResult r = Slurm(SbatchArgv(ctx, legs, job_name, script), false);
    if (!r.ok()) {
      ctx.state->Update(job_name, ResourceState::kFailed);
      throw LaunchError(fmt::format("sbatch: {}: {}", r.Describe(), Redact(Trim(r.err))));
    }
    const std::string job = Trim(r.out.substr(0, r.out.find(';')));  // --parsable: "id[;cluster]"
    ctx.state->Update(job_name, ResourceState::kCreated, job);
    const Settings& set = Submission(*legs[0]);
    ctx.AddEvent("launch", legs.size() == 1 ? legs[0]->name : "",
                 fmt::format("sbatch job {} ({}), {} task(s), --time {}{}{}", job, job_name,
                             legs.size(), TimeLimit(ctx, legs),
                             set.partition.empty() ? "" : ", partition " + set.partition,
                             set.sbatch_args.empty()
                                 ? ""
                                 : fmt::format(", sbatch_args {}", fmt::join(set.sbatch_args, " "))));
    for (size_t i = 0; i < legs.size(); ++i) {
      submitted_[legs[i]->name] = {job, static_cast<int>(i), job_name,
                                   LegDir(base, *legs[i], leg.attempt)};
    }
    Attach(ctx, leg);
  }

  void Poll(const RunContext&, LegRun& leg) override {
    const std::string task = leg.data.at("task");
    const std::string dir = leg.data.at("dir");
    // The script writes exit_code last; until it exists, the queue says whether it may still come.
    std::ifstream code(dir + "/" + internal::kLegExitCode);
    int exit_code = -1;
    if (!(code >> exit_code)) {
      if (!QueueLines(task).empty()) return;  // pending or running
      leg.phase = LegPhase::kFailed;
      leg.message =
          fmt::format("job {} left the queue without an exit code ({}); see {}/slurm-*.out", task,
                      AccountingState(task), fs::path(dir).parent_path().string());
      return;
    }
    leg.exit_code = exit_code;
    if (exit_code == 0 || exit_code == 1) {
      leg.phase = LegPhase::kSucceeded;
    } else {
      leg.phase = LegPhase::kFailed;
      leg.message = fmt::format("`lapack-ai run` in job {} exited with {} (log: {}/{})", task,
                                exit_code, dir, internal::kLegLog);
    }
  }

  void Collect(const RunContext&, LegRun& leg) override {
    const std::string dir = leg.data.at("dir");
    const fs::path from = fs::path(dir) / internal::kLegResult;
    if (!fs::exists(from))
      throw std::runtime_error(
          fmt::format("leg {}: no results at {}", leg.leg->name, from.string()));
    fs::create_directories(leg.work_dir);
    const fs::path to = fs::path(leg.work_dir) / "result.json";
    if (fs::absolute(from) != fs::absolute(to))
      fs::copy_file(from, to, fs::copy_options::overwrite_existing);
    leg.result_path = to.string();
  }

  void Teardown(const RunContext& ctx) override {
    std::vector<std::string> still;
    for (const Resource* r : ctx.state->state().Live()) {
      if (r->provider != "slurm") continue;
      const std::string key = r->key, leg = r->leg, id = r->id, base = r->data.value("base", "");
      // An intended job may have been queued before its id was recorded: cancel it by name.
      Slurm(id.empty() ? std::vector<std::string>{"scancel", "--name", key}
                       : std::vector<std::string>{"scancel", id},
            false);
      if (!WaitGone(id.empty() ? key : id, !id.empty())) {
        still.push_back(id.empty() ? key : id);
        continue;
      }
      ctx.state->Update(key, ResourceState::kEnded);
      ctx.AddEvent("teardown", leg,
                   fmt::format("job {} cancelled, queue clear", id.empty() ? key : id));
      RemoveUnpackedBundles(base);
    }
    if (!still.empty()) {
      throw std::runtime_error(fmt::format("slurm teardown: still in the queue after scancel: {}",
                                           fmt::join(still, ", ")));
    }
  }

  std::vector<Orphan> Orphans(const OrphanQuery& query) override {
    std::vector<Orphan> out;
    std::map<std::string, bool> seen;
    for (const std::vector<std::string>& f : QueueLines("")) {
      if (seen[f[0]]) continue;
      seen[f[0]] = true;
      Orphan o{"slurm",
               "slurm-job",
               f[0],
               CommentField(f[2], "run"),
               f[4],
               CommentField(f[2], "expires"),
               f[3],
               false,
               "partition " + f[5]};
      o.expired = !o.expires_utc.empty() && o.expires_utc < UtcNow();
      if (query.run_id.empty() || o.run_id == query.run_id) out.push_back(std::move(o));
    }
    return out;
  }

  void EndOrphans(const RunConfig&, std::span<const Orphan> orphans) override {
    for (const Orphan& o : orphans) {
      Slurm({"scancel", o.id}, false);
      WaitGone(o.id, true);
    }
  }

 private:
  /// What sbatch gets beyond the run's own arguments: the section's, or a leg's override.
  struct Settings {
    std::string partition;
    std::vector<std::string> sbatch_args;
    bool operator==(const Settings&) const = default;
  };
  Settings Submission(const Leg& leg) const {
    return {leg.node.String("partition", partition_),
            leg.node.Has("sbatch_args") ? leg.node.Strings("sbatch_args") : sbatch_args_};
  }
  // Legs with equal settings share one array, in the order their first leg comes.
  std::vector<std::vector<const Leg*>> Groups(const std::vector<const Leg*>& legs) const {
    std::vector<std::pair<Settings, std::vector<const Leg*>>> groups;
    for (const Leg* l : legs) {
      const Settings s = Submission(*l);
      auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == s; });
      if (it == groups.end()) groups.push_back({s, {l}});
      else it->second.push_back(l);
    }
    std::vector<std::vector<const Leg*>> out;
    for (auto& g : groups) out.push_back(std::move(g.second));
    return out;
  }
  // "lapack-ai-<run>" for the one array; "-set<k>" from the second of several.
  static std::string GroupJobName(const std::string& run_id, size_t g, size_t groups) {
    const std::string name = JobName(run_id, "", 0);
    return groups == 1 || g == 0 ? name : fmt::format("{}-set{}", name, g + 1);
  }
  struct Submitted {
    std::string job;
    int index = 0;
    std::string job_name, dir;
  };

  // The bundle copies (a few hundred MB per leg) go once the jobs are gone; results, logs and
  // the job scripts stay in the run's folder.
  static void RemoveUnpackedBundles(const std::string& base) {
    std::error_code ec;
    if (base.empty() || !fs::is_directory(base, ec)) return;
    fs::remove(fs::path(base) / "bundle.tar.gz", ec);
    for (const auto& e : fs::directory_iterator(base, ec)) {
      if (e.is_directory(ec)) fs::remove_all(e.path() / "bundle", ec);
    }
  }
  static std::string JobName(const std::string& run_id, const std::string& leg, int attempt) {
    return leg.empty() ? kJobPrefix + run_id
                       : fmt::format("{}{}-{}-{}", kJobPrefix, run_id, leg, attempt);
  }
  static std::string LegDir(const std::string& base, const Leg& leg, int attempt) {
    return fmt::format("{}/{}-{}", base, leg.name, attempt);
  }
  std::string Base(const RunContext& ctx) const {
    const std::string root = shared_dir_.empty() ? (fs::absolute(ctx.work_dir) / "slurm").string()
                                                 : (fs::path(shared_dir_) / ctx.run_id).string();
    return root;
  }
  int TimeLimit(const RunContext& ctx, const std::vector<const Leg*>& legs) const {
    double minutes = 1;
    for (const Leg* l : legs) minutes = std::max(minutes, LifetimeMinutes(*ctx.config, *l));
    return static_cast<int>(std::ceil(minutes)) + 1;  // the leg's own timeout fires first
  }
  std::vector<std::string> SbatchArgv(const RunContext& ctx, const std::vector<const Leg*>& legs,
                                      const std::string& job_name,
                                      const std::string& script) const {
    std::vector<std::string> argv = {
        "sbatch",
        "--parsable",
        "--job-name",
        job_name,
        "--comment",
        fmt::format("run={} expires={} owner=lapack-ai", ctx.run_id, UtcNow(TimeLimit(ctx, legs))),
        "--time",
        std::to_string(TimeLimit(ctx, legs)),
        "--array",
        fmt::format("0-{}", legs.size() - 1),
        "--output",
        Base(ctx) + "/slurm-%A_%a.out",
        "--chdir",
        Base(ctx)};
    const Settings set = Submission(*legs.front());  // one array: the legs agree (Groups)
    if (!set.partition.empty()) argv.insert(argv.end(), {"--partition", set.partition});
    argv.insert(argv.end(), set.sbatch_args.begin(), set.sbatch_args.end());
    argv.push_back(script);
    return argv;
  }
  void Attach(const RunContext&, LegRun& leg) {
    const Submitted& s = submitted_.at(leg.leg->name);
    leg.resource_key = s.job_name;
    leg.data = {{"job", s.job}, {"task", fmt::format("{}_{}", s.job, s.index)}, {"dir", s.dir}};
    leg.phase = LegPhase::kRunning;
  }

  std::string partition_, shared_dir_;
  std::vector<std::string> sbatch_args_;
  std::map<std::string, Submitted> submitted_;
  std::vector<const Leg*> planned_;
};

}  // namespace

std::unique_ptr<Provider> MakeSlurmProvider() { return std::make_unique<SlurmProvider>(); }

}  // namespace lapack_ai::cloud
