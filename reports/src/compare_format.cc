// Output forms of a CompareReport: JSON for machines, Markdown for PR comments, a console
// table. Regressions are listed first so a CI log shows them without scrolling; environment
// differences come before the table, since they explain changes in it.
#include <algorithm>

#include <fmt/format.h>

#include "lapack_ai/reports/compare.h"

namespace lapack_ai::reports {
namespace {

using nlohmann::json;

json OrNull(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

std::string Opt(const std::optional<double>& v, const char* spec) {
  return v ? fmt::format(fmt::runtime(spec), *v) : std::string("-");
}

std::string Change(const CaseComparison& c) {
  return c.change_percent ? fmt::format("{:+.1f}%", *c.change_percent) : std::string("-");
}

std::string Verdict(const CaseComparison& c) {
  return fmt::format("{}{}{}", c.status_worse ? "STATUS WORSE " : "",
                     c.ratio_crossed ? "ERROR RATIO PAST THRESHOLD " : "", ToString(c.speed));
}

std::string Ratio(const CaseComparison& c) {
  return fmt::format("{} -> {} (< {})", Opt(c.base_ratio, "{:.3g}"), Opt(c.new_ratio, "{:.3g}"),
                     Opt(c.threshold, "{:.3g}"));
}

std::string Time(const std::optional<double>& s) { return Opt(s, "{:.4g}"); }

// Regressions first, then improvements, then the rest, each in input order.
std::vector<const CaseComparison*> Ordered(const CompareReport& report) {
  std::vector<const CaseComparison*> out;
  for (const CaseComparison& c : report.matched) out.push_back(&c);
  auto rank = [](const CaseComparison* c) {
    if (c->precision_regression() || c->speed_regression()) return 0;
    return c->speed == SpeedVerdict::kFaster ? 1 : 2;
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](auto* a, auto* b) { return rank(a) < rank(b); });
  return out;
}

std::string Headline(const CompareReport& r) {
  return fmt::format("{}: {} matched, {} speed regression(s), {} precision regression(s), "
                     "{} faster, {} new, {} missing (threshold {}%, alpha {})",
                     r.regression() ? "REGRESSION" : "OK", r.matched.size(),
                     r.speed_regressions(), r.precision_regressions(), r.improvements(),
                     r.added.size(), r.missing.size(), r.options.threshold_percent,
                     r.options.alpha);
}

std::string LegPrefix(const std::string& leg) {
  return leg.empty() ? std::string() : fmt::format("{}: ", leg);
}

json CaseJson(const CaseComparison& c) {
  return json{{"leg", c.leg}, {"op", c.op}, {"type", c.type}, {"backend", c.backend}, {"params", c.params},
              {"base_status", ToString(c.base_status)}, {"new_status", ToString(c.new_status)},
              {"base_median_s", OrNull(c.base_median_s)}, {"new_median_s", OrNull(c.new_median_s)},
              {"change_percent", OrNull(c.change_percent)}, {"p_value", OrNull(c.p_value)},
              {"base_samples", c.base_samples}, {"new_samples", c.new_samples},
              {"speed", ToString(c.speed)}, {"base_ratio", OrNull(c.base_ratio)},
              {"new_ratio", OrNull(c.new_ratio)}, {"threshold", OrNull(c.threshold)},
              {"status_worse", c.status_worse}, {"ratio_crossed", c.ratio_crossed},
              {"speed_regression", c.speed_regression()},
              {"precision_regression", c.precision_regression()}};
}

json UnmatchedJson(const std::vector<UnmatchedCase>& cases) {
  json out = json::array();
  for (const UnmatchedCase& u : cases)
    out.push_back({{"leg", u.leg}, {"op", u.op}, {"type", u.type}, {"backend", u.backend},
                   {"params", u.params}});
  return out;
}

}  // namespace

json ToJson(const CompareReport& r) {
  json cases = json::array();
  for (const CaseComparison* c : Ordered(r)) cases.push_back(CaseJson(*c));
  return json{{"regression", r.regression()},
              {"options", {{"threshold_percent", r.options.threshold_percent},
                           {"alpha", r.options.alpha},
                           {"fail_on_missing", r.options.fail_on_missing}}},
              {"counts", {{"matched", r.matched.size()}, {"speed_regressions", r.speed_regressions()},
                          {"precision_regressions", r.precision_regressions()},
                          {"faster", r.improvements()}, {"new", r.added.size()},
                          {"missing", r.missing.size()}}},
              {"environment_differences", r.environment_differences},
              {"cases", cases}, {"new", UnmatchedJson(r.added)},
              {"missing", UnmatchedJson(r.missing)}};
}

std::string ToMarkdown(const CompareReport& r) {
  // Names come from result files; pipes would split a table cell.
  auto cell = [](const std::string& s) {
    std::string out;
    for (char ch : s) {
      if (ch == '|') out.push_back('\\');
      out.push_back(ch);
    }
    return out;
  };
  std::string out = fmt::format("### lapack-ai compare: {}\n\n", Headline(r));
  if (!r.environment_differences.empty()) {
    out += "**Environments differ:**\n\n";
    // Values come from result files: a '<' could start an HTML tag in a PR comment.
    for (const std::string& line : r.environment_differences) {
      std::string item;
      for (char ch : line) item += ch == '<' ? std::string("&lt;") : std::string(1, ch);
      out += fmt::format("- {}\n", item);
    }
    out += "\n";
  }
  out += "| case | backend | base median (s) | new median (s) | change | p | status | error ratio "
         "| verdict |\n";
  out += "|---|---|---:|---:|---:|---:|---|---|---|\n";
  for (const CaseComparison* c : Ordered(r)) {
    out += fmt::format("| {}{} {} {} | {} | {} | {} | {} | {} | {} → {} | {} | {} |\n",
                       cell(LegPrefix(c->leg)), cell(c->op),
                       cell(c->type), cell(c->params), cell(c->backend), Time(c->base_median_s),
                       Time(c->new_median_s), Change(*c), Opt(c->p_value, "{:.3g}"),
                       ToString(c->base_status), ToString(c->new_status), Ratio(*c), Verdict(*c));
  }
  for (const UnmatchedCase& u : r.added)
    out += fmt::format("\nNew: {}{} {} {} on {}", cell(LegPrefix(u.leg)), cell(u.op),
                       cell(u.type), cell(u.params), cell(u.backend));
  for (const UnmatchedCase& u : r.missing)
    out += fmt::format("\nMissing: {}{} {} {} on {}", cell(LegPrefix(u.leg)), cell(u.op),
                       cell(u.type), cell(u.params), cell(u.backend));
  return out + "\n";
}

std::string ToText(const CompareReport& r) {
  std::string out = fmt::format("{}\n", Headline(r));
  if (!r.environment_differences.empty()) {
    out += "Environments differ:\n";
    for (const std::string& line : r.environment_differences) out += fmt::format("  - {}\n", line);
  }
  out += fmt::format("{:<44} {:<14} {:>10} {:>10} {:>8} {:>8}  {:<24} {}\n", "case", "backend",
                     "base s", "new s", "change", "p", "error ratio", "verdict");
  for (const CaseComparison* c : Ordered(r)) {
    out += fmt::format("{:<44} {:<14} {:>10} {:>10} {:>8} {:>8}  {:<24} {}\n",
                       fmt::format("{}{} {} {}", LegPrefix(c->leg), c->op, c->type, c->params),
                       c->backend, Time(c->base_median_s),
                       Time(c->new_median_s), Change(*c), Opt(c->p_value, "{:.3g}"), Ratio(*c),
                       Verdict(*c));
  }
  for (const UnmatchedCase& u : r.added)
    out += fmt::format("new:     {}{} {} {} on {}\n", LegPrefix(u.leg), u.op, u.type, u.params,
                       u.backend);
  for (const UnmatchedCase& u : r.missing)
    out += fmt::format("missing: {}{} {} {} on {}\n", LegPrefix(u.leg), u.op, u.type,
                       u.params, u.backend);
  return out;
}

}  // namespace lapack_ai::reports
