// Loading results files as legs, and merging legs into one document: results, recommendations
// and environment warnings tagged with their leg, and how each leg's environment differs.
#include "lapack_ai/reports/merge.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_ai/reports/compare.h"

namespace lapack_ai::reports {
namespace {

using nlohmann::json;

bool IsMerged(const json& j) {
  return j.is_object() && j.contains("context") && j["context"].is_object() &&
         j["context"].contains("legs") && j["context"]["legs"].is_array();
}

// A merged file back into its legs: each result goes to the leg its tag names.
std::vector<Leg> SplitMerged(const json& j, const ResultsDocument& all, const std::string& source) {
  std::vector<Leg> legs;
  std::map<std::string, std::size_t> index;
  for (const json& l : j["context"]["legs"]) {
    Leg leg;
    leg.name = l.value("name", fmt::format("leg {}", legs.size() + 1));
    leg.source = l.value("source", source);
    leg.doc.context = l.value("context", json::object());
    index[leg.name] = legs.size();
    legs.push_back(std::move(leg));
  }
  const json& results = j["results"];
  for (std::size_t i = 0; i < all.results.size(); ++i) {
    const std::string tag = results[i].value("leg", std::string());
    auto it = index.find(tag);
    if (it == index.end()) {
      throw UsageError(fmt::format("{}: /results/{}/leg '{}' names no entry of /context/legs",
                                   source, i, tag));
    }
    legs[it->second].doc.results.push_back(all.results[i]);
  }
  if (!all.recommendations.is_array()) return legs;
  for (Leg& leg : legs) leg.doc.recommendations = json::array();
  for (std::size_t i = 0; i < all.recommendations.size(); ++i) {
    json rec = all.recommendations[i];
    const std::string tag = rec.is_object() ? rec.value("leg", std::string()) : std::string();
    auto it = index.find(tag);
    if (it == index.end()) {
      throw UsageError(fmt::format("{}: /recommendations/{}/leg '{}' names no entry of "
                                   "/context/legs", source, i, tag));
    }
    if (rec.is_object()) rec.erase("leg");
    legs[it->second].doc.recommendations.push_back(std::move(rec));
  }
  return legs;
}

// Each leg's warnings, tagged with the leg: the merging machine's own checks say nothing about
// the measurements, so they are replaced. Absent when no leg ran the checks (older files).
void MergeWarnings(const std::vector<Leg>& legs, json& context) {
  context.erase("warnings");
  for (const Leg& leg : legs) {
    const json& c = leg.doc.context;
    if (!c.is_object() || !c.contains("warnings") || !c["warnings"].is_array()) continue;
    if (!context.contains("warnings")) context["warnings"] = json::array();
    for (json w : c["warnings"]) {
      if (w.is_object()) w["leg"] = leg.name;
      context["warnings"].push_back(std::move(w));
    }
  }
}

// Every leg against the first: numbers from different machines are compared only knowingly.
void MergeEnvironmentDifferences(const std::vector<Leg>& legs, json& context) {
  json out = json::array();
  for (std::size_t i = 1; i < legs.size(); ++i) {
    const auto lines = EnvironmentDifferences(legs[0].doc.context, legs[i].doc.context);
    if (!lines.empty()) out.push_back({{"leg", legs[i].name}, {"differences", lines}});
  }
  if (out.empty()) {
    context.erase("environment_differences");
  } else {
    context["environment_differences"] = std::move(out);
  }
}

}  // namespace

std::vector<Leg> LegsFromJson(const std::string& text, const std::string& source) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw UsageError(fmt::format("{}: not valid JSON: {}", source, e.what()));
  }
  ResultsDocument doc;
  try {
    doc = ResultsFromJson(j);
  } catch (const UsageError& e) {
    throw UsageError(fmt::format("{}: {}", source, e.what()));
  } catch (const json::exception& e) {
    throw UsageError(fmt::format("{}: not a lapack-ai results file: {}", source, e.what()));
  }
  if (IsMerged(j)) return SplitMerged(j, doc, source);
  Leg leg;
  leg.name = std::filesystem::path(source).stem().string();
  if (leg.name.empty()) leg.name = "leg";
  leg.source = source;
  leg.doc = std::move(doc);
  return {std::move(leg)};
}

std::vector<Leg> LoadLegs(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(fmt::format("{}: cannot open results file", path));
  std::ostringstream text;
  text << in.rdbuf();
  return LegsFromJson(text.str(), path);
}

void DeduplicateLegNames(std::vector<Leg>& legs) {
  std::map<std::string, int> seen;
  for (Leg& leg : legs) {
    const int n = ++seen[leg.name];
    if (n > 1) leg.name = fmt::format("{}-{}", leg.name, n);
  }
}

json MergeLegs(const std::vector<Leg>& legs, const json& merge_context) {
  ResultsDocument all;
  json leg_list = json::array();
  json results = json::array();
  json recommendations = nullptr;
  for (const Leg& leg : legs) {
    if (leg.doc.recommendations.is_array()) {
      if (recommendations.is_null()) recommendations = json::array();
      for (json rec : leg.doc.recommendations) {
        if (rec.is_object()) rec["leg"] = leg.name;
        recommendations.push_back(std::move(rec));
      }
    }
    leg_list.push_back({{"name", leg.name}, {"source", leg.source}, {"context", leg.doc.context}});
    for (const CaseResult& r : leg.doc.results) {
      all.results.push_back(r);
      json rj = ToJson(r);
      rj["leg"] = leg.name;
      results.push_back(std::move(rj));
    }
  }
  all.context = merge_context;
  all.context["merged"] = true;
  all.context["legs"] = std::move(leg_list);
  MergeWarnings(legs, all.context);
  MergeEnvironmentDifferences(legs, all.context);
  json out = ToJson(all);
  out["results"] = std::move(results);
  if (recommendations.is_array()) out["recommendations"] = std::move(recommendations);
  return out;
}

}  // namespace lapack_ai::reports
