// The HTML report's escaping: names from result files (backend, message, context) never become
// markup or script, and the embedded data still parse back to the same values. The trust
// sections: warnings banner, "what to use", speedup intervals, unstable timings.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <utility>

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

TEST_CASE("html: a partial results file says the run stopped early, a complete one does not") {
  ResultsDocument doc = test::FakeDoc({32}, 1.0, 5, 0.01, 1);
  CHECK(reports::RenderHtml({doc}, {}).find("the run stopped after") == std::string::npos);
  doc.context["partial"] = {{"cases_done", 1}, {"cases_total", 3}};
  CHECK(reports::RenderHtml({doc}, {}).find("the run stopped after 1 of 3 cases") != std::string::npos);
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

// The page body's markup, before the data block (where names from the documents also appear)
// and after the stylesheet (which names every class).
std::string Markup(const std::string& page) {
  const auto body = page.find("<body");
  return page.substr(body, page.find("id=\"lapack-ai-data\"") - body);
}

TEST_CASE("html: SpeedupText spells a speedup with its interval and marks no difference") {
  using reports::SpeedupText;
  const nlohmann::json ci = {1.18, 1.31};
  CHECK(SpeedupText(1.24, ci, "faster") == "1.24x [1.18, 1.31]");
  CHECK(SpeedupText(1.01, {0.97, 1.05}, "no_difference") == "\xE2\x89\x88 1.01x [0.97, 1.05]");
  CHECK(SpeedupText(1.24, nullptr, "") == "1.24x");
  CHECK(SpeedupText(1.24, {1.18}, "faster") == "1.24x");           // not an interval
  CHECK(SpeedupText(1.24, {1.18, nullptr}, "faster") == "1.24x");  // a bound was not finite
  CHECK(SpeedupText(nullptr, ci, "faster") == "-");
  CHECK(SpeedupText("1.2", ci, "faster") == "-");
  // Below 0.1x two significant digits, so a big slowdown does not read "0.00x".
  CHECK(SpeedupText(0.00312, {0.003, 0.0033}, "slower") == "0.0031x [0.0030, 0.0033]");
  CHECK(SpeedupText(250.0, nullptr, "faster") == "250.00x");
  CHECK(SpeedupText(0.0, nullptr, "slower") == "0.00x");
}

TEST_CASE("html: the warnings banner comes first, warnings before notes, text escaped") {
  ResultsDocument doc = test::FakeDoc({32}, 1.0, 5, 0.01, 5);
  doc.context = test::TrustContext();
  // Listed note-first: the banner puts the warning first.
  std::swap(doc.context["warnings"][0], doc.context["warnings"][1]);
  doc.context["warnings"][1]["message"] = "load " + kEvil;
  doc.context["warnings"][1]["fix"] = "fix " + kEvil;
  const std::string page = reports::RenderHtml({doc});
  const std::string markup = Markup(page);
  const auto banner = markup.find("id=\"env-warnings\"");
  REQUIRE(banner != std::string::npos);
  CHECK(banner < markup.find("id=\"summary\""));
  CHECK(markup.find("class=\"banner banner-warning\"") != std::string::npos);
  CHECK(markup.find("Environment checks: 1 warning(s), 1 note(s)") != std::string::npos);
  const auto warning = markup.find("severity-warning\">"), note = markup.find("severity-info\">");
  REQUIRE(warning != std::string::npos);
  REQUIRE(note != std::string::npos);
  CHECK(warning < note);
  CHECK(markup.find("load &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
  CHECK(markup.find("Fix: fix &lt;/script&gt;") != std::string::npos);
  CHECK(markup.find("blas_kernel_below_cpu (seen at start)") != std::string::npos);
  CHECK(page.find("<img") == std::string::npos);
  CHECK(Count(Lower(page), "</script") == 3);
}

TEST_CASE("html: an empty warnings list says so, a file from before the checks shows nothing") {
  ResultsDocument checked = test::FakeDoc({32}, 1.0, 5, 0.01, 6);
  checked.context["warnings"] = nlohmann::json::array();
  const std::string clean = Markup(reports::RenderHtml({checked}));
  CHECK(clean.find("Environment checks: no problems found") != std::string::npos);
  CHECK(clean.find("banner-warning") == std::string::npos);

  const std::string old = Markup(reports::RenderHtml({test::FakeDoc({32}, 1.0, 5, 0.01, 6)}));
  CHECK(old.find("id=\"env-warnings\"") == std::string::npos);
  CHECK(old.find("id=\"recommendations\"") == std::string::npos);
  CHECK(old.find("Environment checks") == std::string::npos);

  // Two legs, one checked and one old: the old one is named as not checked.
  reports::HtmlOptions options;
  options.leg_names = {"new-leg", "old-leg"};
  const std::string mixed = Markup(reports::RenderHtml({checked, test::FakeDoc({32}, 1, 5, 0.01, 7)},
                                                       options));
  CHECK(mixed.find("new-leg: Environment checks: no problems found") != std::string::npos);
  CHECK(mixed.find("old-leg: environment not checked") != std::string::npos);
}

TEST_CASE("html: 'what to use on this machine' lists each recommendation with its interval") {
  ResultsDocument doc = test::FakeDoc({32}, 1.0, 5, 0.01, 8);
  doc.context = test::TrustContext();
  doc.recommendations = nlohmann::json::array(
      {test::Recommendation("opencl", "faster", 1.24, {1.18, 1.31}, {"busy_machine"}),
       test::Recommendation("reference", "no_difference", 1.01, {0.97, 1.05}),
       test::Recommendation("openblas", "baseline", 0.8, {0.75, 0.85}),
       test::Recommendation(kEvil, "only_one", nullptr, nullptr)});
  const std::string markup = Markup(reports::RenderHtml({doc}));
  const auto section = markup.find("<h2>What to use on this machine</h2>");
  REQUIRE(section != std::string::npos);
  CHECK(markup.find("id=\"env-warnings\"") < section);
  CHECK(section < markup.find("id=\"summary\""));
  CHECK(markup.find("1.24x [1.18, 1.31]") != std::string::npos);
  CHECK(markup.find("\xE2\x89\x88 1.01x [0.97, 1.05]") != std::string::npos);
  CHECK(markup.find("baseline; next best 0.80x [0.75, 0.85]") != std::string::npos);
  CHECK(markup.find("only backend timed") != std::string::npos);
  CHECK(markup.find("<td class=\"why\">gemm d n=128..512: opencl</td>") != std::string::npos);
  CHECK(markup.find("<td class=\"rec-warn\">busy_machine</td>") != std::string::npos);
  CHECK(markup.find("<td>n=128..512</td>") != std::string::npos);
  CHECK(markup.find("95 % interval") != std::string::npos);  // from context.statistics
  CHECK(markup.find("<img") == std::string::npos);
  CHECK(markup.find("&lt;/script&gt;&lt;img") != std::string::npos);

  // Present but empty: the section says why there is nothing.
  doc.recommendations = nlohmann::json::array();
  CHECK(Markup(reports::RenderHtml({doc})).find("No recommendation") != std::string::npos);
}

TEST_CASE("html: per-case intervals, no-difference and unstable timings reach the page data") {
  ResultsDocument doc = test::FakeDoc({64}, 1.0, 5, 0.01, 9);
  CaseResult& r = doc.results[1];
  r.baseline = "openblas";
  r.speedup = 1.01;
  r.speedup_ci = std::make_pair(0.97, 1.05);
  r.speedup_verdict = "no_difference";
  r.timing->unstable = true;
  r.timing->unstable_reason = "CV 9% above 5%";
  const std::string page = reports::RenderHtml({doc});
  const std::string data = page.substr(page.find("id=\"lapack-ai-data\">") + 20);
  const nlohmann::json parsed = nlohmann::json::parse(data.substr(0, data.find("</script>")));
  const nlohmann::json& rec = parsed["legs"][0]["results"][1];
  CHECK(rec["speedup_text"] == "\xE2\x89\x88 1.01x [0.97, 1.05]");
  CHECK(rec["speedup_ci"] == nlohmann::json({0.97, 1.05}));
  CHECK(rec["timing"]["unstable"].get<bool>());
  CHECK(rec["timing"]["unstable_reason"] == "CV 9% above 5%");
  CHECK_FALSE(parsed["legs"][0]["results"][0].contains("speedup_text"));  // no baseline: none
  // The page script draws the marker and whiskers from these fields.
  CHECK(page.find("unstable-mark") != std::string::npos);
  CHECK(page.find("afterDatasetsDraw") != std::string::npos);
}

TEST_CASE("html: environment readings and statistics are shown whatever their keys") {
  ResultsDocument doc = test::FakeDoc({32}, 1.0, 5, 0.01, 10);
  doc.context = test::TrustContext();
  doc.context["environment"]["future_reading"] = {{"depth", {{"value", kEvil}}}};
  const std::string markup = Markup(reports::RenderHtml({doc}));
  CHECK(markup.find("<th>cpu.isa</th><td>AVX-512</td>") != std::string::npos);
  CHECK(markup.find("<th>cpu.flags</th><td>sse3 avx2 avx512f</td>") != std::string::npos);
  CHECK(markup.find("kernel=Prescott") != std::string::npos);
  CHECK(markup.find("<th>future_reading.depth.value</th>") != std::string::npos);
  CHECK(markup.find("confidence=0.95") != std::string::npos);
  CHECK(markup.find("<img") == std::string::npos);
}

TEST_SUITE_END();

}  // namespace
}  // namespace lapack_ai
