// The one provider interface of `lapack-ai cloud`: plan, launch, poll (the wait step), collect,
// teardown, orphans. The run pipeline (pipeline.h) drives every provider the same way:
//   state file (intent) -> Launch each leg -> Poll until done -> Collect -> Teardown (always:
//   SIGINT/SIGTERM, errors and timeouts included) -> `report merge` -> HTML.
// A provider never decides whether to tear down; it only knows how. Providers are listed once,
// in Providers() (cloud/src/providers.cc).
#pragma once
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lapack_ai/cloud/config.h"
#include "lapack_ai/cloud/state.h"

namespace lapack_ai::cloud {

/// One command a provider would run, for `cloud plan` (nothing is run to make the plan).
struct PlannedCall {
  std::string leg;                ///< "" for run-wide calls
  std::string purpose;            ///< "launch spot g5.xlarge in us-east-1a", "fetch results", ...
  std::vector<std::string> argv;  ///< exactly what would be executed (shown redacted)
};

/// Cost of one leg, before launch (budget cap) and in `cloud plan`.
struct LegCost {
  std::string leg;
  double usd_per_hour = 0;  ///< 0 for local/ssh/slurm (not billed by the hour here)
  double hours = 0;         ///< the hard lifetime
  int count = 1;            ///< instances
  double max_usd = 0;       ///< usd_per_hour * hours * count * (1 + max_relaunches)
  std::string basis;        ///< "spot price history us-east-1a 2026-11-30T..", "not billed"
};

struct Plan {
  std::vector<PlannedCall> calls;
  std::vector<LegCost> costs;
  std::vector<std::string> notes;  ///< assumptions worth reading before launching
  double TotalMaxUsd() const;
};

/// Where one leg stands.
enum class LegPhase {
  kPending,      ///< not launched
  kRunning,      ///< launched (booting counts as running)
  kSucceeded,    ///< finished; results can be collected
  kFailed,       ///< the leg's program failed or the resource died for a non-spot reason
  kInterrupted,  ///< spot interruption / node lost: the pipeline relaunches up to max_relaunches
  kTimedOut,     ///< past its lifetime
};
std::string_view LegPhaseName(LegPhase p);

/// One leg's live state during a run (one per leg; `attempt` counts relaunches).
struct LegRun {
  const Leg* leg = nullptr;
  int attempt = 0;
  LegPhase phase = LegPhase::kPending;
  std::string message;       ///< why it failed / was interrupted, for events and the report
  std::string resource_key;  ///< the state file's key of its current main resource
  std::string work_dir;      ///< local folder for this leg: <run work dir>/<leg name>
  std::string result_path;   ///< set by Collect: the leg's results JSON (local file)
  int exit_code = -1;        ///< the leg program's exit code when known (1 = a check failed)
  nlohmann::json data = nlohmann::json::object();  ///< provider's own (zone, type, host, job id)
};

/// What a provider gets to work with.
struct RunContext {
  const RunConfig* config = nullptr;
  StateFile* state = nullptr;  ///< null in plan (nothing is recorded then)
  std::string run_id;
  std::string work_dir;     ///< local scratch for this run: <output>/<run_id>/
  std::string self_binary;  ///< this lapack-ai executable (/proc/self/exe)
  /// The portable bundle tarball for providers that ship one (aws, ssh, slurm). Filled by the
  /// pipeline before Launch when NeedsBundle(): the config's "bundle", else built with
  /// `<self> bundle -o <work_dir>/bundle`.
  std::string bundle_path;
  bool quiet = false;

  /// Records an event in the state file (if any) and prints it (unless quiet).
  void AddEvent(const std::string& kind, const std::string& leg, const std::string& message,
                nlohmann::json data = nlohmann::json::object()) const;
};

/// A resource found by Orphans(): tagged by lapack-ai, possibly from a run whose driver died.
struct Orphan {
  std::string provider;
  std::string kind;    ///< "instance", "slurm-job", ...
  std::string id;
  std::string run_id;  ///< from its tag / job name / comment; "" if unknown
  std::string owner;
  std::string expires_utc;  ///< "" if it carries no expiry
  std::string state;        ///< provider's words: running, pending, PD, R, ...
  bool expired = false;     ///< expires_utc is in the past
  std::string detail;       ///< zone, type, host, partition
};

/// Which orphans to look for.
struct OrphanQuery {
  std::string run_id;  ///< "" = any run
  const RunConfig* config = nullptr;  ///< provider settings (region, endpoint, partition, hosts)
};

class Provider {
 public:
  virtual ~Provider() = default;
  virtual std::string Name() const = 0;

  /// Extra keys this provider accepts inside each leg object (e.g. "host", "partition",
  /// "instance_types", "zones"); the config reader rejects any other unknown key with a
  /// suggestion. The generic leg keys are name, provider, scenario, args, timeout_minutes.
  virtual std::vector<std::string> LegKeys() const { return {}; }
  /// Reads and checks the provider's section and its legs' keys; throws UsageError with
  /// file:line:column and a caret (ConfigNode::Fail). Called once, before anything else.
  virtual void Configure(const RunConfig& config) = 0;
  /// True if legs need the portable bundle (RunContext::bundle_path).
  virtual bool NeedsBundle() const { return false; }

  /// Every call Launch/Poll/Collect/Teardown would make for these legs, and the cost. May make
  /// read-only queries (spot price history) but creates nothing.
  virtual Plan MakePlan(const RunContext& ctx, std::span<const Leg* const> legs) = 0;

  /// Starts one leg (attempt leg.attempt). MUST record each resource with
  /// ctx.state->Intend() BEFORE creating it, and Update() it once created. Capacity errors:
  /// retry the next zone/type itself, adding a "retry" event per try; throws LaunchError when
  /// nothing worked. Returns promptly when Cancellation::Requested().
  virtual void Launch(const RunContext& ctx, LegRun& leg) = 0;

  /// The wait step: one non-blocking look at the leg; sets leg.phase (and leg.message). The
  /// pipeline calls it every PollInterval() seconds until the phase is final.
  virtual void Poll(const RunContext& ctx, LegRun& leg) = 0;
  virtual double PollIntervalSeconds() const { return 2.0; }

  /// Fetches the finished leg's results JSON into leg.work_dir and sets leg.result_path.
  /// Throws std::runtime_error if there is none.
  virtual void Collect(const RunContext& ctx, LegRun& leg) = 0;

  /// Ends every live resource of this provider in ctx.state (ids known or only intended: then
  /// find them by key/tag). Idempotent: "not found" counts as ended. Must not be cancellable
  /// (ProcessSpec::cancellable = false) and must finish in seconds (own timeouts). Updates each
  /// resource's state and adds a "teardown" event; throws only if something may still be live.
  virtual void Teardown(const RunContext& ctx) = 0;

  /// Resources this provider can see that lapack-ai tagged (for `cloud gc` and `status`).
  virtual std::vector<Orphan> Orphans(const OrphanQuery& query) = 0;
  /// Ends the given orphans (gc --yes). Idempotent like Teardown.
  virtual void EndOrphans(const RunConfig& config, std::span<const Orphan> orphans) = 0;
};

/// Launch found no capacity/quota anywhere, or a non-retryable error.
class LaunchError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The provider table: name, one line of description, factory.
struct ProviderEntry {
  const char* name;
  const char* description;
  std::unique_ptr<Provider> (*make)();
};
/// aws, local, and (when cloud/remote.cmake is built) ssh and slurm.
std::span<const ProviderEntry> Providers();
/// Throws UsageError "unknown provider \"x\"; did you mean ...".
std::unique_ptr<Provider> MakeProvider(const std::string& name);

std::unique_ptr<Provider> MakeLocalProvider();
std::unique_ptr<Provider> MakeAwsProvider();
std::unique_ptr<Provider> MakeSshProvider();    // cloudB: cloud/src/ssh*.cc
std::unique_ptr<Provider> MakeSlurmProvider();  // cloudB: cloud/src/slurm*.cc

}  // namespace lapack_ai::cloud
