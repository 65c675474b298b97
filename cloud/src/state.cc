// The state file: intent before creation, saved atomically after every change, redacted.
#include "lapack_ai/cloud/state.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "lapack_ai/cloud/process.h"
#include "lapack_ai/error.h"
#include "lapack_ai/result.h"

namespace lapack_ai::cloud {
namespace {

namespace fs = std::filesystem;

ResourceState ResourceStateFromName(const std::string& s, const std::string& source) {
  for (ResourceState r : {ResourceState::kIntended, ResourceState::kCreated, ResourceState::kEnded,
                          ResourceState::kFailed}) {
    if (ResourceStateName(r) == s) return r;
  }
  throw std::runtime_error(fmt::format("{}: unknown resource state \"{}\"", source, s));
}

nlohmann::json EventJson(const Event& e) {
  return {{"utc", e.utc}, {"kind", e.kind}, {"leg", e.leg}, {"message", e.message}, {"data", e.data}};
}

}  // namespace

std::string_view ResourceStateName(ResourceState s) {
  switch (s) {
    case ResourceState::kIntended: return "intended";
    case ResourceState::kCreated: return "created";
    case ResourceState::kEnded: return "ended";
    case ResourceState::kFailed: return "failed";
  }
  return "?";
}

std::string UtcNow(double add_minutes) {
  const auto now = std::chrono::system_clock::now() +
                   std::chrono::duration_cast<std::chrono::system_clock::duration>(
                       std::chrono::duration<double>(add_minutes * 60.0));
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string NewRunId() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  std::random_device rd;
  return fmt::format("{}-{:06x}", buf, rd() & 0xffffffu);
}

void CheckRunId(const std::string& id, const std::string& what) {
  const bool ok = !id.empty() && id.size() <= 48 &&
                  id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                       "0123456789._-") == std::string::npos &&
                  id.front() != '.' && id.front() != '-';
  if (!ok) {
    throw UsageError(fmt::format(
        "{} \"{}\": a run id is 1 to 48 of A-Z a-z 0-9 . _ - (not starting with . or -); it "
        "names files, tags, client tokens and jobs",
        what, id));
  }
}

void RunState::AddEvent(Event e, bool quiet) {
  if (e.utc.empty()) e.utc = UtcNow();
  e.message = Redact(e.message);
  if (!quiet) {
    std::fprintf(stderr, "cloud: %s%s: %s\n", e.kind.c_str(),
                 e.leg.empty() ? "" : fmt::format(" [{}]", e.leg).c_str(), e.message.c_str());
  }
  events.push_back(std::move(e));
}

std::vector<const Resource*> RunState::Live() const {
  std::vector<const Resource*> live;
  for (const Resource& r : resources)
    if (r.state == ResourceState::kIntended || r.state == ResourceState::kCreated) live.push_back(&r);
  return live;
}

Resource* RunState::Find(const std::string& key) {
  for (Resource& r : resources)
    if (r.key == key) return &r;
  return nullptr;
}

nlohmann::json ToJson(const RunState& s) {
  nlohmann::json resources = nlohmann::json::array();
  for (const Resource& r : s.resources) {
    resources.push_back({{"kind", r.kind}, {"provider", r.provider}, {"leg", r.leg},
                         {"attempt", r.attempt}, {"key", r.key}, {"id", r.id},
                         {"state", ResourceStateName(r.state)}, {"data", r.data}});
  }
  nlohmann::json events = nlohmann::json::array();
  for (const Event& e : s.events) events.push_back(EventJson(e));
  return {{"state_version", s.state_version}, {"run_id", s.run_id}, {"owner", s.owner},
          {"tool_version", s.tool_version}, {"created_utc", s.created_utc},
          {"expires_utc", s.expires_utc}, {"config_path", s.config_path}, {"phase", s.phase},
          {"resources", resources}, {"events", events}, {"providers", s.providers}};
}

RunState RunStateFromJson(const nlohmann::json& j, const std::string& source) {
  try {
    RunState s;
    s.state_version = j.at("state_version").get<int>();
    if (s.state_version != 1)
      throw std::runtime_error(fmt::format("state_version {} is not 1", s.state_version));
    s.run_id = j.at("run_id").get<std::string>();
    s.owner = j.value("owner", "");
    s.tool_version = j.value("tool_version", "");
    s.created_utc = j.value("created_utc", "");
    s.expires_utc = j.value("expires_utc", "");
    s.config_path = j.value("config_path", "");
    s.phase = j.value("phase", "planned");
    for (const nlohmann::json& r : j.value("resources", nlohmann::json::array())) {
      Resource res;
      res.kind = r.at("kind").get<std::string>();
      res.provider = r.at("provider").get<std::string>();
      res.leg = r.value("leg", "");
      res.attempt = r.value("attempt", 0);
      res.key = r.at("key").get<std::string>();
      res.id = r.value("id", "");
      res.state = ResourceStateFromName(r.at("state").get<std::string>(), source);
      res.data = r.value("data", nlohmann::json::object());
      s.resources.push_back(std::move(res));
    }
    for (const nlohmann::json& e : j.value("events", nlohmann::json::array())) {
      s.events.push_back({e.value("utc", ""), e.value("kind", ""), e.value("leg", ""),
                          e.value("message", ""), e.value("data", nlohmann::json::object())});
    }
    s.providers = j.value("providers", nlohmann::json::object());
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(fmt::format("{}: not a lapack-ai cloud state file: {}", source, e.what()));
  }
}

std::string StateDir() {
  if (const char* d = std::getenv("LAPACK_AI_CLOUD_STATE_DIR"); d != nullptr && *d != '\0') return d;
  if (const char* x = std::getenv("XDG_STATE_HOME"); x != nullptr && *x != '\0')
    return (fs::path(x) / "lapack-ai" / "cloud").string();
  const char* home = std::getenv("HOME");
  return (fs::path(home != nullptr ? home : ".") / ".local" / "state" / "lapack-ai" / "cloud").string();
}

std::string StatePath(const std::string& dir, const std::string& run_id) {
  return (fs::path(dir) / (run_id + ".json")).string();
}

StateFile StateFile::Create(const std::string& dir, RunState initial) {
  CheckRunId(initial.run_id, "run id");
  const std::string path = StatePath(dir, initial.run_id);
  if (fs::exists(path)) {
    throw UsageError(fmt::format(
        "run id \"{}\" already has a state file ({}); pick another run id, or end that run with "
        "`lapack-ai cloud teardown --run-id {}`",
        initial.run_id, path, initial.run_id));
  }
  StateFile f(path, std::move(initial));
  f.Save();
  return f;
}

StateFile StateFile::Open(const std::string& dir, const std::string& run_id) {
  CheckRunId(run_id);
  const std::string path = StatePath(dir, run_id);
  std::ifstream in(path);
  if (!in) {
    throw UsageError(fmt::format("--run-id {}: no state file {} (state directory {}; set "
                                 "LAPACK_AI_CLOUD_STATE_DIR or --state-dir to look elsewhere)",
                                 run_id, path, dir));
  }
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::exception& e) {
    throw UsageError(fmt::format("{}: not JSON: {}", path, e.what()));
  }
  return StateFile(path, RunStateFromJson(j, path));
}

std::vector<RunState> StateFile::List(const std::string& dir) {
  std::vector<RunState> states;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return states;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& p : files) {
    try {
      std::ifstream in(p);
      std::stringstream text;
      text << in.rdbuf();
      states.push_back(RunStateFromJson(nlohmann::json::parse(text.str()), p.string()));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "warning: skipping %s: %s\n", p.c_str(), e.what());
    }
  }
  return states;
}

std::string StateFile::Intend(Resource r) {
  if (r.key.empty()) throw std::logic_error("a resource needs a key before it is created");
  const std::string key = r.key;
  if (Resource* existing = state_.Find(key)) {
    *existing = std::move(r);
  } else {
    state_.resources.push_back(std::move(r));
  }
  Save();
  return key;
}

void StateFile::Update(const std::string& key, ResourceState s, const std::string& id,
                       const nlohmann::json& data) {
  Resource* r = state_.Find(key);
  if (r == nullptr) throw std::logic_error("no resource with key " + key);
  r->state = s;
  if (!id.empty()) r->id = id;
  if (data.is_object()) r->data.update(data);
  Save();
}

void StateFile::SetPhase(const std::string& phase) {
  state_.phase = phase;
  Save();
}

void StateFile::AddEvent(Event e, bool quiet) {
  state_.AddEvent(std::move(e), quiet);
  Save();
}

void StateFile::Save() const { WriteFileAtomically(path_, Redact(ToJson(state_).dump(2)) + "\n"); }

}  // namespace lapack_ai::cloud
