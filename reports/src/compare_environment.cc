// EnvironmentDifferences: what differs between the machines and settings of two runs (CPU,
// BLAS kernel, governor, thread variables, backend libraries and threads, build, environment
// warnings, git SHA). Information for `report compare` and `report merge`, never a verdict.
#include <algorithm>
#include <initializer_list>
#include <iterator>
#include <map>
#include <set>

#include <fmt/format.h>

#include "lapack_ai/reports/compare.h"

namespace lapack_ai::reports {
namespace {

using nlohmann::json;

// The value at a path of object keys, or null when any step is missing or not an object.
json At(const json& j, std::initializer_list<const char*> path) {
  const json* at = &j;
  for (const char* key : path) {
    if (!at->is_object() || !at->contains(key)) return nullptr;
    at = &(*at)[key];
  }
  return *at;
}

std::string Text(const json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump(-1, ' ', false, json::error_handler_t::replace);
}

// A reading missing on either side is unknown, not different: older files lack newer readings.
void Scalar(std::vector<std::string>& out, const std::string& label, const json& a, const json& b) {
  if (a.is_null() || b.is_null() || a == b) return;
  out.push_back(fmt::format("{}: {} -> {}", label, Text(a), Text(b)));
}

// An array of objects keyed by one of their string members (backends by name, BLAS readings
// by backend); entries without the key are ignored.
std::map<std::string, json> ByKey(const json& list, const char* key) {
  std::map<std::string, json> out;
  if (!list.is_array()) return out;
  for (const json& e : list)
    if (e.is_object() && e.contains(key) && e[key].is_string()) out[e[key].get<std::string>()] = e;
  return out;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

void OnlyIn(std::vector<std::string>& out, const std::string& what,
            const std::set<std::string>& base, const std::set<std::string>& next) {
  std::vector<std::string> gone, added;
  std::set_difference(base.begin(), base.end(), next.begin(), next.end(), std::back_inserter(gone));
  std::set_difference(next.begin(), next.end(), base.begin(), base.end(), std::back_inserter(added));
  if (!added.empty()) out.push_back(fmt::format("{} only in new: {}", what, Join(added)));
  if (!gone.empty()) out.push_back(fmt::format("{} only in base: {}", what, Join(gone)));
}

template <typename Map>
std::set<std::string> Keys(const Map& m) {
  std::set<std::string> out;
  for (const auto& [key, value] : m) out.insert(key);
  return out;
}

void Backends(std::vector<std::string>& out, const json& a, const json& b) {
  if (!a.is_array() || !b.is_array()) return;
  const auto x = ByKey(a, "name"), y = ByKey(b, "name");
  for (const auto& [name, xa] : x) {
    auto it = y.find(name);
    if (it == y.end()) continue;
    for (const char* key : {"library", "device", "threads", "available"})
      Scalar(out, fmt::format("{} {}", key, name), At(xa, {key}), At(it->second, {key}));
  }
  OnlyIn(out, "backends", Keys(x), Keys(y));
}

void BlasKernels(std::vector<std::string>& out, const json& a, const json& b) {
  const auto x = ByKey(a, "backend"), y = ByKey(b, "backend");
  for (const auto& [name, xa] : x) {
    auto it = y.find(name);
    if (it != y.end()) Scalar(out, name + " kernel", At(xa, {"kernel"}), At(it->second, {"kernel"}));
  }
}

// Thread and core-type variables from environment.thread_env and the older context.env. An
// unset variable is null in the one and "" in the other: both read as '' so they agree.
std::map<std::string, std::string> ThreadVariables(const json& c) {
  std::map<std::string, std::string> out;
  for (const json& vars : {At(c, {"env"}), At(c, {"environment", "thread_env"})}) {
    if (!vars.is_object()) continue;
    for (const auto& [key, value] : vars.items()) {
      if (value.is_string()) out[key] = value.get<std::string>();
      if (value.is_null()) out[key] = "";
    }
  }
  return out;
}

// The CPU's vector ISA: "isa", or "best_isa" as the environment checks name it.
json CpuIsa(const json& c) {
  const json isa = At(c, {"environment", "cpu", "isa"});
  return isa.is_null() ? At(c, {"environment", "cpu", "best_isa"}) : isa;
}

std::set<std::string> WarningIds(const json& list) {
  std::set<std::string> out;
  for (const json& w : list)
    if (w.is_object() && w.contains("id")) out.insert(Text(w["id"]));
  return out;
}

}  // namespace

std::vector<std::string> EnvironmentDifferences(const json& base_context,
                                                const json& new_context) {
  const json& a = base_context;
  const json& b = new_context;
  std::vector<std::string> out;
  Scalar(out, "cpu model", At(a, {"cpu_model"}), At(b, {"cpu_model"}));
  Scalar(out, "cpu cores", At(a, {"cpu_cores"}), At(b, {"cpu_cores"}));
  const bool env_a = At(a, {"environment"}).is_object(), env_b = At(b, {"environment"}).is_object();
  if (env_a != env_b)
    out.push_back(fmt::format("environment readings only in {} (the other file predates them)",
                              env_a ? "base" : "new"));
  Scalar(out, "cpu isa", CpuIsa(a), CpuIsa(b));
  BlasKernels(out, At(a, {"environment", "blas"}), At(b, {"environment", "blas"}));
  Scalar(out, "governor", At(a, {"environment", "governor"}), At(b, {"environment", "governor"}));
  Scalar(out, "build optimized", At(a, {"environment", "build_optimized"}),
         At(b, {"environment", "build_optimized"}));
  const auto vars_a = ThreadVariables(a), vars_b = ThreadVariables(b);
  for (const auto& [key, value] : vars_a) {
    auto it = vars_b.find(key);
    if (it != vars_b.end() && it->second != value)
      out.push_back(fmt::format("{}: '{}' -> '{}'", key, value, it->second));
  }
  Backends(out, At(a, {"backends"}), At(b, {"backends"}));
  const json stats_a = At(a, {"statistics"}), stats_b = At(b, {"statistics"});
  if (stats_a.is_object() && stats_b.is_object()) {
    for (const auto& [key, value] : stats_a.items())
      if (key != "seed") Scalar(out, "statistics " + key, value, At(stats_b, {key.c_str()}));
  }
  const json warn_a = At(a, {"warnings"}), warn_b = At(b, {"warnings"});
  if (warn_a.is_array() && warn_b.is_array())
    OnlyIn(out, "warnings", WarningIds(warn_a), WarningIds(warn_b));
  Scalar(out, "git sha", At(a, {"git_sha"}), At(b, {"git_sha"}));
  return out;
}

}  // namespace lapack_ai::reports
