// The "Cloud run" section of the HTML report: a leg's context.cloud events are shown, escaped,
// and reports without them render as before.
#include <doctest/doctest.h>

#include "lapack_ai/cloud/pipeline.h"
#include "lapack_ai/reports/html.h"

namespace lapack_ai::cloud {
namespace {

TEST_SUITE("cloud") {

TEST_CASE("cloud report: the run's events appear escaped in the HTML report") {
  RunState s;
  s.run_id = "r-7";
  s.phase = "torn-down";
  s.AddEvent({"", "launch", "a10g", "i-1 spot g5.xlarge in us-east-1b", {}}, true);
  s.AddEvent({"", "interruption", "a10g", "i-1 terminated <script>alert(1)</script>", {}}, true);
  s.AddEvent({"", "teardown", "", "every resource of the run is ended", {}}, true);
  ResultsDocument doc;
  doc.context = {{"tool", "lapack-ai"}, {"host", "h"}, {"cloud", CloudContext(s, nullptr)}};
  const std::string html = reports::RenderHtml({doc});
  CHECK(html.find("<h2>Cloud run</h2>") != std::string::npos);
  CHECK(html.find("r-7") != std::string::npos);
  CHECK(html.find("us-east-1b") != std::string::npos);
  CHECK(html.find("interruption") != std::string::npos);
  CHECK(html.find("<script>alert(1)") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)") != std::string::npos);

  ResultsDocument plain;
  plain.context = {{"tool", "lapack-ai"}, {"host", "h"}};
  CHECK(reports::RenderHtml({plain}).find("Cloud run") == std::string::npos);
}

}  // TEST_SUITE

}  // namespace
}  // namespace lapack_ai::cloud
