// Loading and querying the alphatensor:auto crossover table (shipped default embedded in the
// binary, or a tuned file named by LAPACK_AI_ALPHATENSOR_CROSSOVERS).
#include "crossovers.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "AlphatensorCrossovers.h"
#include "lapack_ai/error.h"

namespace lapack_ai::alphatensor {
namespace {

// "origin:line:col: message", the offending line and a caret, from a byte offset.
std::string Located(std::string_view text, std::size_t offset, const std::string& origin,
                    const std::string& message) {
  offset = std::min(offset, text.size());
  const std::size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  const std::size_t begin = line_start == std::string_view::npos ? 0 : line_start + 1;
  const std::size_t end = std::min(text.find('\n', begin), text.size());
  const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(begin), '\n');
  const std::size_t col = offset - begin + 1;
  return fmt::format("{}:{}:{}: {}\n  {}\n  {}^", origin, line, col, message,
                     text.substr(begin, end - begin), std::string(col > 0 ? col - 1 : 0, ' '));
}

std::vector<Crossover> ParseList(const nlohmann::json& doc, const char* key,
                                 const std::string& origin) {
  std::vector<Crossover> out;
  if (!doc.contains(key)) return out;
  const auto& list = doc.at(key);
  if (!list.is_array()) throw UsageError(fmt::format("{}: /{} must be an array", origin, key));
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& e = list[i];
    const std::string where = fmt::format("{}: /{}/{}", origin, key, i);
    if (!e.is_object() || !e.contains("min_size") || !e.contains("scheme") ||
        !e["min_size"].is_number_integer() || !e["scheme"].is_string()) {
      throw UsageError(where + ": expected {\"min_size\": <int>, \"scheme\": <name>, \"levels\": <int>}");
    }
    Crossover c{e["min_size"].get<int64_t>(), e["scheme"].get<std::string>(),
                e.value("levels", 1)};
    if (c.min_size < 1 || c.levels < 1 || c.levels > 3) {
      throw UsageError(where + ": min_size must be >= 1 and levels 1..3");
    }
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(),
            [](const Crossover& a, const Crossover& b) { return a.min_size < b.min_size; });
  return out;
}

}  // namespace

const Crossover* CrossoverTable::Pick(Precision p, int64_t m, int64_t n, int64_t k) const {
  const auto& list = p == Precision::kSingle ? single : dbl;
  const int64_t size = std::min({m, n, k});
  const Crossover* best = nullptr;
  for (const Crossover& c : list) {
    if (c.min_size <= size) best = &c;
  }
  return best != nullptr && best->scheme == "base" ? nullptr : best;
}

CrossoverTable ParseCrossovers(std::string_view text, const std::string& origin) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text, nullptr, true, /*ignore_comments=*/true);
  } catch (const nlohmann::json::parse_error& e) {
    throw UsageError(Located(text, e.byte > 0 ? e.byte - 1 : 0, origin, e.what()));
  }
  if (!doc.is_object()) throw UsageError(origin + ": expected a JSON object");
  CrossoverTable table;
  table.source = origin;
  table.measured = doc.value("measured", "");
  table.single = ParseList(doc, "s", origin);
  table.dbl = ParseList(doc, "d", origin);
  return table;
}

CrossoverTable LoadCrossovers() {
  if (const char* path = std::getenv("LAPACK_AI_ALPHATENSOR_CROSSOVERS"); path && *path) {
    std::ifstream in(path);
    if (!in) {
      throw UsageError(fmt::format("LAPACK_AI_ALPHATENSOR_CROSSOVERS: cannot read '{}'", path));
    }
    std::ostringstream text;
    text << in.rdbuf();
    return ParseCrossovers(text.str(), path);
  }
  const auto files = embedded::AlphatensorCrossovers();
  return ParseCrossovers(files.front().contents, "shipped default (data/alphatensor_crossovers.json)");
}

}  // namespace lapack_ai::alphatensor
