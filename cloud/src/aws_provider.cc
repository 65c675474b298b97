// The aws provider's configuration, plan and cost estimate (aws_provider.h has the whole class).
#include "aws_provider.h"

#include <limits>
#include <map>
#include <set>

#include <fmt/format.h>

#include "lapack_ai/cloud/state.h"
#include "lapack_ai/error.h"

namespace lapack_ai::cloud {
namespace aws {

using nlohmann::json;

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

void AwsProvider::Configure(const RunConfig& config) {
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

Plan AwsProvider::MakePlan(const RunContext& ctx, std::span<const Leg* const> legs) {
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

std::string AwsProvider::LegPrefix(const std::string& run_id, const std::string& leg) const {
  return fmt::format("s3://{}/{}/{}/{}/", s_.bucket, s_.prefix, run_id, leg);
}

std::string AwsProvider::ResultsPrefix(const std::string& run_id, const std::string& leg, int attempt) const {
  return fmt::format("{}legs/{}/{}/", LegPrefix(run_id, leg), leg, attempt);
}

bool AwsProvider::IsLocalScenario(const std::string& s) {
  return s.find('/') != std::string::npos || s.ends_with(".json");
}

std::string AwsProvider::Image(const Leg& leg) const { return leg.node.String("image", s_.image); }

double AwsProvider::LifetimeMinutes(const RunContext& ctx, const Leg& leg) const {
  return leg.timeout_minutes > 0 ? leg.timeout_minutes : ctx.config->lifetime_minutes;
}

std::string AwsProvider::ClientToken(const std::string& run_id, const std::string& leg, int attempt, std::size_t i) {
  std::string t = fmt::format("{}-{}-{}-{}", run_id, leg, attempt, i);
  if (t.size() > 64) t = t.substr(t.size() - 64);
  return t;
}

std::vector<Candidate> AwsProvider::Candidates(const Leg& leg) const {
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

LegCost AwsProvider::Cost(const RunContext& ctx, const Leg& leg, std::vector<std::string>& notes) const {
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

}  // namespace aws

std::unique_ptr<Provider> MakeAwsProvider() { return std::make_unique<aws::AwsProvider>(); }

}  // namespace lapack_ai::cloud
