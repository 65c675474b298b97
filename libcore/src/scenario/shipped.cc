// Loading scenarios from files or, by name, from the copies embedded at build time (so an
// installed binary runs `lapack-ai run default` without the source tree).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "ShippedScenarioFiles.h"
#include "lapack_ai/error.h"
#include "lapack_ai/scenario.h"
#include "scenario/suggest.h"

namespace lapack_ai {

std::vector<ShippedScenario> ShippedScenarios() {
  std::vector<ShippedScenario> out;
  for (const auto& f : embedded::ShippedScenarioFiles()) {
    std::string_view name = f.name;
    if (name.ends_with(".json")) name.remove_suffix(5);
    out.push_back({name, f.contents});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

Scenario LoadScenario(const std::string& file_or_name) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(file_or_name, ec)) {
    std::ifstream in(file_or_name, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) throw UsageError(fmt::format("{}: cannot read the scenario file", file_or_name));
    return ParseScenario(text.str(), file_or_name);
  }
  std::string_view name = file_or_name;
  if (name.ends_with(".json")) name.remove_suffix(5);
  std::vector<std::string> names;
  for (const ShippedScenario& s : ShippedScenarios()) {
    if (s.name == name) return ParseScenario(s.text, fmt::format("scenarios/{}.json", s.name));
    names.emplace_back(s.name);
  }
  throw UsageError(
      fmt::format("scenario '{}': no such file, and no shipped scenario of that "
                  "name{}",
                  file_or_name, scenario::SuggestionSuffix(name, names)));
}

}  // namespace lapack_ai
