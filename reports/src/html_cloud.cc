// "Cloud run": the events of a `lapack-ai cloud run` (launches, retries, interruptions,
// relaunches, teardown, cost) that each leg carries in context.cloud, so a reader sees how the
// numbers were obtained and that nothing was left running.
#include <fmt/format.h>

#include "html_sections.h"
#include "lapack_ai/reports/html.h"

namespace lapack_ai::reports {

using nlohmann::json;

std::string CloudEventsHtml(const std::vector<ResultsDocument>& docs,
                            const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    const json& c = docs[i].context;
    if (!c.is_object() || !c.contains("cloud") || !c["cloud"].is_object()) continue;
    const json& cloud = c["cloud"];
    const json cost = cloud.value("cost", json::object());
    out += fmt::format("<h3>{}: run {}, {}{}</h3>\n", EscapeHtml(names[i]),
                       EscapeHtml(ValueText(cloud.value("run_id", json()))),
                       EscapeHtml(ValueText(cloud.value("phase", json()))),
                       cost.is_object() && cost.contains("max_usd")
                           ? EscapeHtml(fmt::format(", worst-case cost ${}", ValueText(cost["max_usd"])))
                           : "");
    out += "<table><tr><th>UTC</th><th>event</th><th>leg</th><th>what</th></tr>\n";
    for (const json& e : cloud.value("events", json::array())) {
      if (!e.is_object()) continue;
      out += fmt::format("<tr class=\"event-{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                         EscapeHtml(ValueText(e.value("kind", json()))),
                         EscapeHtml(ValueText(e.value("utc", json()))),
                         EscapeHtml(ValueText(e.value("kind", json()))),
                         EscapeHtml(ValueText(e.value("leg", json()))),
                         EscapeHtml(ValueText(e.value("message", json()))));
    }
    out += "</table>\n";
  }
  if (out.empty()) return out;
  std::string section = "<h2>Cloud run</h2>\n";
  section += out;
  return section;
}

}  // namespace lapack_ai::reports
