// `aws`: EC2 spot (or on-demand) instances through the aws CLI, results through S3.
// Every instance is tagged at creation (run id, leg, key, owner, tool version, expiry), so
// teardown, `cloud gc` and a second driver find it even if this one died between "created"
// and "recorded".
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "aws_cli.h"
#include "aws_userdata.h"
#include "lapack_ai/cloud/process.h"
#include "lapack_ai/cloud/provider.h"
#include "lapack_ai/error.h"
#include "lapack_ai/result.h"
#include "lapack_ai/version.h"

namespace lapack_ai::cloud {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kTagRun = "lapack-ai:run-id";
constexpr const char* kTagLeg = "lapack-ai:leg";
constexpr const char* kTagKey = "lapack-ai:key";
constexpr const char* kTagOwner = "lapack-ai:owner";
constexpr const char* kTagVersion = "lapack-ai:version";
constexpr const char* kTagExpires = "lapack-ai:expires";
const std::vector<std::string> kLiveStates = {"pending", "running", "stopping", "stopped"};

struct Candidate {
  std::string type, zone;  // zone "" = let EC2 choose
};

struct Settings {
  aws::Settings cli;
  std::string bucket, prefix = "lapack-ai", image;
  std::vector<std::string> instance_types = {"g5.xlarge"}, zones;
  bool spot = true;
  std::optional<double> max_price, price_override;
  std::string key_name, subnet_id, instance_profile;
  std::vector<std::string> security_group_ids;
  double poll_seconds = 10;
  int rate_retries = 4;
  double rate_backoff_s = 2;
};

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

std::string TagValue(const json& tags, const std::string& key) {
  if (!tags.is_array()) return "";
  for (const json& t : tags)
    if (t.value("Key", "") == key) return t.value("Value", "");
  return "";
}

std::vector<json> InstancesOf(const json& described) {
  std::vector<json> out;
  if (!described.is_object()) return out;
  for (const json& r : described.value("Reservations", json::array()))
    for (const json& i : r.value("Instances", json::array())) out.push_back(i);
  return out;
}

class AwsProvider final : public Provider {
 public:
  std::string Name() const override { return "aws"; }
  std::vector<std::string> LegKeys() const override { return {"instance_types", "zones", "image"}; }
  bool NeedsBundle() const override { return true; }
  double PollIntervalSeconds() const override { return s_.poll_seconds; }

  void Configure(const RunConfig& config) override {
    const ConfigNode a = config.Section("aws");
    a.CheckKeys({"region", "endpoint_url", "bucket", "prefix", "image", "instance_types", "zones",
                 "spot", "max_price", "price_usd_per_hour", "key_name", "subnet_id",
                 "security_group_ids", "instance_profile", "cli", "poll_seconds", "call_timeout_s",
                 "rate_retries", "rate_backoff_s", "description"});
    s_.cli.cli = a.String("cli", "aws");
    s_.cli.region = a.String("region", "us-east-1");
    s_.cli.endpoint_url = !config.endpoint_url.empty() ? config.endpoint_url : a.String("endpoint_url");
    s_.cli.timeout_s = a.Number("call_timeout_s", 60);
    s_.bucket = a.String("bucket");
    s_.prefix = a.String("prefix", "lapack-ai");
    s_.image = a.String("image");
    if (a.Has("instance_types")) s_.instance_types = a.Strings("instance_types");
    if (s_.instance_types.empty()) a.FailAt("instance_types", "needs at least one instance type");
    s_.zones = a.Strings("zones");
    s_.spot = a.Bool("spot", true);
    if (a.Has("max_price")) {
      s_.max_price = a.Number("max_price", 0);
      if (*s_.max_price <= 0.001) a.FailAt("max_price", "EC2 needs a spot MaxPrice above $0.001");
    }
    if (a.Has("price_usd_per_hour")) s_.price_override = a.Number("price_usd_per_hour", 0);
    s_.key_name = a.String("key_name");
    s_.subnet_id = a.String("subnet_id");
    s_.instance_profile = a.String("instance_profile");
    s_.security_group_ids = a.Strings("security_group_ids");
    s_.poll_seconds = a.Number("poll_seconds", 10);
    s_.rate_retries = static_cast<int>(a.Int("rate_retries", 4, 0, 20));
    s_.rate_backoff_s = a.Number("rate_backoff_s", 2);
    configured_ = true;
    for (const Leg* leg : config.LegsOf("aws")) {
      if (leg->node.Has("instance_types") && leg->node.Strings("instance_types").empty())
        leg->node.FailAt("instance_types", "needs at least one instance type");
      if (Image(*leg).empty())
        (leg->node.Has("image") ? leg->node : a).Fail(
            "no AMI: set \"image\" (an AMI id with the NVIDIA driver, e.g. a Deep Learning Base AMI) "
            "in the aws section or the leg");
    }
    if (!config.LegsOf("aws").empty() && s_.bucket.empty())
      a.Fail("no S3 \"bucket\": the bundle goes up and the results come back through it");
  }

  Plan MakePlan(const RunContext& ctx, std::span<const Leg* const> legs) override {
    Plan plan;
    for (const Leg* leg : legs) {
      const std::string base = LegPrefix(ctx.run_id, leg->name);
      plan.calls.push_back({leg->name, "upload the bundle",
                            aws::Command(s_.cli, {"s3", "cp"}, {"<bundle.tar.gz>", base + "bundle.tar.gz"})});
      const std::vector<Candidate> cands = Candidates(*leg);
      for (std::size_t i = 0; i < cands.size(); ++i) {
        plan.calls.push_back({leg->name,
                              fmt::format("launch {} {}{}", s_.spot ? "spot" : "on-demand", cands[i].type,
                                          cands[i].zone.empty() ? "" : " in " + cands[i].zone) +
                                  (i == 0 ? "" : " (only after a capacity/quota/price error)"),
                              RunInstancesArgv(ctx, *leg, 0, i, cands[i], "<user-data file>")});
      }
      plan.calls.push_back({leg->name, "wait: instance state (every poll)",
                            aws::Command(s_.cli, {"ec2", "describe-instances"}, {"--instance-ids", "<id>"})});
      plan.calls.push_back({leg->name, "wait: results arrived?",
                            aws::Command(s_.cli, {"s3", "ls"}, {base + "legs/" + leg->name + "/0/"})});
      plan.calls.push_back({leg->name, "collect",
                            aws::Command(s_.cli, {"s3", "cp"}, {base + "legs/" + leg->name + "/0/result.json", "<leg dir>/result.json"})});
      plan.calls.push_back({leg->name, "teardown: every instance tagged with the run id and leg",
                            aws::Command(s_.cli, {"ec2", "terminate-instances"}, {"--instance-ids", "<ids>"})});
      plan.calls.push_back({leg->name, "teardown: the leg's S3 prefix",
                            aws::Command(s_.cli, {"s3", "rm"}, {base, "--recursive"})});
      plan.costs.push_back(Cost(ctx, *leg, plan.notes));
    }
    if (s_.spot)
      plan.notes.push_back("spot instances may be interrupted; each leg relaunches up to max_relaunches times");
    return plan;
  }

  void Launch(const RunContext& ctx, LegRun& run) override {
    const Leg& leg = *run.leg;
    const std::string base = LegPrefix(ctx.run_id, leg.name);
    // What teardown needs from a fresh process that has only the state file.
    ctx.state->state().providers["aws"] = {{"cli", s_.cli.cli}, {"region", s_.cli.region},
                                           {"endpoint_url", s_.cli.endpoint_url}};
    // The leg's S3 prefix is a resource too: teardown removes it.
    if (ctx.state->state().Find(base) == nullptr) {
      ctx.state->Intend({"s3-prefix", "aws", leg.name, 0, base, "", ResourceState::kIntended,
                         {{"bucket", s_.bucket}}});
      CallOrThrow(aws::Command(s_.cli, {"s3", "cp"}, {ctx.bundle_path, base + "bundle.tar.gz"}), "upload the bundle");
      if (IsLocalScenario(leg.scenario))
        CallOrThrow(aws::Command(s_.cli, {"s3", "cp"}, {leg.scenario, base + "scenario.json"}), "upload the scenario");
      ctx.state->Update(base, ResourceState::kCreated, base);
    }
    aws::GuestJob job;
    job.region = s_.cli.region;
    job.endpoint_url = s_.cli.endpoint_url;
    job.bundle_uri = base + "bundle.tar.gz";
    job.scenario = leg.scenario;
    if (IsLocalScenario(leg.scenario)) job.scenario_uri = base + "scenario.json";
    job.args = leg.args;
    job.results_uri = ResultsPrefix(ctx.run_id, leg.name, run.attempt);
    job.lifetime_minutes = static_cast<int>(LifetimeMinutes(ctx, leg));
    job.run_id = ctx.run_id;
    job.leg = leg.name;
    const std::string user_data = (fs::path(run.work_dir) / fmt::format("user-data-{}.sh", run.attempt)).string();
    WriteFileAtomically(user_data, aws::UserData(job));

    std::vector<std::string> failures;
    const std::vector<Candidate> cands = Candidates(leg);
    for (std::size_t i = 0; i < cands.size(); ++i) {
      if (Cancellation::Requested()) throw LaunchError("cancelled");
      const Candidate& c = cands[i];
      const std::string key = ClientToken(ctx.run_id, leg.name, run.attempt, i);
      ctx.state->Intend({"instance", "aws", leg.name, run.attempt, key, "", ResourceState::kIntended,
                         {{"instance_type", c.type}, {"zone", c.zone}, {"spot", s_.spot}}});
      const std::vector<std::string> argv = RunInstancesArgv(ctx, leg, run.attempt, i, c, "file://" + user_data);
      ProcessResult r;
      aws::ErrorClass cls = aws::ErrorClass::kNone;
      for (int tries = 0;; ++tries) {
        r = aws::Run(s_.cli, argv);
        cls = aws::Classify(r);
        if (cls != aws::ErrorClass::kRate || tries >= s_.rate_retries || Cancellation::Requested()) break;
        const double wait = s_.rate_backoff_s * (1 << tries);
        ctx.AddEvent("retry", leg.name, fmt::format("rate limited ({}); same call again in {:.1f} s",
                                                    aws::ErrorCode(r.err), wait));
        SleepFor(wait);
      }
      if (cls == aws::ErrorClass::kNone) {
        json out;
        try {
          out = json::parse(r.out);
        } catch (const json::exception&) {
        }
        const json inst = out.is_object() ? out.value("Instances", json::array()) : json::array();
        const std::string id = inst.is_array() && !inst.empty() ? inst[0].value("InstanceId", "") : "";
        // Without an id the instance may still exist: it stays "intended" and teardown finds it by tag.
        if (id.empty()) throw LaunchError(fmt::format("run-instances gave no instance id: {}", Redact(r.out.substr(0, 500))));
        ctx.state->Update(key, ResourceState::kCreated, id);
        ctx.AddEvent("launch", leg.name,
                     fmt::format("{} {} {}{} (attempt {})", id, s_.spot ? "spot" : "on-demand", c.type,
                                 c.zone.empty() ? "" : " in " + c.zone, run.attempt + 1),
                     {{"instance_id", id}, {"instance_type", c.type}, {"zone", c.zone}, {"attempt", run.attempt}});
        run.resource_key = key;
        run.phase = LegPhase::kRunning;
        run.data = {{"instance_id", id}, {"instance_type", c.type}, {"zone", c.zone},
                    {"results", job.results_uri}};
        launched_at_[leg.name] = Clock::now();
        return;
      }
      const std::string code = aws::ErrorCode(r.err);
      // A definite refusal created nothing; a timeout or an unreadable answer may have.
      const bool definite = r.started && !r.timed_out && !r.cancelled && !code.empty();
      if (definite) ctx.state->Update(key, ResourceState::kFailed);
      const std::string what = fmt::format("{} {}: {}", c.type, c.zone.empty() ? "(any zone)" : c.zone,
                                           code.empty() ? r.Describe() : code);
      failures.push_back(what);
      if (cls == aws::ErrorClass::kCapacity || cls == aws::ErrorClass::kQuota || cls == aws::ErrorClass::kPrice) {
        ctx.AddEvent("retry", leg.name,
                     fmt::format("{} error, {}{}", aws::ErrorClassName(cls), what,
                                 i + 1 < cands.size() ? "; trying the next zone/type" : "; no candidates left"),
                     {{"class", aws::ErrorClassName(cls)}, {"code", code}, {"instance_type", c.type}, {"zone", c.zone}});
        continue;
      }
      throw LaunchError(fmt::format("run-instances {}: {}", what, Redact(r.err.substr(0, 1000))));
    }
    throw LaunchError(fmt::format("no capacity anywhere: {}", Join(failures, "; ")));
  }

  void Poll(const RunContext& ctx, LegRun& run) override {
    const std::string results = run.data.value("results", "");
    const std::string id = run.data.value("instance_id", "");
    // The exit code is uploaded last: once it is there, so is everything else.
    const ProcessResult ls = aws::Run(s_.cli, aws::Command(s_.cli, {"s3", "ls"}, {results}));
    if (ls.ok() && ls.out.find("exit_code") != std::string::npos) {
      const ProcessResult cat = aws::Run(s_.cli, aws::Command(s_.cli, {"s3", "cp"}, {results + "exit_code", "-"}));
      try {
        run.exit_code = std::stoi(cat.out);
      } catch (const std::exception&) {
        run.exit_code = -1;
      }
      if (run.exit_code == 0 || run.exit_code == 1) {
        run.phase = LegPhase::kSucceeded;
      } else {
        run.phase = LegPhase::kFailed;
        run.message = fmt::format("the leg exited with {} on {} (its logs: {})", run.exit_code, id, results);
      }
      return;
    }
    json described;
    const ProcessResult d = aws::Run(s_.cli, aws::Command(s_.cli, {"ec2", "describe-instances"}, {"--instance-ids", id}));
    if (!d.ok()) {
      if (aws::Classify(d) == aws::ErrorClass::kNotFound) {
        run.phase = s_.spot ? LegPhase::kInterrupted : LegPhase::kFailed;
        run.message = fmt::format("{} disappeared", id);
      }
      return;  // a failed look is not a verdict: look again next time
    }
    try {
      described = json::parse(d.out);
    } catch (const json::exception&) {
      return;
    }
    const std::vector<json> inst = InstancesOf(described);
    if (inst.empty()) return;
    const std::string state = inst[0].value("State", json::object()).value("Name", "");
    const json reason = inst[0].value("StateReason", json::object());
    const std::string code = reason.value("Code", "");
    if (state == "pending" || state == "running") {
      const double minutes = std::chrono::duration<double>(Clock::now() - launched_at_[run.leg->name]).count() / 60;
      if (minutes > LifetimeMinutes(ctx, *run.leg) + 5) {
        run.phase = LegPhase::kTimedOut;
        run.message = fmt::format("{} still {} {:.0f} min after launch, past its lifetime", id, state, minutes);
      }
      return;
    }
    // Ended without results. A spot instance ended by anything but its own shutdown was
    // interrupted (EC2 says Server.SpotInstanceTermination; an operator's terminate counts too).
    ctx.state->Update(run.resource_key, ResourceState::kEnded);
    const bool own_shutdown = code.find("InstanceInitiatedShutdown") != std::string::npos;
    run.phase = (s_.spot && !own_shutdown) ? LegPhase::kInterrupted : LegPhase::kFailed;
    run.message = fmt::format("{} {} without results ({})", id, state, code.empty() ? "no reason given" : code);
    if (run.phase == LegPhase::kInterrupted)
      ctx.AddEvent("interruption", run.leg->name, run.message, {{"instance_id", id}, {"reason", code}});
  }

  void Collect(const RunContext&, LegRun& run) override {
    const std::string dest = (fs::path(run.work_dir) / "result.json").string();
    const std::string results = run.data.value("results", "");
    for (const char* f : {"result.json", "stderr.log", "stdout.log", "guest.log"}) {
      const ProcessResult r = aws::Run(s_.cli, aws::Command(s_.cli, {"s3", "cp"}, {results + f, (fs::path(run.work_dir) / f).string()}));
      if (!r.ok() && std::string(f) == "result.json")
        throw std::runtime_error(fmt::format("no {} under {}: {}", f, results, Redact(r.err.substr(0, 500))));
    }
    run.result_path = dest;
  }

  void Teardown(const RunContext& ctx) override {
    StateFile& st = *ctx.state;
    if (!configured_) {
      const json saved = st.state().providers.value("aws", json::object());
      s_.cli.cli = saved.value("cli", s_.cli.cli);
      s_.cli.region = saved.value("region", s_.cli.region);
      s_.cli.endpoint_url = saved.value("endpoint_url", s_.cli.endpoint_url);
    }
    if (ctx.config != nullptr && !ctx.config->endpoint_url.empty()) s_.cli.endpoint_url = ctx.config->endpoint_url;
    std::set<std::string> legs;
    for (const Resource* r : st.state().Live())
      if (r->provider == "aws") legs.insert(r->leg);
    if (legs.empty()) return;
    // Instances: by id where known, and by tag (run id + leg) for those only intended, so one
    // created just before a crash is found too. Never the whole run: in a CI matrix the other
    // legs belong to other drivers.
    std::set<std::string> ids;
    bool unconfirmed = false;  // a launch whose answer never came may still be creating
    for (const Resource* r : st.state().Live()) {
      if (r->provider != "aws" || r->kind != "instance") continue;
      if (r->id.empty()) unconfirmed = true;
      else ids.insert(r->id);
    }
    bool clean = true;
    bool confirmed = false;  // the last look by tag found nothing live
    // Rounds: terminate what is known, look again by tag; an instance that a killed
    // run-instances call was still creating shows up in a later look.
    for (int round = 0; round < 4; ++round) {
      bool found = false;
      for (const std::string& leg : legs) {
        for (const json& i : Find(ctx.run_id, leg)) {
          ids.insert(i.value("InstanceId", ""));
          found = true;
        }
      }
      confirmed = !found;
      ids.erase("");
      for (const std::string& id : ended_) ids.erase(id);
      if (ids.empty()) {
        if (round > 0 || !unconfirmed) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        continue;
      }
      clean = Terminate(ctx, ids) && clean;
      ended_.insert(ids.begin(), ids.end());
      ids.clear();
      std::this_thread::sleep_for(std::chrono::milliseconds(round == 0 && !unconfirmed ? 0 : 1000));
    }
    // Confirm: nothing of these legs may still be pending/running/stopping/stopped.
    for (const std::string& leg : confirmed ? std::set<std::string>{} : legs) {
      const std::vector<json> left = Find(ctx.run_id, leg);
      if (!left.empty()) {
        clean = false;
        ctx.AddEvent("error", leg, fmt::format("{} instance(s) still live after terminate", left.size()));
      }
    }
    for (const Resource* r : st.state().Live()) {
      if (r->provider != "aws") continue;
      const std::string key = r->key;
      if (r->kind == "s3-prefix") {
        const ProcessResult rm = aws::Run(s_.cli, aws::Command(s_.cli, {"s3", "rm"}, {key, "--recursive"}), false);
        if (rm.ok() || aws::Classify(rm) == aws::ErrorClass::kNotFound) {
          st.Update(key, ResourceState::kEnded);
        } else {
          ctx.AddEvent("error", r->leg, fmt::format("s3 rm {}: {}", key, rm.Describe()));
        }
      } else if (clean) {
        st.Update(key, ResourceState::kEnded);
      }
    }
    if (!clean) throw std::runtime_error("some instances could not be confirmed terminated");
  }

  std::vector<Orphan> Orphans(const OrphanQuery& query) override {
    std::vector<std::string> filters = {"Name=instance-state-name,Values=" + Join(kLiveStates, ",")};
    if (query.run_id.empty())
      filters.push_back(std::string("Name=tag-key,Values=") + kTagRun);
    else
      filters.push_back(fmt::format("Name=tag:{},Values={}", kTagRun, query.run_id));
    std::vector<std::string> args = {"--filters"};
    args.insert(args.end(), filters.begin(), filters.end());
    const json d = aws::RunJson(s_.cli, aws::Command(s_.cli, {"ec2", "describe-instances"}, args));
    std::vector<Orphan> out;
    const std::string now = UtcNow();
    for (const json& i : InstancesOf(d)) {
      const json tags = i.value("Tags", json::array());
      Orphan o;
      o.provider = "aws";
      o.kind = "instance";
      o.id = i.value("InstanceId", "");
      o.run_id = TagValue(tags, kTagRun);
      o.owner = TagValue(tags, kTagOwner);
      o.expires_utc = TagValue(tags, kTagExpires);
      o.state = i.value("State", json::object()).value("Name", "");
      o.expired = !o.expires_utc.empty() && o.expires_utc < now;
      o.detail = fmt::format("{} {} leg {}", i.value("InstanceType", ""),
                             i.value("Placement", json::object()).value("AvailabilityZone", ""), TagValue(tags, kTagLeg));
      out.push_back(std::move(o));
    }
    return out;
  }

  void EndOrphans(const RunConfig&, std::span<const Orphan> orphans) override {
    for (const Orphan& o : orphans) {
      const ProcessResult r = aws::Run(s_.cli, aws::Command(s_.cli, {"ec2", "terminate-instances"}, {"--instance-ids", o.id}), false);
      const aws::ErrorClass c = aws::Classify(r);
      if (c != aws::ErrorClass::kNone && c != aws::ErrorClass::kNotFound)
        throw std::runtime_error(fmt::format("terminate {}: {}: {}", o.id, r.Describe(), Redact(r.err.substr(0, 500))));
    }
  }

 private:
  std::string LegPrefix(const std::string& run_id, const std::string& leg) const {
    return fmt::format("s3://{}/{}/{}/{}/", s_.bucket, s_.prefix, run_id, leg);
  }
  std::string ResultsPrefix(const std::string& run_id, const std::string& leg, int attempt) const {
    return fmt::format("{}legs/{}/{}/", LegPrefix(run_id, leg), leg, attempt);
  }
  static bool IsLocalScenario(const std::string& s) {
    return s.find('/') != std::string::npos || s.ends_with(".json");
  }
  std::string Image(const Leg& leg) const { return leg.node.String("image", s_.image); }
  double LifetimeMinutes(const RunContext& ctx, const Leg& leg) const {
    return leg.timeout_minutes > 0 ? leg.timeout_minutes : ctx.config->lifetime_minutes;
  }
  // ClientToken: at most 64 ASCII characters, unique per leg, attempt and candidate.
  static std::string ClientToken(const std::string& run_id, const std::string& leg, int attempt, std::size_t i) {
    std::string t = fmt::format("{}-{}-{}-{}", run_id, leg, attempt, i);
    if (t.size() > 64) t = t.substr(t.size() - 64);
    return t;
  }

  std::vector<Candidate> Candidates(const Leg& leg) const {
    const std::vector<std::string> types = leg.node.Has("instance_types") ? leg.node.Strings("instance_types") : s_.instance_types;
    const std::vector<std::string> zones = leg.node.Has("zones") ? leg.node.Strings("zones") : s_.zones;
    std::vector<Candidate> c;
    // Zones first within a type: a capacity shortage is usually one zone's (reference/cloud.md).
    for (const std::string& t : types) {
      if (zones.empty()) c.push_back({t, ""});
      for (const std::string& z : zones) c.push_back({t, z});
    }
    return c;
  }

  std::vector<std::string> RunInstancesArgv(const RunContext& ctx, const Leg& leg, int attempt, std::size_t i,
                                            const Candidate& c, const std::string& user_data) const {
    const std::string key = ClientToken(ctx.run_id, leg.name, attempt, i);
    json tags = json::array();
    for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
             {kTagRun, ctx.run_id}, {kTagLeg, leg.name}, {kTagKey, key},
             {kTagOwner, ctx.state != nullptr ? ctx.state->state().owner : "<owner>"},
             {kTagVersion, std::string(Version())},
             {kTagExpires, ctx.state != nullptr ? ctx.state->state().expires_utc : "<expiry>"},
             {"Name", fmt::format("lapack-ai {} {}", ctx.run_id, leg.name)}})
      tags.push_back({{"Key", k}, {"Value", v}});
    const json spec = json::array({{{"ResourceType", "instance"}, {"Tags", tags}}});
    std::vector<std::string> args = {"--image-id", Image(leg), "--instance-type", c.type, "--count", "1",
                                     "--client-token", key, "--instance-initiated-shutdown-behavior", "terminate",
                                     "--user-data", user_data, "--tag-specifications", spec.dump()};
    if (!c.zone.empty()) args.insert(args.end(), {"--placement", "AvailabilityZone=" + c.zone});
    if (s_.spot) {
      json spot = {{"SpotInstanceType", "one-time"}, {"InstanceInterruptionBehavior", "terminate"}};
      if (s_.max_price) spot["MaxPrice"] = fmt::format("{:.4f}", *s_.max_price);
      args.insert(args.end(), {"--instance-market-options", json{{"MarketType", "spot"}, {"SpotOptions", spot}}.dump()});
    }
    if (!s_.key_name.empty()) args.insert(args.end(), {"--key-name", s_.key_name});
    if (!s_.subnet_id.empty()) args.insert(args.end(), {"--subnet-id", s_.subnet_id});
    if (!s_.security_group_ids.empty()) {
      args.push_back("--security-group-ids");
      args.insert(args.end(), s_.security_group_ids.begin(), s_.security_group_ids.end());
    }
    if (!s_.instance_profile.empty()) args.insert(args.end(), {"--iam-instance-profile", "Name=" + s_.instance_profile});
    return aws::Command(s_.cli, {"ec2", "run-instances"}, args);
  }

  // Worst case: the highest current spot price among the leg's candidates.
  LegCost Cost(const RunContext& ctx, const Leg& leg, std::vector<std::string>& notes) const {
    LegCost cost;
    cost.leg = leg.name;
    cost.hours = LifetimeMinutes(ctx, leg) / 60.0;
    cost.count = 1;
    const int launches = 1 + (s_.spot ? ctx.config->max_relaunches : 0);
    if (s_.price_override) {
      cost.usd_per_hour = *s_.price_override;
      cost.basis = "price_usd_per_hour from the config";
    } else if (!s_.spot) {
      cost.basis = "on-demand: no price (set aws.price_usd_per_hour)";
      notes.push_back(fmt::format("leg {}: on-demand price unknown; the budget cap cannot be checked", leg.name));
      cost.usd_per_hour = std::numeric_limits<double>::quiet_NaN();
    } else {
      std::string where;
      // One query per type (all zones; moto and EC2 both answer per zone), filtered here.
      std::map<std::string, std::set<std::string>> zones_of;
      for (const Candidate& c : Candidates(leg)) zones_of[c.type].insert(c.zone);
      for (const auto& [type, zones] : zones_of) {
        const std::vector<std::string> args = {"--instance-types", type, "--product-descriptions", "Linux/UNIX",
                                               "--start-time", UtcNow(), "--max-items", "100"};
        try {
          const json h = aws::RunJson(s_.cli, aws::Command(s_.cli, {"ec2", "describe-spot-price-history"}, args));
          for (const json& p : h.value("SpotPriceHistory", json::array())) {
            const std::string zone = p.value("AvailabilityZone", "");
            if (zones.count("") == 0 && zones.count(zone) == 0) continue;
            const double price = std::stod(p.value("SpotPrice", "0"));
            if (price > cost.usd_per_hour) {
              cost.usd_per_hour = price;
              where = fmt::format("{} {}", type, zone);
            }
          }
        } catch (const std::exception& e) {
          notes.push_back(fmt::format("leg {}: spot price of {} unknown: {}", leg.name, type, e.what()));
        }
      }
      if (s_.max_price && *s_.max_price > cost.usd_per_hour) {
        cost.usd_per_hour = *s_.max_price;
        where = "max_price";
      }
      cost.basis = where.empty() ? "no spot price found" : fmt::format("spot price history, highest: {}", where);
      if (where.empty()) cost.usd_per_hour = std::numeric_limits<double>::quiet_NaN();
    }
    cost.max_usd = cost.usd_per_hour * cost.hours * cost.count * launches;
    return cost;
  }

  void CallOrThrow(const std::vector<std::string>& argv, const char* what) const {
    const ProcessResult r = aws::Run(s_.cli, argv);
    if (!r.ok())
      throw LaunchError(fmt::format("{}: `{}` failed ({}): {}", what, FormatCommand(argv), r.Describe(), Redact(r.err.substr(0, 1000))));
  }

  // terminate-instances; "not found" counts as ended. False if one may still run.
  bool Terminate(const RunContext& ctx, const std::set<std::string>& ids) const {
    std::vector<std::string> args = {"--instance-ids"};
    args.insert(args.end(), ids.begin(), ids.end());
    const ProcessResult r = aws::Run(s_.cli, aws::Command(s_.cli, {"ec2", "terminate-instances"}, args), false);
    const aws::ErrorClass cls = aws::Classify(r);
    bool ok = true;
    if (cls != aws::ErrorClass::kNone && cls != aws::ErrorClass::kNotFound) {
      // One unknown id fails the whole call: end the others one by one.
      for (const std::string& id : ids) {
        const ProcessResult one =
            aws::Run(s_.cli, aws::Command(s_.cli, {"ec2", "terminate-instances"}, {"--instance-ids", id}), false);
        const aws::ErrorClass c1 = aws::Classify(one);
        if (c1 != aws::ErrorClass::kNone && c1 != aws::ErrorClass::kNotFound) {
          ok = false;
          ctx.AddEvent("error", "", fmt::format("terminate {}: {}", id, one.Describe()));
        }
      }
    }
    ctx.AddEvent("teardown", "", fmt::format("terminate-instances {}", Join({ids.begin(), ids.end()}, " ")),
                 {{"instance_ids", std::vector<std::string>(ids.begin(), ids.end())}});
    return ok;
  }

  // Live instances of one leg of a run, found by their tags.
  std::vector<json> Find(const std::string& run_id, const std::string& leg) const {
    const std::vector<std::string> args = {"--filters", fmt::format("Name=tag:{},Values={}", kTagRun, run_id),
                                           fmt::format("Name=tag:{},Values={}", kTagLeg, leg),
                                           "Name=instance-state-name,Values=" + Join(kLiveStates, ",")};
    const ProcessResult r = aws::Run(s_.cli, aws::Command(s_.cli, {"ec2", "describe-instances"}, args), false);
    if (!r.ok()) throw std::runtime_error(fmt::format("describe-instances: {}: {}", r.Describe(), Redact(r.err.substr(0, 500))));
    return InstancesOf(json::parse(r.out.empty() ? "{}" : r.out));
  }

  Settings s_;
  bool configured_ = false;
  std::set<std::string> ended_;  // terminated by this process (moto shows them live briefly)
  std::map<std::string, Clock::time_point> launched_at_;
};

}  // namespace

std::unique_ptr<Provider> MakeAwsProvider() { return std::make_unique<AwsProvider>(); }

}  // namespace lapack_ai::cloud
