// The HTML report's escaping: names from result files (backend, message, context) never become
// markup or script, and the embedded data still parse back to the same values.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>

#include "lapack_ai/reports/html.h"
#include "reports/report_fixtures.h"

namespace lapack_ai {
namespace {

TEST_SUITE_BEGIN("reports");

const std::string kEvil = "</script><img src=x onerror=alert(1)>";

std::size_t Count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return s;
}

TEST_CASE("html: EscapeHtml covers the five special characters") {
  CHECK(reports::EscapeHtml("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;");
  CHECK(reports::EscapeHtml("plain") == "plain");
}

TEST_CASE("html: JSON for a script block has no markup characters and round-trips") {
  const nlohmann::json data = {{"name", kEvil + " & \xE2\x80\xA8 \xE2\x80\xA9"}, {"bad", "\xFF"}};
  const std::string text = reports::JsonForScript(data);
  for (char ch : {'<', '>', '&'}) CHECK(text.find(ch) == std::string::npos);
  CHECK(text.find("\xE2\x80\xA8") == std::string::npos);
  const nlohmann::json back = nlohmann::json::parse(text);
  CHECK(back["name"] == data["name"]);
  CHECK(back["bad"] == "\xEF\xBF\xBD");  // invalid UTF-8 became U+FFFD
}

TEST_CASE("html: a hostile backend name and message and host and title stay inert") {
  ResultsDocument doc = test::FakeDoc({32, 64}, 1.0, 5, 0.01, 9);
  doc.results[0].backend = kEvil;
  doc.results[1].message = kEvil;
  doc.context["host"] = kEvil;
  doc.context["backends"] = nlohmann::json::array({{{"name", kEvil}, {"available", true}}});
  reports::HtmlOptions options;
  options.title = kEvil;
  options.leg_names = {kEvil};
  const std::string page = reports::RenderHtml({doc}, options);
  CHECK(page.find("<img") == std::string::npos);
  CHECK(page.find("onerror=alert(1)>") == std::string::npos);
  // Exactly the page's own three script elements close: data, Chart.js, page script.
  CHECK(Count(Lower(page), "</script") == 3);
  CHECK(page.find("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
}

TEST_CASE("html: one self-contained page with every leg") {
  ResultsDocument a = test::FakeDoc({32}, 1.0, 5, 0.01, 1), b = test::FakeDoc({32}, 2.0, 5, 0.01, 2);
  reports::HtmlOptions options;
  options.leg_names = {"leg-alpha", "leg-beta"};
  const std::string page = reports::RenderHtml({a, b}, options);
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(page.find("Chart.js v") != std::string::npos);  // inlined, not linked
  CHECK(page.find("src=\"http") == std::string::npos);
  CHECK(page.find("leg-alpha") != std::string::npos);
  CHECK(page.find("leg-beta") != std::string::npos);
  CHECK(page.find("all legs") != std::string::npos);
  CHECK(page.find("@DATA@") == std::string::npos);
}

TEST_CASE("html: template slots are filled once and a name spelled like a slot stays literal") {
  ResultsDocument doc = test::FakeDoc({32}, 1.0, 5, 0.01, 4);
  doc.results[0].backend = "@CSS@";
  doc.context["host"] = "@JS@";
  const std::string page = reports::RenderHtml({doc});
  CHECK(Count(page, "Chart.js v") == 1);
  CHECK(Count(page, ".status-pass {") == 1);  // the stylesheet once, not again for "@CSS@"
  CHECK(page.find("\"backend\":\"@CSS@\"") != std::string::npos);
  CHECK(page.find("<h3>@JS@</h3>") != std::string::npos);  // leg named after the host
}

TEST_SUITE_END();

}  // namespace
}  // namespace lapack_ai
