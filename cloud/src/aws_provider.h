// The aws provider (EC2 spot or on-demand instances through the aws CLI, results through S3),
// one class over four files: aws_provider.cc (config, plan, cost), aws_launch.cc (run-instances
// and the zone/type fallback), aws_poll.cc (the wait step and collect), aws_teardown.cc
// (terminate, orphans). Every instance is tagged at creation, so teardown, `cloud gc` and a
// second driver find it even if this one died between "created" and "recorded".
#pragma once
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws_cli.h"
#include "lapack_ai/cloud/provider.h"

namespace lapack_ai::cloud::aws {

inline constexpr const char* kTagRun = "lapack-ai:run-id";
inline constexpr const char* kTagLeg = "lapack-ai:leg";
inline constexpr const char* kTagKey = "lapack-ai:key";
inline constexpr const char* kTagOwner = "lapack-ai:owner";
inline constexpr const char* kTagVersion = "lapack-ai:version";
inline constexpr const char* kTagExpires = "lapack-ai:expires";
/// Instance states that may still cost money or hold a spot slot.
inline const std::vector<std::string> kLiveStates = {"pending", "running", "stopping", "stopped"};

/// One place to try a launch.
struct Candidate {
  std::string type, zone;  ///< zone "" = let EC2 choose
};

/// The config's "aws" section.
struct ProviderSettings {
  Settings cli;
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

std::string Join(const std::vector<std::string>& v, const char* sep);
/// The value of tag `key` in an EC2 "Tags" array, "" if absent.
std::string TagValue(const nlohmann::json& tags, const std::string& key);
/// Every instance of a describe-instances answer (all reservations).
std::vector<nlohmann::json> InstancesOf(const nlohmann::json& described);

class AwsProvider final : public Provider {
 public:
  std::string Name() const override { return "aws"; }
  std::vector<std::string> LegKeys() const override { return {"instance_types", "zones", "image"}; }
  bool NeedsBundle() const override { return true; }
  double PollIntervalSeconds() const override { return s_.poll_seconds; }

  void Configure(const RunConfig& config) override;
  Plan MakePlan(const RunContext& ctx, std::span<const Leg* const> legs) override;
  void Launch(const RunContext& ctx, LegRun& run) override;
  void Poll(const RunContext& ctx, LegRun& run) override;
  void Collect(const RunContext& ctx, LegRun& run) override;
  void Teardown(const RunContext& ctx) override;
  std::vector<Orphan> Orphans(const OrphanQuery& query) override;
  void EndOrphans(const RunConfig& config, std::span<const Orphan> orphans) override;

 private:
  std::string LegPrefix(const std::string& run_id, const std::string& leg) const;
  std::string ResultsPrefix(const std::string& run_id, const std::string& leg, int attempt) const;
  static bool IsLocalScenario(const std::string& s);
  std::string Image(const Leg& leg) const;
  double LifetimeMinutes(const RunContext& ctx, const Leg& leg) const;
  /// At most 64 ASCII characters, unique per leg, attempt and candidate.
  static std::string ClientToken(const std::string& run_id, const std::string& leg, int attempt,
                                 std::size_t i);
  std::vector<Candidate> Candidates(const Leg& leg) const;
  std::vector<std::string> RunInstancesArgv(const RunContext& ctx, const Leg& leg, int attempt,
                                            std::size_t i, const Candidate& c,
                                            const std::string& user_data) const;
  /// Worst case: the highest current spot price among the leg's candidates.
  LegCost Cost(const RunContext& ctx, const Leg& leg, std::vector<std::string>& notes) const;
  void CallOrThrow(const std::vector<std::string>& argv, const char* what) const;

  /// The uploaded exit code, once it is there: sets the phase; false while it is not.
  bool PollResults(LegRun& run) const;
  /// The instance ended without results: why (aws_end_reason.h) and what follows.
  void Ended(const RunContext& ctx, LegRun& run, const nlohmann::json& instance) const;
  /// The instance's spot request (describe-spot-instance-requests), null if none or unreadable.
  nlohmann::json SpotRequestOf(const nlohmann::json& instance) const;

  /// terminate-instances; "not found" counts as ended. False if one may still run.
  bool Terminate(const RunContext& ctx, const std::set<std::string>& ids) const;
  /// Live instances of one leg of a run, found by their tags.
  std::vector<nlohmann::json> Find(const std::string& run_id, const std::string& leg) const;

  ProviderSettings s_;
  bool configured_ = false;
  std::set<std::string> ended_;  // terminated by this process (moto shows them live briefly)
  std::map<std::string, std::chrono::steady_clock::time_point> launched_at_;
};

}  // namespace lapack_ai::cloud::aws
