// The run config reader over the scenario reader's positioned JSONC tree: every error points at
// the value (file:line:column, the line, a caret), as scenario files do.
#include "lapack_ai/cloud/config.h"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lapack_ai/cloud/provider.h"
#include "lapack_ai/cloud/state.h"
#include "lapack_ai/error.h"
#include "scenario/jsonc.h"
#include "scenario/suggest.h"

namespace lapack_ai::cloud {

using scenario::JsonValue;
using Kind = JsonValue::Kind;

namespace {
struct Document {
  scenario::SourceText source;
  JsonValue root;
};
}  // namespace

struct ConfigNode::Impl {
  std::shared_ptr<const Document> doc;
  const JsonValue* value = nullptr;  // null: absent
  std::size_t offset = 0;            // where errors about this node point
  std::string path;
};

namespace {

ConfigNode Node(std::shared_ptr<const Document> doc, const JsonValue* v, std::size_t offset,
                std::string path) {
  auto impl = std::make_shared<ConfigNode::Impl>();
  impl->doc = std::move(doc);
  impl->value = v;
  impl->offset = offset;
  impl->path = std::move(path);
  return ConfigNode(impl);
}

std::string Join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

nlohmann::json ToPlainJson(const JsonValue& v) {
  switch (v.kind) {
    case Kind::kNull: return nullptr;
    case Kind::kBool: return v.text == "true";
    case Kind::kNumber: return nlohmann::json::parse(v.text);
    case Kind::kString: return v.text;
    case Kind::kArray: {
      nlohmann::json a = nlohmann::json::array();
      for (const JsonValue& i : v.items) a.push_back(ToPlainJson(i));
      return a;
    }
    case Kind::kObject: {
      nlohmann::json o = nlohmann::json::object();
      for (const scenario::JsonMember& m : v.members) o[m.key] = ToPlainJson(m.value);
      return o;
    }
  }
  return nullptr;
}

}  // namespace

ConfigNode::ConfigNode() = default;
ConfigNode::ConfigNode(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

bool ConfigNode::Present() const { return impl_ && impl_->value != nullptr; }
bool ConfigNode::IsObject() const { return Present() && impl_->value->kind == Kind::kObject; }
bool ConfigNode::IsArray() const { return Present() && impl_->value->kind == Kind::kArray; }
bool ConfigNode::IsString() const { return Present() && impl_->value->kind == Kind::kString; }
bool ConfigNode::IsNull() const { return Present() && impl_->value->kind == Kind::kNull; }

const std::string& ConfigNode::Path() const {
  static const std::string kEmpty;
  return impl_ ? impl_->path : kEmpty;
}

ConfigNode ConfigNode::operator[](const std::string& key) const {
  if (!impl_) return {};
  if (IsObject()) {
    for (const scenario::JsonMember& m : impl_->value->members)
      if (m.key == key) return Node(impl_->doc, &m.value, m.value.offset, Join(impl_->path, key));
  }
  return Node(impl_->doc, nullptr, impl_->offset, Join(impl_->path, key));
}

bool ConfigNode::Has(const std::string& key) const { return (*this)[key].Present(); }

std::vector<ConfigNode> ConfigNode::Items() const {
  std::vector<ConfigNode> items;
  if (!Present() || IsNull()) return items;
  if (!IsArray()) Fail(fmt::format("expected an array, got {}", scenario::KindName(impl_->value->kind)));
  for (std::size_t i = 0; i < impl_->value->items.size(); ++i) {
    const JsonValue& v = impl_->value->items[i];
    items.push_back(Node(impl_->doc, &v, v.offset, fmt::format("{}[{}]", impl_->path, i)));
  }
  return items;
}

std::vector<std::string> ConfigNode::Keys() const {
  std::vector<std::string> keys;
  if (IsObject())
    for (const scenario::JsonMember& m : impl_->value->members) keys.push_back(m.key);
  return keys;
}

std::string ConfigNode::AsString() const {
  if (!IsString())
    Fail(fmt::format("expected a string, got {}",
                     Present() ? scenario::KindName(impl_->value->kind) : "nothing"));
  return impl_->value->text;
}

std::string ConfigNode::String(const std::string& key, const std::string& fallback) const {
  const ConfigNode n = (*this)[key];
  if (!n.Present() || n.IsNull()) return fallback;
  return n.AsString();
}

double ConfigNode::Number(const std::string& key, double fallback) const {
  const ConfigNode n = (*this)[key];
  if (!n.Present() || n.IsNull()) return fallback;
  if (n.impl_->value->kind != Kind::kNumber)
    n.Fail(fmt::format("expected a number, got {}", scenario::KindName(n.impl_->value->kind)));
  const double v = std::stod(n.impl_->value->text);
  if (!std::isfinite(v)) n.Fail("expected a finite number");
  return v;
}

long long ConfigNode::Int(const std::string& key, long long fallback, long long min,
                          long long max) const {
  const ConfigNode n = (*this)[key];
  if (!n.Present() || n.IsNull()) return fallback;
  const double v = Number(key, 0);
  if (v != std::floor(v)) n.Fail(fmt::format("expected a whole number, got {}", n.impl_->value->text));
  if (v < static_cast<double>(min) || v > static_cast<double>(max))
    n.Fail(fmt::format("{} is out of range [{}, {}]", n.impl_->value->text, min, max));
  return static_cast<long long>(v);
}

bool ConfigNode::Bool(const std::string& key, bool fallback) const {
  const ConfigNode n = (*this)[key];
  if (!n.Present() || n.IsNull()) return fallback;
  if (n.impl_->value->kind != Kind::kBool)
    n.Fail(fmt::format("expected true or false, got {}", scenario::KindName(n.impl_->value->kind)));
  return n.impl_->value->text == "true";
}

std::vector<std::string> ConfigNode::Strings(const std::string& key) const {
  const ConfigNode n = (*this)[key];
  if (!n.Present() || n.IsNull()) return {};
  if (n.IsString()) return {n.AsString()};
  if (!n.IsArray())
    n.Fail(fmt::format("expected a string or an array of strings, got {}",
                       scenario::KindName(n.impl_->value->kind)));
  std::vector<std::string> out;
  for (const ConfigNode& item : n.Items()) out.push_back(item.AsString());
  return out;
}

std::string ConfigNode::Dump() const {
  if (!Present()) return "null";
  return ToPlainJson(*impl_->value).dump();
}

void ConfigNode::CheckKeys(const std::vector<std::string>& allowed) const {
  if (!IsObject()) return;
  for (const scenario::JsonMember& m : impl_->value->members) {
    if (std::find(allowed.begin(), allowed.end(), m.key) != allowed.end()) continue;
    impl_->doc->source.Fail(m.key_offset,
                            fmt::format("{}: unknown key \"{}\"{}", impl_->path.empty() ? "config" : impl_->path,
                                        m.key, scenario::SuggestionSuffix(m.key, allowed)));
  }
}

void ConfigNode::Fail(const std::string& message) const {
  if (!impl_) throw UsageError(message);
  impl_->doc->source.Fail(impl_->offset, fmt::format("{}: {}", impl_->path.empty() ? "config" : impl_->path, message));
}

void ConfigNode::FailAt(const std::string& key, const std::string& message) const {
  if (IsObject()) {
    for (const scenario::JsonMember& m : impl_->value->members)
      if (m.key == key)
        impl_->doc->source.Fail(m.value.offset, fmt::format("{}: {}", Join(impl_->path, key), message));
  }
  Fail(message);
}

std::vector<const Leg*> RunConfig::LegsOf(const std::string& provider) const {
  std::vector<const Leg*> out;
  for (const Leg& l : legs)
    if (l.provider == provider) out.push_back(&l);
  return out;
}

namespace {

std::vector<std::string> ProviderNames() {
  std::vector<std::string> names;
  for (const ProviderEntry& p : Providers()) names.emplace_back(p.name);
  return names;
}

void CheckName(const ConfigNode& at, const std::string& name, const char* what) {
  const bool ok = !name.empty() && name.size() <= 40 &&
                  name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                         "0123456789._-") == std::string::npos &&
                  name.front() != '-' && name.front() != '.';
  if (!ok)
    at.Fail(fmt::format("{} \"{}\": use 1 to 40 of A-Z a-z 0-9 . _ - (it names files, tags, jobs "
                        "and CI artifacts)",
                        what, name));
}

std::string CheckProvider(const ConfigNode& at, const std::string& name) {
  const std::vector<std::string> names = ProviderNames();
  if (std::find(names.begin(), names.end(), name) == names.end())
    at.Fail(fmt::format("unknown provider \"{}\"{}", name, scenario::SuggestionSuffix(name, names)));
  return name;
}

}  // namespace

RunConfig ParseRunConfig(const std::string& text, const std::string& path,
                         const std::string& provider) {
  auto doc = std::make_shared<Document>(Document{scenario::SourceText(path, text), {}});
  doc->root = scenario::ParseJsonc(doc->source);
  RunConfig c;
  c.source_path = path;
  c.root = Node(doc, &doc->root, doc->root.offset, "");
  if (!c.root.IsObject()) c.root.Fail("a run config is a JSON object { ... }");

  std::vector<std::string> top = {"run_id", "provider", "lifetime_minutes", "budget_usd",
                                  "max_relaunches", "output", "bundle", "endpoint_url",
                                  "legs", "description"};
  for (const std::string& p : ProviderNames()) top.push_back(p);
  c.root.CheckKeys(top);
  for (const std::string& p : ProviderNames()) {
    const ConfigNode section = c.root[p];
    if (section.Present() && !section.IsObject()) section.Fail("expected an object { ... }");
  }

  c.run_id = c.root.String("run_id");
  if (!c.run_id.empty()) {
    try {
      CheckRunId(c.run_id, "run_id");
    } catch (const UsageError& e) {
      c.root["run_id"].Fail(e.what());
    }
  }
  if (c.root.Has("provider")) c.default_provider = CheckProvider(c.root["provider"], c.root.String("provider"));
  if (!provider.empty()) {
    const std::vector<std::string> names = ProviderNames();
    if (std::find(names.begin(), names.end(), provider) == names.end())
      throw UsageError(fmt::format("--provider \"{}\": unknown provider{}", provider,
                                   scenario::SuggestionSuffix(provider, names)));
    c.default_provider = provider;
  }
  c.lifetime_minutes = static_cast<double>(c.root.Int("lifetime_minutes", 60, 1, 7 * 24 * 60));
  if (c.root.Has("budget_usd") && !c.root["budget_usd"].IsNull()) {
    const double b = c.root.Number("budget_usd", 0);
    if (b < 0) c.root["budget_usd"].Fail("a budget cannot be negative");
    c.budget_usd = b;
  }
  c.max_relaunches = static_cast<int>(c.root.Int("max_relaunches", 2, 0, 20));
  c.output_dir = c.root.String("output", "cloud-results");
  c.bundle = c.root.String("bundle");
  c.endpoint_url = c.root.String("endpoint_url");

  const ConfigNode legs = c.root["legs"];
  if (legs.Present() && !legs.IsArray()) legs.Fail("expected an array of legs [ { ... } ]");
  std::set<std::string> names;
  for (const ConfigNode& l : legs.Items()) {
    if (!l.IsObject()) l.Fail("a leg is an object { \"name\": ..., \"scenario\": ... }");
    Leg leg;
    leg.node = l;
    if (!l.Has("name")) l.Fail("missing \"name\"");
    leg.name = l.String("name");
    CheckName(l["name"], leg.name, "leg name");
    if (!names.insert(leg.name).second) l["name"].Fail(fmt::format("duplicate leg name \"{}\"", leg.name));
    leg.provider = l.Has("provider") ? CheckProvider(l["provider"], l.String("provider")) : c.default_provider;
    leg.scenario = l.String("scenario", "default");
    if (leg.scenario.empty()) l["scenario"].Fail("empty scenario name");
    leg.args = l.Strings("args");
    leg.timeout_minutes = static_cast<double>(l.Int("timeout_minutes", 0, 0, 7 * 24 * 60));
    std::vector<std::string> keys = {"name", "provider", "scenario", "args", "timeout_minutes",
                                     "description"};
    if (!leg.provider.empty()) {
      for (std::string& k : MakeProvider(leg.provider)->LegKeys()) keys.push_back(std::move(k));
    }
    l.CheckKeys(keys);
    c.legs.push_back(std::move(leg));
  }
  return c;
}

RunConfig ReadRunConfig(const std::string& path, const std::string& provider) {
  std::ifstream in(path);
  if (!in) throw UsageError(fmt::format("run config {}: cannot open the file", path));
  std::stringstream text;
  text << in.rdbuf();
  return ParseRunConfig(text.str(), path, provider);
}

}  // namespace lapack_ai::cloud
