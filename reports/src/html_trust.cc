// The HTML report's trust sections (see html_sections.h): the environment-warnings banner at the
// top and "What to use on this machine" from the recommendations, plus SpeedupText, the one
// spelling of a speedup with its interval that the tables and the page script share.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "html_sections.h"
#include "lapack_ai/reports/html.h"

namespace lapack_ai::reports {
namespace {

using nlohmann::json;

// The console's rule (libcore FormatSpeedup): two decimals, but two significant digits below
// 0.1x so a 0.004x slowdown does not read "0.00x"; the bounds keep the point's decimals.
int Decimals(double v) {
  if (!(v > 0) || v >= 0.1) return 2;
  return std::min(12, 1 - static_cast<int>(std::floor(std::log10(v))));
}

bool IsFinite(const json& v) { return v.is_number() && std::isfinite(v.get<double>()); }

std::string Str(const json& obj, const char* key) {
  if (!obj.is_object() || !obj.contains(key)) return "";
  return ValueText(obj[key]);
}

const json* Warnings(const ResultsDocument& doc) {
  if (!doc.context.is_object() || !doc.context.contains("warnings")) return nullptr;
  const json& w = doc.context["warnings"];
  return w.is_array() ? &w : nullptr;
}

// Only "info" is a note; any other severity (including ones added later) is shown as a warning,
// so a new kind of problem can never render as harmless grey.
bool IsInfo(const json& w) { return Str(w, "severity") == "info"; }

std::string WarningItem(const json& w) {
  const std::string severity = Str(w, "severity").empty() ? "warning" : Str(w, "severity");
  std::string out = fmt::format(
      "<li class=\"warning-item severity-{}\"><span class=\"severity\">{}</span> "
      "<span class=\"message\">{}</span>",
      IsInfo(w) ? "info" : "warning", EscapeHtml(severity), EscapeHtml(Str(w, "message")));
  if (!Str(w, "fix").empty())
    out += fmt::format("<div class=\"fix\">Fix: {}</div>", EscapeHtml(Str(w, "fix")));
  std::string meta = Str(w, "id");
  if (!Str(w, "phase").empty()) meta += fmt::format(" (seen at {})", Str(w, "phase"));
  return out + fmt::format(" <span class=\"warning-id\">{}</span></li>\n", EscapeHtml(meta));
}

std::string LegWarnings(const json& list, const std::string& leg) {
  const std::string prefix = leg.empty() ? "" : leg + ": ";
  if (list.empty())
    return fmt::format("<p class=\"banner-ok\">{}Environment checks: no problems found</p>\n",
                       EscapeHtml(prefix));
  std::vector<const json*> sorted;
  for (const json& w : list) sorted.push_back(&w);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const json* a, const json* b) { return !IsInfo(*a) && IsInfo(*b); });
  std::string out = leg.empty() ? "" : fmt::format("<h3>{}</h3>\n", EscapeHtml(leg));
  out += "<ul class=\"warnings\">\n";
  for (const json* w : sorted) out += WarningItem(*w);
  return out + "</ul>\n";
}

// For "faster" the speedup is the chosen backend's; otherwise the baseline stays and the figure
// is the best other backend's (what_to_use.h), which the row's reasoning names.
std::string SpeedupCell(const json& rec) {
  const std::string verdict = Str(rec, "verdict");
  const json value = rec.value("speedup", json()), ci = rec.value("speedup_ci", json());
  if (verdict == "only_one") return "only backend timed";
  if (verdict == "baseline") {
    return IsFinite(value) ? "baseline; next best " + SpeedupText(value, ci, verdict) : "baseline";
  }
  return SpeedupText(value, ci, verdict);
}

std::string Sizes(const json& rec) {
  if (!Str(rec, "size_label").empty()) return Str(rec, "size_label");
  return fmt::format("n={}..{}", Str(rec, "size_min"), Str(rec, "size_max"));
}

std::string RecommendationRow(const json& rec, const std::string& leg, bool multi_leg) {
  std::string warnings;
  for (const json& id : rec.value("warnings", json::array())) {
    if (!warnings.empty()) warnings += ", ";
    warnings += ValueText(id);
  }
  std::string out = fmt::format("<tr class=\"rec-{}\">",
                                Str(rec, "verdict") == "faster" ? "faster" : "other");
  if (multi_leg) out += fmt::format("<td>{}</td>", EscapeHtml(leg));
  for (const std::string& v : {Str(rec, "op"), Str(rec, "type"), Sizes(rec), Str(rec, "backend")})
    out += fmt::format("<td>{}</td>", EscapeHtml(v));
  out += fmt::format("<td class=\"num speedup\">{}</td><td>{}</td><td class=\"num\">{}</td>",
                     EscapeHtml(SpeedupCell(rec)), EscapeHtml(Str(rec, "baseline")),
                     EscapeHtml(Str(rec, "cases")));
  out += fmt::format("<td class=\"{}\">{}</td>", warnings.empty() ? "" : "rec-warn",
                     EscapeHtml(warnings));
  return out + fmt::format("<td class=\"why\">{}</td></tr>\n", EscapeHtml(Str(rec, "text")));
}

// The interval's level as the producing run recorded it; older or hand-made files say nothing.
std::string IntervalName(const std::vector<ResultsDocument>& docs) {
  for (const ResultsDocument& d : docs) {
    const json s = d.context.is_object() ? d.context.value("statistics", json()) : json();
    if (s.is_object() && IsFinite(s.value("confidence", json())))
      return fmt::format("{:g} % interval", 100 * s["confidence"].get<double>());
  }
  return "interval";
}

}  // namespace

std::string SpeedupText(const json& value, const json& ci, std::string_view verdict) {
  if (!IsFinite(value)) return "-";
  const double v = value.get<double>();
  const int decimals = Decimals(v);
  std::string out = verdict == "no_difference" ? "\xE2\x89\x88 " : "";
  out += fmt::format("{:.{}f}x", v, decimals);
  if (ci.is_array() && ci.size() == 2 && IsFinite(ci[0]) && IsFinite(ci[1])) {
    out += fmt::format(" [{:.{}f}, {:.{}f}]", ci[0].get<double>(), decimals, ci[1].get<double>(),
                       decimals);
  }
  return out;
}

std::string WarningsBannerHtml(const std::vector<ResultsDocument>& docs,
                               const std::vector<std::string>& names) {
  int warnings = 0, notes = 0, checked = 0;
  for (const ResultsDocument& d : docs) {
    if (const json* list = Warnings(d)) {
      ++checked;
      for (const json& w : *list) ++(IsInfo(w) ? notes : warnings);
    }
  }
  if (checked == 0) return "";
  const bool multi = docs.size() > 1;
  std::string body;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    if (const json* list = Warnings(docs[i])) {
      body += LegWarnings(*list, multi ? names[i] : "");
    } else {
      body += fmt::format("<p class=\"banner-unchecked\">{}: environment not checked (the file "
                          "predates the checks)</p>\n", EscapeHtml(names[i]));
    }
  }
  const char* cls = warnings ? "banner-warning" : notes ? "banner-info" : "banner-clean";
  std::string head;
  if (warnings + notes > 0)
    head = fmt::format("<h2>Environment checks: {} warning(s), {} note(s)</h2>\n<p class=\"hint\">"
                       "Timings taken under these conditions may not be what this machine can "
                       "do; each entry says how to fix it.</p>\n", warnings, notes);
  return fmt::format("<section id=\"env-warnings\" class=\"banner {}\">\n{}{}</section>\n", cls,
                     head, body);
}

std::string RecommendationsHtml(const std::vector<ResultsDocument>& docs,
                                const std::vector<std::string>& names) {
  const bool any = std::any_of(docs.begin(), docs.end(), [](const ResultsDocument& d) {
    return d.recommendations.is_array();
  });
  if (!any) return "";
  const bool multi = docs.size() > 1;
  std::string rows;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    if (!docs[i].recommendations.is_array()) continue;
    for (const json& rec : docs[i].recommendations)
      if (rec.is_object()) rows += RecommendationRow(rec, names[i], multi);
  }
  std::string out =
      "<section id=\"recommendations\">\n<h2>What to use on this machine</h2>\n"
      "<p class=\"hint\">Per routine, precision and size range: the fastest backend that passed, "
      "its speedup over the baseline (median ratio) and the " + IntervalName(docs) +
      "; \xE2\x89\x88 means no measurable difference. Where the baseline stays, the figure is the "
      "best other backend's.</p>\n";
  if (rows.empty()) return out + "<p>No recommendation: no timed case passed.</p>\n</section>\n";
  out += "<table class=\"recommendations\"><tr>";
  if (multi) out += "<th>leg</th>";
  out += "<th>op</th><th>type</th><th>sizes</th><th>backend</th><th>speedup</th><th>against</th>"
         "<th>cases</th><th>warnings</th><th>reasoning</th></tr>\n";
  return out + rows + "</table>\n</section>\n";
}

}  // namespace lapack_ai::reports
