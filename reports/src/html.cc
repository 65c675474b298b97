// RenderHtml: fills the embedded page template with the inlined CSS, Chart.js, page script, the
// static warnings/recommendations/summary/context sections and the results as an inert JSON block.
#include "lapack_ai/reports/html.h"

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>

#include "embedded.h"
#include "html_sections.h"
#include "lapack_ai/error.h"
#include "lapack_ai/version.h"

namespace lapack_ai::reports {
namespace {

using nlohmann::json;

// A script inlined in <script> must not contain "</script" (any case) or "<!--", which
// would end the element or switch the parser into escaped mode.
void CheckInlineScript(std::string_view js) {
  std::string lower(js);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  LAPACK_AI_CHECK(lower.find("</script") == std::string::npos);
  LAPACK_AI_CHECK(lower.find("<!--") == std::string::npos);
}

// Replaces each @NAME@ slot in one pass, so a value containing "@X@" is never expanded again.
std::string Fill(std::string_view tmpl, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t pos = 0;
  while (pos < tmpl.size()) {
    const std::size_t at = tmpl.find('@', pos);
    const std::size_t end = at == std::string_view::npos ? at : tmpl.find('@', at + 1);
    if (end == std::string_view::npos) break;
    auto it = values.find(std::string(tmpl.substr(at + 1, end - at - 1)));
    if (it == values.end()) {
      out.append(tmpl.substr(pos, end - pos));  // a lone '@': keep it, look again from there
      pos = end;
      continue;
    }
    out.append(tmpl.substr(pos, at - pos));
    out += it->second;
    pos = end + 1;
  }
  out.append(tmpl.substr(std::min(pos, tmpl.size())));
  return out;
}

std::vector<std::string> LegNames(const std::vector<ResultsDocument>& docs,
                                  const HtmlOptions& options) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    const json& c = docs[i].context;
    std::string name = i < options.leg_names.size() ? options.leg_names[i] : "";
    if (name.empty() && c.is_object() && c.contains("leg") && c["leg"].is_string())
      name = c["leg"].get<std::string>();
    if (name.empty() && c.is_object() && c.contains("host") && c["host"].is_string())
      name = c["host"].get<std::string>();
    if (name.empty()) name = fmt::format("leg {}", i + 1);
    names.push_back(name);
  }
  return names;
}

json PageData(const std::vector<ResultsDocument>& docs, const std::vector<std::string>& names,
              const HtmlOptions& options) {
  json legs = json::array();
  for (std::size_t i = 0; i < docs.size(); ++i) {
    json results = json::array();
    for (const CaseResult& r : docs[i].results) {
      json rj = ToJson(r);
      // One spelling of "1.24x [1.18, 1.31]" for the static tables and the page script.
      const json speedup = rj.value("speedup", json());
      if (speedup.is_object()) {
        rj["speedup_text"] = SpeedupText(speedup.value("value", json()),
                                         rj.value("speedup_ci", json()),
                                         speedup.value("verdict", std::string()));
      }
      results.push_back(std::move(rj));
    }
    legs.push_back({{"name", names[i]}, {"results", std::move(results)}});
  }
  return json{{"title", options.title}, {"cpu_backends", options.cpu_backends}, {"legs", legs}};
}

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(ch);
    }
  }
  return out;
}

std::string JsonForScript(const json& data) {
  const std::string text = data.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    // These bytes only occur inside JSON strings, where a \u escape means the same character.
    if (ch == '<') { out += "\\u003c"; continue; }
    if (ch == '>') { out += "\\u003e"; continue; }
    if (ch == '&') { out += "\\u0026"; continue; }
    if (text.compare(i, 3, "\xE2\x80\xA8") == 0) { out += "\\u2028"; i += 2; continue; }
    if (text.compare(i, 3, "\xE2\x80\xA9") == 0) { out += "\\u2029"; i += 2; continue; }
    out.push_back(ch);
  }
  return out;
}

std::string RenderHtml(const std::vector<ResultsDocument>& docs, const HtmlOptions& options) {
  const std::vector<std::string> names = LegNames(docs, options);
  std::string context;
  std::size_t cases = 0;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    context += ContextHtml(docs[i], names[i]);
    cases += docs[i].results.size();
  }
  CheckInlineScript(embedded::ChartJs());
  CheckInlineScript(embedded::ReportJs());
  const std::map<std::string, std::string> values{
      {"TITLE", EscapeHtml(options.title)},
      {"VERSION", EscapeHtml(Version())},
      {"SUBTITLE", EscapeHtml(fmt::format("{} case(s) from {} leg(s); rendered by lapack-ai {} ({})",
                                          cases, docs.size(), Version(), GitSha()))},
      {"BANNER", WarningsBannerHtml(docs, names)},
      {"RECOMMENDATIONS", RecommendationsHtml(docs, names)},
      {"SUMMARY", SummaryHtml(docs, names)},
      {"CONTEXT", CloudEventsHtml(docs, names) + context},
      {"CSS", std::string(embedded::ReportCss())},
      {"CHARTJS", std::string(embedded::ChartJs())},
      {"JS", std::string(embedded::ReportJs())},
      {"DATA", JsonForScript(PageData(docs, names, options))},
  };
  return Fill(embedded::ReportHtml(), values);
}

}  // namespace lapack_ai::reports
