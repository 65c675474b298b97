// The aws provider's teardown and orphans: instances by id and by tag (run id + leg), in rounds
// until a look by tag finds nothing live, then the leg's S3 prefix; `cloud gc`'s search by tag.
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "aws_provider.h"
#include "lapack_ai/cloud/process.h"
#include "lapack_ai/cloud/state.h"

namespace lapack_ai::cloud::aws {

using nlohmann::json;

void AwsProvider::Teardown(const RunContext& ctx) {
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
      const ProcessResult rm = Run(s_.cli, Command(s_.cli, {"s3", "rm"}, {key, "--recursive"}), false);
      if (rm.ok() || Classify(rm) == ErrorClass::kNotFound) {
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

std::vector<Orphan> AwsProvider::Orphans(const OrphanQuery& query) {
  std::vector<std::string> filters = {"Name=instance-state-name,Values=" + Join(kLiveStates, ",")};
  if (query.run_id.empty())
    filters.push_back(std::string("Name=tag-key,Values=") + kTagRun);
  else
    filters.push_back(fmt::format("Name=tag:{},Values={}", kTagRun, query.run_id));
  std::vector<std::string> args = {"--filters"};
  args.insert(args.end(), filters.begin(), filters.end());
  const json d = RunJson(s_.cli, Command(s_.cli, {"ec2", "describe-instances"}, args));
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

void AwsProvider::EndOrphans(const RunConfig&, std::span<const Orphan> orphans) {
  for (const Orphan& o : orphans) {
    const ProcessResult r = Run(s_.cli, Command(s_.cli, {"ec2", "terminate-instances"}, {"--instance-ids", o.id}), false);
    const ErrorClass c = Classify(r);
    if (c != ErrorClass::kNone && c != ErrorClass::kNotFound)
      throw std::runtime_error(fmt::format("terminate {}: {}: {}", o.id, r.Describe(), Redact(r.err.substr(0, 500))));
  }
}

bool AwsProvider::Terminate(const RunContext& ctx, const std::set<std::string>& ids) const {
  std::vector<std::string> args = {"--instance-ids"};
  args.insert(args.end(), ids.begin(), ids.end());
  const ProcessResult r = Run(s_.cli, Command(s_.cli, {"ec2", "terminate-instances"}, args), false);
  const ErrorClass cls = Classify(r);
  bool ok = true;
  if (cls != ErrorClass::kNone && cls != ErrorClass::kNotFound) {
    // One unknown id fails the whole call: end the others one by one.
    for (const std::string& id : ids) {
      const ProcessResult one =
          Run(s_.cli, Command(s_.cli, {"ec2", "terminate-instances"}, {"--instance-ids", id}), false);
      const ErrorClass c1 = Classify(one);
      if (c1 != ErrorClass::kNone && c1 != ErrorClass::kNotFound) {
        ok = false;
        ctx.AddEvent("error", "", fmt::format("terminate {}: {}", id, one.Describe()));
      }
    }
  }
  ctx.AddEvent("teardown", "", fmt::format("terminate-instances {}", Join({ids.begin(), ids.end()}, " ")),
               {{"instance_ids", std::vector<std::string>(ids.begin(), ids.end())}});
  return ok;
}

std::vector<json> AwsProvider::Find(const std::string& run_id, const std::string& leg) const {
  const std::vector<std::string> args = {"--filters", fmt::format("Name=tag:{},Values={}", kTagRun, run_id),
                                         fmt::format("Name=tag:{},Values={}", kTagLeg, leg),
                                         "Name=instance-state-name,Values=" + Join(kLiveStates, ",")};
  const ProcessResult r = Run(s_.cli, Command(s_.cli, {"ec2", "describe-instances"}, args), false);
  if (!r.ok()) throw std::runtime_error(fmt::format("describe-instances: {}: {}", r.Describe(), Redact(r.err.substr(0, 500))));
  return InstancesOf(json::parse(r.out.empty() ? "{}" : r.out));
}

}  // namespace lapack_ai::cloud::aws
