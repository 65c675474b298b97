// Parsing and querying crossover tables of both file formats (format 1: one table, the shipped
// default; format 2: tables keyed by host CPU and base, written by `lapack-ai tune`).
#include "lapack_ai/alphatensor/crossovers.h"

#include <algorithm>

#include <fmt/format.h>

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

// `pointer` is the JSON pointer of the table ("" for a format-1 file, "/tables/2" in format 2).
std::vector<Crossover> ParseList(const nlohmann::json& table, const char* key,
                                 const std::string& pointer, const std::string& origin) {
  std::vector<Crossover> out;
  if (!table.contains(key)) return out;
  const auto& list = table.at(key);
  if (!list.is_array()) {
    throw UsageError(fmt::format("{}: {}/{} must be an array", origin, pointer, key));
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& e = list[i];
    const std::string where = fmt::format("{}: {}/{}/{}", origin, pointer, key, i);
    if (!e.is_object() || !e.contains("min_size") || !e.contains("scheme") ||
        !e["min_size"].is_number_integer() || !e["scheme"].is_string() ||
        (e.contains("levels") && !e["levels"].is_number_integer())) {
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

std::string StringField(const nlohmann::json& table, const char* key, const std::string& pointer,
                        const std::string& origin, bool required) {
  if (!table.contains(key)) {
    if (required) throw UsageError(fmt::format("{}: {}: \"{}\" is missing", origin, pointer, key));
    return "";
  }
  if (!table[key].is_string()) {
    throw UsageError(fmt::format("{}: {}/{} must be a string", origin, pointer, key));
  }
  return table[key].get<std::string>();
}

CrossoverTable ParseTable(const nlohmann::json& table, const std::string& pointer,
                          const std::string& origin, bool keyed) {
  if (!table.is_object()) {
    throw UsageError(fmt::format("{}: {}: expected a JSON object", origin, pointer.empty() ? "/" : pointer));
  }
  CrossoverTable t;
  t.cpu = StringField(table, "cpu", pointer, origin, keyed);
  t.base = StringField(table, "base", pointer, origin, keyed);
  t.measured = StringField(table, "measured", pointer, origin, false);
  t.single = ParseList(table, "s", pointer, origin);
  t.dbl = ParseList(table, "d", pointer, origin);
  t.source = keyed ? fmt::format("{} (cpu {}, base {})", origin, t.cpu, t.base) : origin;
  return t;
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

CrossoversDocument ParseCrossoversDocument(std::string_view text, const std::string& origin) {
  CrossoversDocument doc;
  try {
    doc.json = nlohmann::json::parse(text, nullptr, true, /*ignore_comments=*/true);
  } catch (const nlohmann::json::parse_error& e) {
    throw UsageError(Located(text, e.byte > 0 ? e.byte - 1 : 0, origin, e.what()));
  }
  if (!doc.json.is_object()) throw UsageError(origin + ": expected a JSON object");
  const std::string format = StringField(doc.json, "format", "", origin, false);
  if (format.empty() || format == kCrossoversFormat1) {
    doc.tables.push_back(ParseTable(doc.json, "", origin, /*keyed=*/false));
    return doc;
  }
  if (format != kCrossoversFormat2) {
    throw UsageError(fmt::format("{}: /format: unknown format '{}': expected \"{}\" or \"{}\"",
                                 origin, format, kCrossoversFormat2, kCrossoversFormat1));
  }
  doc.format = 2;
  const auto tables = doc.json.find("tables");
  if (tables == doc.json.end() || !tables->is_array()) {
    throw UsageError(origin + ": /tables must be an array");
  }
  for (std::size_t i = 0; i < tables->size(); ++i) {
    doc.tables.push_back(ParseTable((*tables)[i], fmt::format("/tables/{}", i), origin, /*keyed=*/true));
  }
  return doc;
}

CrossoverTable ParseCrossovers(std::string_view text, const std::string& origin) {
  CrossoversDocument doc = ParseCrossoversDocument(text, origin);
  if (doc.format != 1) {
    throw UsageError(fmt::format("{}: expected one table (\"{}\"), not \"{}\"", origin,
                                 kCrossoversFormat1, kCrossoversFormat2));
  }
  return std::move(doc.tables.front());
}

nlohmann::json ToJson(const std::vector<Crossover>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const Crossover& c : list) {
    out.push_back({{"min_size", c.min_size}, {"scheme", c.scheme}, {"levels", c.levels}});
  }
  return out;
}

}  // namespace lapack_ai::alphatensor
