// Assembling the format-2 table of `lapack-ai tune` from its decisions.
#include "lapack_ai/alphatensor/tune_table.h"

#include <algorithm>

#include <fmt/format.h>

namespace lapack_ai::alphatensor {
namespace {

nlohmann::json Optional(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json Interval(const std::optional<std::pair<double, double>>& ci) {
  return ci ? nlohmann::json::array({ci->first, ci->second}) : nlohmann::json(nullptr);
}

}  // namespace

std::string MeasuredText(const nlohmann::json& context) {
  const std::string date = context.value("date_utc", "").substr(0, 10);
  return fmt::format("{}, host {} ({}, {} cores), {}", date, context.value("host", "?"),
                     context.value("cpu_model", "cpu unknown"),
                     context.contains("cpu_cores") ? context["cpu_cores"].dump() : "?",
                     context.value("command_line", "lapack-ai tune"));
}

nlohmann::json EvidenceJson(const TuneDecision& d) {
  nlohmann::json candidates = nlohmann::json::array();
  for (const CandidateVerdict& v : d.candidates) {
    nlohmann::json c{{"scheme", v.candidate.scheme},   {"levels", v.candidate.levels},
                     {"speedup", Optional(v.speedup)}, {"interval", Interval(v.interval)},
                     {"verdict", v.verdict},           {"error_ratio", Optional(v.error_ratio)},
                     {"eligible", v.eligible}};
    if (!v.eligible) c["rejected"] = v.rejected;
    candidates.push_back(std::move(c));
  }
  nlohmann::json e{{"type", ToString(d.type)}, {"size", d.size},   {"choice", d.scheme},
                   {"levels", d.levels},       {"candidates", candidates}};
  if (const CandidateVerdict* c = d.Chosen()) {
    e["speedup"] = Optional(c->speedup);
    e["interval"] = Interval(c->interval);
    e["error_ratio"] = Optional(c->error_ratio);
  }
  if (!d.base_problem.empty()) e["base_problem"] = d.base_problem;
  return e;
}

nlohmann::json TuneTableJson(const TuneTableInfo& info, const std::vector<TuneDecision>& decisions,
                             const nlohmann::json& previous) {
  nlohmann::json candidates = nlohmann::json::array();
  for (const TuneCandidate& c : info.candidates) candidates.push_back(c.Label());
  nlohmann::json table{{"cpu", info.cpu},
                       {"base", info.base},
                       {"measured", info.measured},
                       {"rule",
                        {{"error_budget", info.error_budget},
                         {"candidates", candidates},
                         {"text", "fastest candidate whose 95 % speedup interval is above 1, "
                                  "whose check passed and whose normwise error is within the "
                                  "budget times the base's; else the base"}}}};
  nlohmann::json evidence = nlohmann::json::array();
  for (Precision p : {Precision::kSingle, Precision::kDouble}) {
    const std::string key(ToString(p));
    const bool measured = std::find(info.types.begin(), info.types.end(), p) != info.types.end();
    if (measured) {
      table[key] = ToJson(CompressDecisions(decisions, p));
      for (const TuneDecision& d : decisions)
        if (d.type == p) evidence.push_back(EvidenceJson(d));
    } else if (previous.is_object() && previous.contains(key)) {
      table[key] = previous[key];
      for (const nlohmann::json& e : previous.value("evidence", nlohmann::json::array()))
        if (e.value("type", "") == key) evidence.push_back(e);
      // Where the kept list was measured: the earlier run, or where that run kept it from.
      const nlohmann::json kept = previous.value("kept", nlohmann::json::object());
      table["kept"][key] = kept.contains(key) ? kept[key]
                                              : nlohmann::json(previous.value("measured", ""));
    } else {
      table[key] = nlohmann::json::array();
    }
  }
  table["evidence"] = std::move(evidence);
  return table;
}

nlohmann::json FindTableJson(const nlohmann::json& doc, const std::string& cpu,
                             const std::string& base) {
  for (const nlohmann::json& t : doc.value("tables", nlohmann::json::array())) {
    if (t.value("cpu", "") == cpu && t.value("base", "") == base) return t;
  }
  return nullptr;
}

}  // namespace lapack_ai::alphatensor
