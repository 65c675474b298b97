// The lookup order of alphatensor:auto's crossover table and the user's format-2 file.
#include "lapack_ai/alphatensor/crossovers_file.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "AlphatensorCrossovers.h"
#include "lapack_ai/context.h"
#include "lapack_ai/error.h"
#include "lapack_ai/result.h"

namespace lapack_ai::alphatensor {
namespace {

std::optional<std::string> ReadText(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const CrossoverTable* FindTable(const CrossoversDocument& doc, std::string_view cpu,
                                std::string_view base) {
  for (const CrossoverTable& t : doc.tables) {
    if (t.cpu == cpu && t.base == base) return &t;
  }
  return nullptr;
}

std::string Getenv(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

}  // namespace

std::string UserCrossoversPath() {
  const std::string xdg = Getenv("XDG_CONFIG_HOME");
  if (xdg.starts_with('/')) return xdg + "/lapack-ai/crossovers.json";
  const std::string home = Getenv("HOME");
  if (home.starts_with('/')) return home + "/.config/lapack-ai/crossovers.json";
  return "";
}

CrossoverSources CrossoverSourcesFromEnvironment() {
  return {Getenv("LAPACK_AI_ALPHATENSOR_CROSSOVERS"), UserCrossoversPath()};
}

CrossoverTable LoadCrossovers(std::string_view base, std::string_view cpu,
                              const CrossoverSources& sources) {
  if (!sources.env_file.empty()) {
    const auto text = ReadText(sources.env_file);
    if (!text) {
      throw UsageError(fmt::format("LAPACK_AI_ALPHATENSOR_CROSSOVERS: cannot read '{}'",
                                   sources.env_file));
    }
    const CrossoversDocument doc = ParseCrossoversDocument(*text, sources.env_file);
    if (doc.format == 1) return doc.tables.front();
    // A shared format-2 file may hold no table for this host: the next source then decides.
    if (const CrossoverTable* t = FindTable(doc, cpu, base)) return *t;
  }
  if (!sources.user_file.empty()) {
    // A missing user file is the normal case (tune never ran here).
    if (const auto text = ReadText(sources.user_file)) {
      const CrossoversDocument doc = ParseCrossoversDocument(*text, sources.user_file);
      if (doc.format != 2) {
        throw UsageError(fmt::format("{}: expected \"format\": \"{}\" (the file `lapack-ai tune` "
                                     "writes)", sources.user_file, kCrossoversFormat2));
      }
      if (const CrossoverTable* t = FindTable(doc, cpu, base)) return *t;
    }
  }
  const auto files = embedded::AlphatensorCrossovers();
  return ParseCrossovers(files.front().contents, "shipped default (data/alphatensor_crossovers.json)");
}

CrossoverTable LoadCrossovers(std::string_view base) {
  return LoadCrossovers(base, CpuModel(), CrossoverSourcesFromEnvironment());
}

nlohmann::json ReadCrossoversFile(const std::string& path) {
  const auto text = ReadText(path);
  if (!text) {
    if (std::filesystem::exists(path)) throw UsageError(fmt::format("cannot read '{}'", path));
    return {{"format", kCrossoversFormat2}, {"tables", nlohmann::json::array()}};
  }
  CrossoversDocument doc = ParseCrossoversDocument(*text, path);
  if (doc.format != 2) {
    throw UsageError(fmt::format("{}: is a format-1 table; `tune` keeps format-2 files "
                                 "(\"format\": \"{}\"): move it away or give another --output",
                                 path, kCrossoversFormat2));
  }
  return std::move(doc.json);
}

void ReplaceCrossoverTable(nlohmann::json& doc, nlohmann::json table) {
  nlohmann::json& tables = doc["tables"];
  for (nlohmann::json& t : tables) {
    if (t.value("cpu", "") == table.value("cpu", "") && t.value("base", "") == table.value("base", "")) {
      t = std::move(table);
      return;
    }
  }
  tables.push_back(std::move(table));
}

void WriteCrossoversFile(const std::string& path, const nlohmann::json& doc) {
  WriteFileAtomically(path, doc.dump(2) + "\n");
}

}  // namespace lapack_ai::alphatensor
