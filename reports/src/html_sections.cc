// Summary and context sections of the HTML report (see html_sections.h); environment readings
// and statistics settings are shown generically, whatever keys the producing tool wrote.
#include "html_sections.h"

#include <algorithm>

#include <fmt/format.h>

#include "lapack_ai/reports/html.h"

namespace lapack_ai::reports {
namespace {

using nlohmann::json;

// A scenario block is large (its sweeps); the name, file and hash identify it.
std::string ScenarioText(const json& s) {
  if (!s.is_object()) return ValueText(s);
  return fmt::format("{} ({}) hash {}", ValueText(s.value("name", json())),
                     ValueText(s.value("source", json())), ValueText(s.value("hash", json())));
}

std::string Row(std::string_view key, const std::string& value) {
  return fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", EscapeHtml(key), EscapeHtml(value));
}

std::string CountRow(const std::string& name, const Summary& s) {
  return fmt::format(
      "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num status-pass\">{}</td>"
      "<td class=\"num{}\">{}</td><td class=\"num{}\">{}</td><td class=\"num\">{}</td>"
      "<td class=\"num\">{}</td><td class=\"{}\">{}</td></tr>\n",
      EscapeHtml(name), s.total(), s.pass, s.failed ? " status-FAILED" : "", s.failed,
      s.error ? " status-error" : "", s.error, s.skipped, s.unsupported,
      s.ok() ? "verdict-ok" : "verdict-bad", s.ok() ? "all checks passed" : "FAILED");
}

// "k=v, k=v" for one object inside an array (a BLAS library reading, say); values as JSON.
std::string Pairs(const json& obj) {
  std::string out;
  for (const auto& [key, value] : obj.items())
    out += fmt::format("{}{}={}", out.empty() ? "" : ", ", key, ValueText(value));
  return out;
}

// Environment readings are open-ended (new checks add keys): nested objects flatten to dotted
// keys, arrays of scalars join, arrays of objects give one row per element.
void Flatten(const std::string& prefix, const json& v, std::string& rows) {
  if (v.is_object()) {
    for (const auto& [key, value] : v.items())
      Flatten(prefix.empty() ? key : prefix + "." + key, value, rows);
    return;
  }
  if (v.is_array() && std::any_of(v.begin(), v.end(), [](const json& e) { return e.is_object(); })) {
    for (std::size_t i = 0; i < v.size(); ++i)
      rows += Row(fmt::format("{}[{}]", prefix, i), v[i].is_object() ? Pairs(v[i]) : ValueText(v[i]));
    return;
  }
  if (v.is_array()) {
    std::string joined;
    for (const json& e : v) {
      if (!joined.empty()) joined += ' ';
      joined += ValueText(e);
    }
    rows += Row(prefix, joined);
    return;
  }
  rows += Row(prefix, ValueText(v));
}

std::string EnvironmentTable(const json& c) {
  if (!c.is_object() || !c.contains("environment") || !c["environment"].is_object()) return "";
  std::string rows;
  Flatten("", c["environment"], rows);
  return "<details class=\"environment\"><summary>Environment readings</summary>\n"
         "<table class=\"kv\">\n" + rows + "</table>\n</details>\n";
}

std::string DevicesTable(const json& backends) {
  if (!backends.is_array() || backends.empty()) return "";
  std::string out =
      "<table><tr><th>backend</th><th>available</th><th>library</th><th>device</th>"
      "<th>threads</th><th>config</th><th>note</th></tr>\n";
  for (const json& b : backends) {
    if (!b.is_object()) continue;
    out += "<tr>";
    for (const char* key : {"name", "available", "library", "device", "threads", "config", "note"})
      out += fmt::format("<td>{}</td>", EscapeHtml(ValueText(b.value(key, json()))));
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

}  // namespace

std::string ValueText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string SummaryHtml(const std::vector<ResultsDocument>& docs,
                        const std::vector<std::string>& names) {
  std::string out =
      "<table><tr><th>leg</th><th>cases</th><th>pass</th><th>FAILED</th><th>error</th>"
      "<th>skipped</th><th>unsupported</th><th>verdict</th></tr>\n";
  std::vector<CaseResult> all;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    out += CountRow(names[i], Summarize(docs[i].results));
    all.insert(all.end(), docs[i].results.begin(), docs[i].results.end());
  }
  if (docs.size() > 1) out += CountRow("all legs", Summarize(all));
  return out + "</table>\n";
}

std::string ContextHtml(const ResultsDocument& doc, const std::string& name) {
  const json& c = doc.context;
  auto get = [&c](const char* key) { return c.is_object() ? ValueText(c.value(key, json())) : ""; };
  std::string out = fmt::format("<h3>{}</h3>\n<table class=\"kv\">\n", EscapeHtml(name));
  out += Row("host", get("host"));
  out += Row("CPU", fmt::format("{} ({} cores)", get("cpu_model"), get("cpu_cores")));
  out += Row("OS", get("os"));
  out += Row("tool", fmt::format("{} {} ({})", get("tool"), get("version"), get("git_sha")));
  out += Row("date (UTC)", get("date_utc"));
  out += Row("command", get("command_line"));
  if (c.is_object() && c.contains("partial") && c["partial"].is_object()) {
    // Written while the run went on (sweep_run.h): it stopped before the end.
    out += Row("incomplete", fmt::format("the run stopped after {} of {} cases", ValueText(c["partial"].value("cases_done", json())),
                                         ValueText(c["partial"].value("cases_total", json()))));
  }
  if (c.is_object() && c.contains("scenario")) out += Row("scenario", ScenarioText(c["scenario"]));
  if (c.is_object() && c.contains("statistics") && c["statistics"].is_object())
    out += Row("statistics", Pairs(c["statistics"]));
  out += "</table>\n";
  return out + DevicesTable(c.is_object() ? c.value("backends", json()) : json()) +
         EnvironmentTable(c);
}

}  // namespace lapack_ai::reports
