// The run's state file: the run id and every resource it intends to create, written (atomically)
// BEFORE the resource is created, then updated as ids become known and resources end. `cloud
// teardown --run-id`, `cloud status` and `cloud gc` read it, so a crash, a kill -9 or a cancelled
// CI job between "create" and "record" cannot leave something nobody knows about (the ec2 runner
// and granite leaks in reference/cloud.md). Secrets never reach it: every write is redacted.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace lapack_ai::cloud {

/// One thing that happened in a run: launch, retry, capacity, interruption, relaunch, collect,
/// teardown, cost, timeout, cancel, error. Kept in the state file and in the merged result's
/// context ("cloud.events"), and shown in the HTML report.
struct Event {
  std::string utc;      ///< ISO 8601, set by RunState::AddEvent when empty
  std::string kind;     ///< one of the words above
  std::string leg;      ///< "" for run-wide events
  std::string message;  ///< one line, redacted
  nlohmann::json data = nlohmann::json::object();  ///< e.g. {"zone":..,"instance_type":..,"usd":..}
};

/// Lifecycle of one resource.
enum class ResourceState {
  kIntended,    ///< recorded, creation not yet confirmed (teardown must look it up by tag/token)
  kCreated,     ///< exists, `id` known
  kEnded,       ///< terminated / cancelled / exited, confirmed
  kFailed,      ///< creation failed: nothing exists
};

/// Something a provider creates and teardown must end: an EC2 instance, an S3 prefix, a Slurm
/// job, an ssh remote directory or process, a local child process.
struct Resource {
  std::string kind;      ///< "instance", "s3-prefix", "slurm-job", "ssh-run", "process", ...
  std::string provider;  ///< the provider that owns it (teardown dispatches on this)
  std::string leg;
  int attempt = 0;       ///< 0 for the first launch, +1 per relaunch/retry
  std::string key;       ///< unique before creation: client token, job name, remote dir
  std::string id;        ///< the provider's id once known (instance id, job id, pid)
  ResourceState state = ResourceState::kIntended;
  nlohmann::json data = nlohmann::json::object();  ///< zone, instance type, host, partition, ...
};

std::string_view ResourceStateName(ResourceState s);  ///< "intended", "created", "ended", "failed"

/// The whole state file.
struct RunState {
  int state_version = 1;
  std::string run_id;
  std::string owner;       ///< $USER (or "ci") at creation
  std::string tool_version;
  std::string created_utc;
  std::string expires_utc;  ///< created + lifetime: after it, `gc` may end anything left
  std::string config_path;
  /// planned, launching, running, collecting, tearing-down, torn-down, failed-teardown, done
  std::string phase = "planned";
  std::vector<Resource> resources;
  std::vector<Event> events;
  nlohmann::json providers = nlohmann::json::object();  ///< per-provider data ({"aws": {...}})

  /// Appends an event (stamping utc, redacting message) and echoes it to stderr as
  /// "cloud: <kind> [leg]: message" unless `quiet`.
  void AddEvent(Event e, bool quiet = false);
  /// Resources not yet known to be ended or failed.
  std::vector<const Resource*> Live() const;
  Resource* Find(const std::string& key);
};

nlohmann::json ToJson(const RunState& s);
/// Throws std::runtime_error naming `source` on a malformed file.
RunState RunStateFromJson(const nlohmann::json& j, const std::string& source);

/// Where state files live: $LAPACK_AI_CLOUD_STATE_DIR, else $XDG_STATE_HOME/lapack-ai/cloud,
/// else ~/.local/state/lapack-ai/cloud.
std::string StateDir();
/// <dir>/<run_id>.json
std::string StatePath(const std::string& dir, const std::string& run_id);

/// A state file on disk. Every change is saved at once (atomic temp + rename, redacted), so the
/// file on disk is never behind what was asked of a cloud.
class StateFile {
 public:
  /// A new run: throws std::runtime_error if a state for this run id already exists.
  static StateFile Create(const std::string& dir, RunState initial);
  /// An existing run; throws UsageError naming the run id and the directory if there is none.
  static StateFile Open(const std::string& dir, const std::string& run_id);
  /// Every state file in `dir` (malformed ones skipped with a warning).
  static std::vector<RunState> List(const std::string& dir);

  const std::string& path() const { return path_; }
  RunState& state() { return state_; }
  const RunState& state() const { return state_; }

  /// Records a resource as intended and saves; returns its key. Call BEFORE creating it.
  std::string Intend(Resource r);
  /// Sets a resource's id/state (found by key) and saves.
  void Update(const std::string& key, ResourceState s, const std::string& id = "",
              const nlohmann::json& data = nullptr);
  void SetPhase(const std::string& phase);
  void AddEvent(Event e, bool quiet = false);
  /// Writes the file now (atomic).
  void Save() const;

 private:
  StateFile(std::string path, RunState s) : path_(std::move(path)), state_(std::move(s)) {}
  std::string path_;
  RunState state_;
};

/// "20261130T231500Z-3f9a2c": UTC time + 6 random hex; valid as an EC2 client token prefix, a
/// Slurm job name and a file name.
std::string NewRunId();
/// Throws UsageError if `id` is not [A-Za-z0-9._-]{1,48} (it names files, tags, tokens, jobs).
void CheckRunId(const std::string& id, const std::string& what = "--run-id");
/// Now in ISO 8601 UTC ("2026-11-30T23:15:00Z"), optionally plus `add_minutes`.
std::string UtcNow(double add_minutes = 0);

}  // namespace lapack_ai::cloud
