// Turns a parsed scenario document into a Scenario, checking every key and value against the
// sweep parameter table and pointing at the offending text when something is wrong.
#include <algorithm>
#include <charconv>
#include <type_traits>

#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_ai/op.h"
#include "lapack_ai/scenario.h"
#include "scenario/jsonc.h"
#include "scenario/suggest.h"

namespace lapack_ai {
namespace {

using scenario::JsonMember;
using scenario::JsonValue;
using scenario::SourceText;
using Kind = JsonValue::Kind;

constexpr std::string_view kTopOnlyKeys[] = {"name", "output", "sweeps"};

bool IsTopOnly(std::string_view key) {
  return std::find(std::begin(kTopOnlyKeys), std::end(kTopOnlyKeys), key) != std::end(kTopOnlyKeys);
}

std::vector<std::string> ValidKeys(bool top_level) {
  std::vector<std::string> keys;
  if (top_level)
    keys = {"name", "description", "output", "sweeps"};
  else
    keys = {"description"};
  for (const SweepParam& p : SweepParams()) {
    if (p.scope != ParamScope::kCliOnly) keys.emplace_back(p.key);
  }
  return keys;
}

std::string Fnv1a64(std::string_view text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return fmt::format("fnv1a64:{:016x}", h);
}

// One item of a list value and where it starts.
struct Item {
  std::string text;
  std::size_t offset;
};

class Reader {
 public:
  explicit Reader(const SourceText& src) : src_(src) {}

  Scenario Read(const JsonValue& root) {
    if (root.kind != Kind::kObject) Fail(root, "a scenario is a JSON object { ... }");
    Scenario sc;
    const JsonValue* sweeps = nullptr;
    const JsonValue* name = nullptr;
    for (const JsonMember& m : root.members) {
      if (m.key == "name") {
        name = &m.value;
        sc.name = String(m.value, "name");
      } else if (m.key == "description") {
        sc.description = String(m.value, "description");
      } else if (m.key == "output") {
        ReadOutput(m.value, sc);
      } else if (m.key == "sweeps") {
        sweeps = &m.value;
      } else {
        ApplyParam(m, sc.defaults, /*top_level=*/true);
      }
    }
    if (name == nullptr) Fail(root, "missing \"name\" (used in the names of the result files)");
    if (sc.name.empty() ||
        sc.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                  "0123456789._-") != std::string::npos) {
      Fail(*name, "\"name\" must be letters, digits, '.', '_' or '-' (it names the result files)");
    }
    if (sweeps == nullptr) {
      sc.sweeps.push_back(Complete(root, {"", sc.defaults}, "the scenario"));
      return sc;
    }
    if (sweeps->kind != Kind::kArray || sweeps->items.empty()) {
      Fail(*sweeps, "\"sweeps\" must be a non-empty array of objects");
    }
    for (std::size_t i = 0; i < sweeps->items.size(); ++i) {
      sc.sweeps.push_back(ReadSweep(sweeps->items[i], sc.defaults, i + 1));
    }
    return sc;
  }

 private:
  [[noreturn]] void Fail(const JsonValue& at, std::string_view message) const {
    src_.Fail(at.offset, message);
  }

  std::string String(const JsonValue& v, std::string_view key) const {
    if (v.kind != Kind::kString)
      Fail(v, fmt::format("\"{}\" must be a string, not {}", key, KindName(v.kind)));
    return v.text;
  }

  void UnknownKey(const JsonMember& m, bool top_level) const {
    if (!top_level && IsTopOnly(m.key)) {
      src_.Fail(m.key_offset, fmt::format("\"{}\" is allowed only at the top level", m.key));
    }
    const SweepParam* p = FindSweepParam(m.key);
    if (p != nullptr && p->scope == ParamScope::kCliOnly) {
      src_.Fail(m.key_offset, fmt::format("\"{}\" is a command-line option (--{}); a scenario "
                                          "sets its output with \"output\"",
                                          m.key, m.key));
    }
    const auto keys = ValidKeys(top_level);
    src_.Fail(m.key_offset,
              fmt::format("unknown key \"{}\"{}", m.key, scenario::SuggestionSuffix(m.key, keys)));
  }

  void ReadOutput(const JsonValue& v, Scenario& sc) const {
    if (v.kind != Kind::kObject)
      Fail(v, fmt::format("\"output\" must be an object, not {}", KindName(v.kind)));
    for (const JsonMember& m : v.members) {
      if (m.key == "dir") {
        sc.output_dir = String(m.value, "dir");
        if (sc.output_dir.empty()) Fail(m.value, "\"dir\" must not be empty (use \".\" for here)");
      } else if (m.key == "html") {
        if (m.value.kind != Kind::kBool) Fail(m.value, "\"html\" must be true or false");
        sc.html = m.value.text == "true";
      } else {
        const std::vector<std::string> keys = {"dir", "html"};
        src_.Fail(m.key_offset, fmt::format("unknown key \"{}\" in \"output\"{}", m.key,
                                            scenario::SuggestionSuffix(m.key, keys)));
      }
    }
  }

  ScenarioSweep ReadSweep(const JsonValue& v, const SweepSettings& defaults, std::size_t index) {
    if (v.kind != Kind::kObject)
      Fail(v, fmt::format("each sweep must be an object, not {}", KindName(v.kind)));
    ScenarioSweep sweep{"", defaults};
    for (const JsonMember& m : v.members) {
      if (m.key == "description") {
        sweep.description = String(m.value, "description");
      } else {
        ApplyParam(m, sweep.settings, /*top_level=*/false);
      }
    }
    return Complete(v, std::move(sweep), fmt::format("sweep {}", index));
  }

  // Every sweep needs sizes and backends; the whole sweep must expand into cases.
  ScenarioSweep Complete(const JsonValue& at, ScenarioSweep sweep, std::string_view what) const {
    for (const char* key : {"dim", "backend"}) {
      const SweepParam* p = FindSweepParam(key);
      if ((sweep.settings.*std::get<std::string SweepSettings::*>(p->field)).empty()) {
        Fail(at, fmt::format("{} has no \"{}\" ({}){}", what, key,
                             p->key == "dim" ? "the sizes to run" : "the backends to run",
                             what == "the scenario" ? "" : ", and the top level sets none"));
      }
    }
    try {
      ExpandSweep(ParseSweepSpec(sweep.settings, ""));
    } catch (const UsageError& e) {
      Fail(at, fmt::format("{}: {}", what, e.what()));
    }
    return sweep;
  }

  void ApplyParam(const JsonMember& m, SweepSettings& s, bool top_level) const {
    const SweepParam* p = FindSweepParam(m.key);
    if (p == nullptr || p->scope == ParamScope::kCliOnly) UnknownKey(m, top_level);
    const JsonValue& v = m.value;
    std::visit(
        [&](auto member) {
          using T = std::remove_reference_t<decltype(s.*member)>;
          if constexpr (std::is_same_v<T, std::string>) {
            s.*member = ListText(*p, v);
          } else if constexpr (std::is_same_v<T, bool>) {
            if (v.kind != Kind::kBool)
              Fail(v,
                   fmt::format("\"{}\" must be true or false, not {}", p->key, KindName(v.kind)));
            s.*member = v.text == "true";
          } else {
            if (v.kind != Kind::kNumber)
              Fail(v, fmt::format("\"{}\" must be a number, not {}", p->key, KindName(v.kind)));
            CheckItem(*p, {v.text, v.offset});
            double d = 0;
            std::from_chars(v.text.data(), v.text.data() + v.text.size(), d);
            s.*member = static_cast<T>(d);
          }
        },
        p->field);
  }

  // A list parameter given as "a,b", a number, or an array of strings and numbers: each item is
  // checked where it stands; the result is the CLI text the shared parsers read.
  std::string ListText(const SweepParam& p, const JsonValue& v) const {
    std::vector<Item> items;
    auto add = [&](const JsonValue& e) {
      if (e.kind == Kind::kNumber) {
        items.push_back({e.text, e.offset});
      } else if (e.kind == Kind::kString) {
        std::size_t start = 0;
        while (true) {
          const std::size_t comma = std::min(e.text.find(',', start), e.text.size());
          std::string_view piece = std::string_view(e.text).substr(start, comma - start);
          const std::size_t lead = std::min(piece.find_first_not_of(" \t"), piece.size());
          piece = piece.substr(lead, piece.find_last_not_of(" \t") + 1 - lead);
          items.push_back({std::string(piece), e.offset + 1 + start + lead});
          if (comma == e.text.size()) break;
          start = comma + 1;
        }
      } else {
        Fail(e, fmt::format("\"{}\" takes a string, a number or an array of them, not {}", p.key,
                            KindName(e.kind)));
      }
    };
    if (v.kind == Kind::kArray) {
      if (v.items.empty()) Fail(v, fmt::format("\"{}\" must not be an empty list", p.key));
      for (const JsonValue& e : v.items) add(e);
    } else {
      add(v);
    }
    std::string text;
    for (const Item& item : items) {
      CheckItem(p, item);
      text += (text.empty() ? "" : ",") + item.text;
    }
    return text;
  }

  void CheckItem(const SweepParam& p, const Item& item) const {
    if (item.text.empty()) src_.Fail(item.offset, fmt::format("{}: empty list item", p.key));
    if (p.key == "op" && FindOp(item.text) == nullptr) {
      std::vector<std::string> names;
      for (const OpDescription* op : AllOps()) names.emplace_back(op->name());
      src_.Fail(item.offset, fmt::format("unknown op \"{}\"{}", item.text,
                                         scenario::SuggestionSuffix(item.text, names)));
    }
    if (p.key == "backend" || p.key == "baseline") CheckBackend(item);
    if (p.key == "matrix") {
      const std::string type = item.text.substr(0, item.text.find(':'));
      const std::vector<std::string> types = AllMatrixTypes();
      if (type != "singular" && std::find(types.begin(), types.end(), type) == types.end()) {
        src_.Fail(item.offset, fmt::format("unknown matrix type \"{}\"{}", type,
                                           scenario::SuggestionSuffix(type, types)));
      }
    }
    try {
      CheckSweepValue(p, item.text, p.key);
    } catch (const UsageError& e) {
      src_.Fail(item.offset, e.what());
    }
  }

  void CheckBackend(const Item& item) const {
    std::vector<std::string> families;
    for (const BackendFamily* f : BackendFamilies()) families.emplace_back(f->name);
    for (std::string_view f : OptionalBackendFamilies()) {
      if (std::find(families.begin(), families.end(), f) == families.end())
        families.emplace_back(f);
    }
    const std::string family = item.text.substr(0, item.text.find_first_of(":@"));
    if (std::find(families.begin(), families.end(), family) == families.end()) {
      src_.Fail(item.offset, fmt::format("unknown backend \"{}\"{}", item.text,
                                         scenario::SuggestionSuffix(family, families)));
    }
    // Arguments (scheme names, bases) are checked by the backend's own factory.
    if (item.text.find_first_of(":@") == std::string::npos) return;
    try {
      CreateBackendOrStandIn(item.text);
    } catch (const UsageError& e) {
      // The factory names the flag; here the caret already says where the value is.
      std::string_view message = e.what();
      if (message.starts_with("--backend: ")) message.remove_prefix(11);
      src_.Fail(item.offset, message);
    } catch (const std::exception&) {
      // A device or library failure is not an error in the file; the run reports it per case.
    }
  }

  const SourceText& src_;
};

}  // namespace

Scenario ParseScenario(std::string_view text, const std::string& path) {
  const SourceText src(path, std::string(text));
  const JsonValue root = scenario::ParseJsonc(src);
  Scenario sc = Reader(src).Read(root);
  sc.source = path;
  sc.hash = Fnv1a64(text);
  return sc;
}

}  // namespace lapack_ai
