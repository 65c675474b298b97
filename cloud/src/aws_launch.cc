// The aws provider's launch: the leg's S3 prefix (bundle, scenario), the guest's user data, and
// run-instances over the leg's zones and types, moving on after capacity, quota and price errors
// and backing off after rate limits.
#include <filesystem>

#include <fmt/format.h>

#include "aws_provider.h"
#include "aws_userdata.h"
#include "lapack_ai/cloud/process.h"
#include "lapack_ai/cloud/state.h"
#include "lapack_ai/result.h"
#include "lapack_ai/version.h"

namespace lapack_ai::cloud::aws {

namespace fs = std::filesystem;
using nlohmann::json;

void AwsProvider::Launch(const RunContext& ctx, LegRun& run) {
  const Leg& leg = *run.leg;
  const std::string base = LegPrefix(ctx.run_id, leg.name);
  // What teardown needs from a fresh process that has only the state file.
  ctx.state->state().providers["aws"] = {{"cli", s_.cli.cli}, {"region", s_.cli.region},
                                         {"endpoint_url", s_.cli.endpoint_url}};
  // The leg's S3 prefix is a resource too: teardown removes it.
  if (ctx.state->state().Find(base) == nullptr) {
    ctx.state->Intend({"s3-prefix", "aws", leg.name, 0, base, "", ResourceState::kIntended,
                       {{"bucket", s_.bucket}}});
    CallOrThrow(Command(s_.cli, {"s3", "cp"}, {ctx.bundle_path, base + "bundle.tar.gz"}), "upload the bundle");
    if (IsLocalScenario(leg.scenario))
      CallOrThrow(Command(s_.cli, {"s3", "cp"}, {leg.scenario, base + "scenario.json"}), "upload the scenario");
    ctx.state->Update(base, ResourceState::kCreated, base);
  }
  GuestJob job;
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
  WriteFileAtomically(user_data, UserData(job));

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
    ErrorClass cls = ErrorClass::kNone;
    for (int tries = 0;; ++tries) {
      r = Run(s_.cli, argv);
      cls = Classify(r);
      if (cls != ErrorClass::kRate || tries >= s_.rate_retries || Cancellation::Requested()) break;
      const double wait = s_.rate_backoff_s * (1 << tries);
      ctx.AddEvent("retry", leg.name, fmt::format("rate limited ({}); same call again in {:.1f} s",
                                                  ErrorCode(r.err), wait));
      SleepFor(wait);
    }
    if (cls == ErrorClass::kNone) {
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
      launched_at_[leg.name] = std::chrono::steady_clock::now();
      return;
    }
    const std::string code = ErrorCode(r.err);
    // A definite refusal created nothing; a timeout or an unreadable answer may have.
    const bool definite = r.started && !r.timed_out && !r.cancelled && !code.empty();
    if (definite) ctx.state->Update(key, ResourceState::kFailed);
    const std::string what = fmt::format("{} {}: {}", c.type, c.zone.empty() ? "(any zone)" : c.zone,
                                         code.empty() ? r.Describe() : code);
    failures.push_back(what);
    if (cls == ErrorClass::kCapacity || cls == ErrorClass::kQuota || cls == ErrorClass::kPrice) {
      ctx.AddEvent("retry", leg.name,
                   fmt::format("{} error, {}{}", ErrorClassName(cls), what,
                               i + 1 < cands.size() ? "; trying the next zone/type" : "; no candidates left"),
                   {{"class", ErrorClassName(cls)}, {"code", code}, {"instance_type", c.type}, {"zone", c.zone}});
      continue;
    }
    throw LaunchError(fmt::format("run-instances {}: {}", what, Redact(r.err.substr(0, 1000))));
  }
  throw LaunchError(fmt::format("no capacity anywhere: {}", Join(failures, "; ")));
}

std::vector<std::string> AwsProvider::RunInstancesArgv(const RunContext& ctx, const Leg& leg, int attempt, std::size_t i,
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
  return Command(s_.cli, {"ec2", "run-instances"}, args);
}

void AwsProvider::CallOrThrow(const std::vector<std::string>& argv, const char* what) const {
  const ProcessResult r = Run(s_.cli, argv);
  if (!r.ok())
    throw LaunchError(fmt::format("{}: `{}` failed ({}): {}", what, FormatCommand(argv), r.Describe(), Redact(r.err.substr(0, 1000))));
}

}  // namespace lapack_ai::cloud::aws
