// The run config: JSON with comments, read with the scenario reader's positions, so every bad
// value is reported as file:line:column with the line and a caret (and "did you mean" for a
// misspelt key). Shape (docs in cloud/README.md):
//   {
//     "run_id": "nightly-42",          // optional; default: a fresh NewRunId()
//     "provider": "aws",               // default provider of the legs
//     "lifetime_minutes": 60,          // hard lifetime of every leg (in-guest shutdown, --time)
//     "budget_usd": 20,                // refuse to launch if the estimate exceeds it
//     "max_relaunches": 2,             // per leg, after spot interruptions
//     "output": "cloud-results",       // local folder: <output>/<run_id>/...
//     "bundle": "lapack-ai-bundle.tar.gz",  // optional; else built with `lapack-ai bundle`
//     "aws":   { "region": ..., "bucket": ..., "image": ..., "instance_types": [...], "zones": [...] },
//     "ssh":   { "hosts": [ { "name": "gpu1", "address": "me@10.0.0.5", "port": 22 } ] },
//     "slurm": { "partition": "gpu", ... },
//     "local": { },
//     "legs": [ { "name": "a10g", "provider": "aws", "scenario": "default",
//                 "instance_types": ["g5.xlarge"] },
//               { "name": "lab", "provider": "ssh", "host": "gpu1", "scenario": "gpu-small" } ]
//   }
// A provider reads its own section and its own leg keys through ConfigNode.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lapack_ai::cloud {

/// A value of the config file with its position. Getters throw UsageError pointing at the
/// offending value ("file:line:col: aws.zones: expected an array of strings, got a number").
class ConfigNode {
 public:
  ConfigNode();  ///< an absent node: Present() is false, getters return their defaults
  bool Present() const;
  bool IsObject() const;
  bool IsArray() const;
  bool IsString() const;
  bool IsNull() const;
  const std::string& Path() const;  ///< dotted path for messages: "legs[1].host"

  /// Member access (absent node if missing or this is not an object).
  ConfigNode operator[](const std::string& key) const;
  bool Has(const std::string& key) const;
  /// Array items (empty if absent; UsageError if present but not an array).
  std::vector<ConfigNode> Items() const;
  std::vector<std::string> Keys() const;

  std::string String(const std::string& key, const std::string& fallback = "") const;
  double Number(const std::string& key, double fallback) const;
  /// An integer within [min, max].
  long long Int(const std::string& key, long long fallback, long long min, long long max) const;
  bool Bool(const std::string& key, bool fallback) const;
  /// A string or an array of strings (a single string becomes a one-item list).
  std::vector<std::string> Strings(const std::string& key) const;
  std::string AsString() const;  ///< this node as a string (UsageError if it is not one)
  /// This node as plain JSON text (for options passed through unchanged).
  std::string Dump() const;

  /// Rejects keys of this object not in `allowed`, with a suggestion for the nearest one.
  void CheckKeys(const std::vector<std::string>& allowed) const;
  /// Throws UsageError at this value: "file:line:col: <Path()>: message", the line, a caret.
  [[noreturn]] void Fail(const std::string& message) const;
  /// Same, at the key `key` of this object (at this object if the key is absent).
  [[noreturn]] void FailAt(const std::string& key, const std::string& message) const;

  struct Impl;
  explicit ConfigNode(std::shared_ptr<const Impl> impl);

 private:
  std::shared_ptr<const Impl> impl_;
};

/// One leg: one machine (instance, host, partition job, local process) running one scenario.
struct Leg {
  std::string name;      ///< unique in the run; [A-Za-z0-9._-]+ (names artifacts, tags, jobs)
  std::string provider;  ///< the leg's "provider", else the config's, else --provider
  std::string scenario;  ///< a shipped scenario name or a path (default "default")
  std::vector<std::string> args;  ///< extra arguments for `lapack-ai run` on the leg
  double timeout_minutes = 0;     ///< 0 = the run's lifetime_minutes
  ConfigNode node;                ///< the leg's object, for provider keys (host, zones, ...)
};

struct RunConfig {
  std::string source_path;  ///< the file ("<command line>" when built from flags only)
  std::string run_id;       ///< "" until the pipeline assigns one
  std::string default_provider;
  double lifetime_minutes = 60;
  std::optional<double> budget_usd;  ///< none = no cap
  int max_relaunches = 2;
  std::string output_dir = "cloud-results";
  std::string bundle;  ///< "" = build one when a provider needs it
  /// Command-line passthroughs (aws: --endpoint-url; others may read them too).
  std::string endpoint_url;
  std::vector<Leg> legs;
  ConfigNode root;  ///< the whole file (providers read root["aws"], root["ssh"], ...)

  /// Section of a provider ("aws", "ssh", "slurm", "local"): absent node if not given.
  ConfigNode Section(const std::string& provider) const { return root[provider]; }
  /// The legs of one provider.
  std::vector<const Leg*> LegsOf(const std::string& provider) const;
};

/// Reads a run config file; UsageError (file:line:column + caret) on any bad value, unknown
/// provider or key, or duplicate leg name. `provider` (the CLI's --provider) replaces the
/// file's default provider.
RunConfig ReadRunConfig(const std::string& path, const std::string& provider = "");
/// Parses config text (`path` names it in errors).
RunConfig ParseRunConfig(const std::string& text, const std::string& path,
                         const std::string& provider = "");

}  // namespace lapack_ai::cloud
