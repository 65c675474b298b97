// `ssh`: hosts the user already has. Each leg gets its own remote directory named for the run
// (<work_root>/lapack-ai+<run>+<leg>+<attempt>, so `cloud gc` finds it by name), receives the
// bundle and the leg script by scp, and runs detached under setsid: the pid file names its
// process group, which teardown kills before removing the directory.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <sstream>

#include "bundle_script.h"
#include "lapack_ai/cloud/process.h"
#include "lapack_ai/cloud/provider.h"
#include "lapack_ai/error.h"
#include "lapack_ai/result.h"
#include "ssh_remote.h"

namespace lapack_ai::cloud {
namespace {

namespace fs = std::filesystem;
using internal::ShellQuote;
using internal::SshHost;
using Clock = std::chrono::steady_clock;

constexpr double kCommandTimeoutS = 60;
constexpr int kMaxPollFailures = 5;  // consecutive unreachable polls before the leg is lost

double LifetimeMinutes(const RunConfig& config, const Leg& leg) {
  return leg.timeout_minutes > 0 ? leg.timeout_minutes : config.lifetime_minutes;
}

std::string RemoteDir(const std::string& root, const std::string& run_id, const std::string& leg,
                      int attempt) {
  // '+' is in neither a run id nor a leg name, so the name parses back unambiguously.
  return fmt::format("{}/lapack-ai+{}+{}+{}", root, run_id, leg, attempt);
}

void Check(const ProcessResult& r, const std::string& what) {
  if (!r.ok()) {
    throw LaunchError(fmt::format("{}: {}{}", what, r.Describe(),
                                  r.err.empty() ? "" : ": " + Redact(r.err.substr(0, 400))));
  }
}

class SshProvider final : public Provider {
 public:
  std::string Name() const override { return "ssh"; }
  std::vector<std::string> LegKeys() const override { return {"host"}; }
  bool NeedsBundle() const override { return true; }

  void Configure(const RunConfig& config) override {
    const ConfigNode section = config.Section("ssh");
    section.CheckKeys({"hosts", "work_root", "connect_timeout_s", "copy_timeout_s"});
    work_root_ = section.String("work_root", "/tmp");
    copy_timeout_s_ = section.Number("copy_timeout_s", 600);
    const double connect = section.Number("connect_timeout_s", 10);
    for (const ConfigNode& h : section["hosts"].Items()) {
      h.CheckKeys({"name", "address", "port", "identity", "options"});
      SshHost host;
      host.address = h.String("address");
      if (host.address.empty()) h.FailAt("address", "a host needs an \"address\" ([user@]host)");
      host.name = h.String("name", host.address);
      host.port = static_cast<int>(h.Int("port", 22, 1, 65535));
      host.identity = h.String("identity");
      host.options = h.Strings("options");
      host.connect_timeout_s = connect;
      if (hosts_.count(host.name) != 0)
        h.FailAt("name", fmt::format("duplicate host name '{}'", host.name));
      hosts_[host.name] = host;
    }
    for (const Leg* leg : config.LegsOf("ssh")) {
      std::string name = leg->node.String("host");
      if (name.empty() && hosts_.size() == 1) name = hosts_.begin()->first;
      if (name.empty()) {
        leg->node.Fail(hosts_.empty() ? "an ssh leg needs ssh.hosts in the config"
                                      : "an ssh leg needs \"host\" (one of ssh.hosts' names)");
      }
      if (hosts_.count(name) == 0) {
        leg->node.FailAt("host", fmt::format("unknown ssh host '{}'; ssh.hosts has: {}", name,
                                             fmt::join(Names(), ", ")));
      }
      leg_host_[leg->name] = name;
    }
  }

  Plan MakePlan(const RunContext& ctx, std::span<const Leg* const> legs) override {
    Plan plan;
    for (const Leg* leg : legs) {
      const SshHost& h = hosts_.at(leg_host_.at(leg->name));
      const std::string dir = RemoteDir(work_root_, ctx.run_id, leg->name, 0);
      plan.calls.push_back({leg->name, "make the leg's directory",
                            internal::SshArgv(h, "mkdir -p " + ShellQuote(dir))});
      plan.calls.push_back(
          {leg->name, "copy the bundle",
           internal::ScpUploadArgv(h, BundleOrPlaceholder(ctx), dir + "/bundle.tar.gz")});
      plan.calls.push_back(
          {leg->name, "start the leg detached", internal::SshArgv(h, StartCommand(dir))});
      plan.calls.push_back({leg->name, "poll", internal::SshArgv(h, internal::StatusCommand(dir))});
      plan.calls.push_back({leg->name, "fetch results",
                            internal::ScpFetchArgv(h, dir + "/" + internal::kLegResult,
                                                   leg->name + "/result.json")});
      plan.calls.push_back(
          {leg->name, "teardown", internal::SshArgv(h, internal::KillAndRemoveCommand(dir))});
      plan.costs.push_back({leg->name, 0, LifetimeMinutes(*ctx.config, *leg) / 60, 1, 0,
                            "your own host: not billed"});
    }
    return plan;
  }

  void Launch(const RunContext& ctx, LegRun& leg) override {
    const Leg& l = *leg.leg;
    const SshHost& h = hosts_.at(leg_host_.at(l.name));
    const std::string dir = RemoteDir(work_root_, ctx.run_id, l.name, leg.attempt);
    const std::string key = h.name + ":" + dir;
    nlohmann::json data = {{"host", h.ToJson()}, {"dir", dir}};
    ctx.state->Intend(
        {"ssh-run", "ssh", l.name, leg.attempt, key, "", ResourceState::kIntended, data});
    leg.resource_key = key;
    leg.data = data;
    used_hosts_[h.name] = h;

    const double lifetime_min = LifetimeMinutes(*ctx.config, l);
    Check(
        internal::RunSsh(internal::SshArgv(h, fmt::format("mkdir -p {0} && echo {1} > {0}/expires",
                                                          ShellQuote(dir), UtcNow(lifetime_min))),
                         kCommandTimeoutS),
        "ssh " + h.name + ": make " + dir);
    fs::create_directories(leg.work_dir);
    internal::LegScriptSpec script{ctx.run_id, l.name, "bundle.tar.gz",
                                   l.scenario, l.args, static_cast<long>(lifetime_min * 60)};
    if (std::error_code ec; fs::is_regular_file(l.scenario, ec)) {
      Check(internal::RunSsh(internal::ScpUploadArgv(h, l.scenario, dir + "/scenario.json"),
                             kCommandTimeoutS),
            "scp the scenario to " + h.name);
      script.scenario = "scenario.json";
    }
    const std::string script_path = (fs::path(leg.work_dir) / internal::kLegScript).string();
    WriteFileAtomically(script_path, internal::LegScript(script));
    Check(
        internal::RunSsh(internal::ScpUploadArgv(h, script_path, dir + "/" + internal::kLegScript),
                         kCommandTimeoutS),
        "scp the leg script to " + h.name);
    Check(internal::RunSsh(internal::ScpUploadArgv(h, ctx.bundle_path, dir + "/bundle.tar.gz"),
                           copy_timeout_s_),
          "scp the bundle to " + h.name);
    // Not cancellable: once the remote process starts, its pid must reach the state file.
    const ProcessResult started =
        internal::RunSsh(internal::SshArgv(h, StartCommand(dir)), kCommandTimeoutS, false);
    Check(started, "ssh " + h.name + ": start the leg");
    const std::string pid = Trim(started.out);
    leg.data["pid"] = pid;
    ctx.state->Update(key, ResourceState::kCreated, pid, leg.data);
    ctx.AddEvent("launch", l.name, fmt::format("{}: {} (pid {})", h.name, dir, pid));
    started_[key] = Clock::now();
    leg.phase = LegPhase::kRunning;
  }

  void Poll(const RunContext& ctx, LegRun& leg) override {
    const SshHost h = SshHost::FromJson(leg.data.at("host"));
    const std::string dir = leg.data.at("dir");
    const ProcessResult r =
        internal::RunSsh(internal::SshArgv(h, internal::StatusCommand(dir)), kCommandTimeoutS);
    if (!r.ok()) {
      if (++poll_failures_[leg.resource_key] >= kMaxPollFailures) {
        leg.phase = LegPhase::kFailed;
        leg.message = fmt::format("{} unreachable: {}", h.name, r.Describe());
      }
      return;
    }
    poll_failures_[leg.resource_key] = 0;
    const std::string status = Trim(r.out);
    if (status.rfind("exit ", 0) == 0) {
      leg.exit_code = std::atoi(status.c_str() + 5);
      // 1 = a check failed: the results exist and say which.
      if (leg.exit_code == 0 || leg.exit_code == 1) {
        leg.phase = LegPhase::kSucceeded;
      } else {
        leg.phase = LegPhase::kFailed;
        leg.message = fmt::format(
            "`lapack-ai run` on {} exited with {}{} (log: {}/{})", h.name, leg.exit_code,
            leg.exit_code == 124 ? " (its lifetime ran out)" : "", dir, internal::kLegLog);
      }
      return;
    }
    if (status == "lost") {
      leg.phase = LegPhase::kFailed;
      leg.message = fmt::format("the leg's process on {} is gone without an exit code", h.name);
      return;
    }
    const auto start = started_.find(leg.resource_key);
    const double minutes =
        start == started_.end()
            ? 0
            : std::chrono::duration<double>(Clock::now() - start->second).count() / 60;
    if (minutes > LifetimeMinutes(*ctx.config, *leg.leg)) {
      internal::RunSsh(internal::SshArgv(h, internal::KillAndRemoveCommand(dir)), kCommandTimeoutS,
                       false);
      ctx.state->Update(leg.resource_key, ResourceState::kEnded);
      leg.phase = LegPhase::kTimedOut;
      leg.message =
          fmt::format("ran past its lifetime of {} min", LifetimeMinutes(*ctx.config, *leg.leg));
    }
  }

  double PollIntervalSeconds() const override { return 1.0; }

  void Collect(const RunContext&, LegRun& leg) override {
    const SshHost h = SshHost::FromJson(leg.data.at("host"));
    const std::string dir = leg.data.at("dir");
    fs::create_directories(leg.work_dir);
    const std::string local = (fs::path(leg.work_dir) / "result.json").string();
    internal::RunSsh(internal::ScpFetchArgv(h, dir + "/" + internal::kLegLog,
                                            (fs::path(leg.work_dir) / internal::kLegLog).string()),
                     kCommandTimeoutS);
    const ProcessResult r = internal::RunSsh(
        internal::ScpFetchArgv(h, dir + "/" + internal::kLegResult, local), copy_timeout_s_);
    if (!r.ok()) {
      throw std::runtime_error(fmt::format("leg {}: no results from {}:{}: {}", leg.leg->name,
                                           h.name, dir, r.Describe()));
    }
    leg.result_path = local;
  }

  void Teardown(const RunContext& ctx) override {
    std::vector<std::string> failed;
    std::map<std::string, SshHost> hosts = used_hosts_;
    for (const Resource* r : ctx.state->state().Live()) {
      if (r->provider != "ssh") continue;
      const std::string key = r->key, leg = r->leg;
      try {
        const SshHost h = SshHost::FromJson(r->data.at("host"));
        hosts[h.name] = h;
        const std::string dir = r->data.at("dir");
        const ProcessResult res = internal::RunSsh(
            internal::SshArgv(h, internal::KillAndRemoveCommand(dir)), kCommandTimeoutS, false);
        if (!res.ok()) {
          failed.push_back(fmt::format("{}: {}", key, res.Describe()));
          continue;
        }
        ctx.state->Update(key, ResourceState::kEnded);
        ctx.AddEvent("teardown", leg, fmt::format("{}: leg ended, directory removed", key));
      } catch (const std::exception& e) {
        failed.push_back(fmt::format("{}: {}", key, e.what()));
      }
    }
    for (const auto& [name, h] : hosts) internal::RunSsh(internal::SshExitMasterArgv(h), 10, false);
    if (!failed.empty()) {
      throw std::runtime_error(
          fmt::format("ssh teardown could not reach: {} (each leg still ends at its lifetime "
                      "through `timeout`)",
                      fmt::join(failed, "; ")));
    }
  }

  std::vector<Orphan> Orphans(const OrphanQuery& query) override {
    std::vector<Orphan> out;
    if (query.config != nullptr && hosts_.empty()) Configure(*query.config);
    for (const auto& [name, h] : hosts_) {
      const ProcessResult r =
          internal::RunSsh(internal::SshArgv(h, ListCommand()), kCommandTimeoutS);
      internal::RunSsh(internal::SshExitMasterArgv(h), 10, false);  // no master outlives a sweep
      if (!r.ok()) {
        throw std::runtime_error(
            fmt::format("ssh {}: cannot list leg directories: {}", name, r.Describe()));
      }
      for (Orphan& o : ParseList(h, r.out)) {
        if (query.run_id.empty() || o.run_id == query.run_id) out.push_back(std::move(o));
      }
    }
    return out;
  }

  void EndOrphans(const RunConfig& config, std::span<const Orphan> orphans) override {
    if (hosts_.empty()) Configure(config);
    for (const Orphan& o : orphans) {
      const auto colon = o.id.find(':');
      const auto it = hosts_.find(o.id.substr(0, colon));
      if (colon == std::string::npos || it == hosts_.end()) continue;
      internal::RunSsh(
          internal::SshArgv(it->second, internal::KillAndRemoveCommand(o.id.substr(colon + 1))),
          kCommandTimeoutS, false);
    }
    for (const auto& [name, h] : hosts_)
      internal::RunSsh(internal::SshExitMasterArgv(h), 10, false);
  }

 private:
  static std::string Trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    const auto e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
  }
  static std::string BundleOrPlaceholder(const RunContext& ctx) {
    return ctx.bundle_path.empty() ? "<bundle>" : ctx.bundle_path;
  }
  // setsid makes the script a session and group leader; $! is its pid (a background job of a
  // non-interactive shell is no group leader, so setsid does not fork).
  static std::string StartCommand(const std::string& dir) {
    const std::string d = ShellQuote(dir);
    return fmt::format(
        "cd {} && (setsid sh {} \"$PWD\" > leg.log 2>&1 < /dev/null & echo $! > pid) && cat pid", d,
        internal::kLegScript);
  }
  std::string ListCommand() const {
    return fmt::format(
        "for d in {}/lapack-ai+*; do [ -d \"$d\" ] || continue; "
        "if [ -f \"$d/{}\" ]; then s=finished; elif [ -f \"$d/pid\" ] && kill -0 \"$(cat "
        "\"$d/pid\")\" 2>/dev/null; "
        "then s=running; else s=stopped; fi; echo \"$d|$(cat \"$d/expires\" 2>/dev/null)|$s\"; "
        "done",
        ShellQuote(work_root_), internal::kLegExitCode);
  }
  static std::vector<Orphan> ParseList(const SshHost& h, const std::string& text) {
    std::vector<Orphan> out;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      const auto p1 = line.find('|'), p2 = line.rfind('|');
      if (p1 == std::string::npos || p2 == p1) continue;
      const std::string dir = line.substr(0, p1);
      const std::string name = fs::path(dir).filename().string();  // lapack-ai+RUN+LEG+ATTEMPT
      const auto a = name.find('+'), b = name.find('+', a + 1);
      if (a == std::string::npos || b == std::string::npos) continue;
      Orphan o;
      o.provider = "ssh";
      o.kind = "ssh-run";
      o.id = h.name + ":" + dir;
      o.run_id = name.substr(a + 1, b - a - 1);
      o.expires_utc = line.substr(p1 + 1, p2 - p1 - 1);
      o.state = line.substr(p2 + 1);
      o.expired = !o.expires_utc.empty() && o.expires_utc < UtcNow();
      o.detail = h.name;
      out.push_back(std::move(o));
    }
    return out;
  }
  std::vector<std::string> Names() const {
    std::vector<std::string> names;
    for (const auto& [name, h] : hosts_) names.push_back(name);
    return names;
  }

  std::string work_root_ = "/tmp";
  double copy_timeout_s_ = 600;
  std::map<std::string, SshHost> hosts_, used_hosts_;
  std::map<std::string, std::string> leg_host_;
  std::map<std::string, Clock::time_point> started_;
  std::map<std::string, int> poll_failures_;
};

}  // namespace

std::unique_ptr<Provider> MakeSshProvider() { return std::make_unique<SshProvider>(); }

}  // namespace lapack_ai::cloud
