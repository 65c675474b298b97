// The self-contained HTML report: one file that works offline (Chart.js and the page's own
// CSS/JS inlined at build time, the results embedded as inert JSON). Rendered from result JSON.
#pragma once
#include <string>
#include <vector>

#include <string_view>

#include <nlohmann/json.hpp>

#include "lapack_ai/result.h"

namespace lapack_ai::reports {

/// Presentation choices for RenderHtml.
struct HtmlOptions {
  /// Page title and top heading (HTML-escaped when written).
  std::string title = "lapack-ai report";
  /// One name per document (e.g. a CI leg); empty or short: the name is taken from the
  /// document's context ("leg", else "host"), else "leg N".
  std::vector<std::string> leg_names;
  /// Backends counted as CPU: every other backend's speedup is taken against the fastest of
  /// these on the same case ("CPU vs GPU"); "alphatensor:<scheme>@<base>" is compared with
  /// its base instead.
  std::vector<std::string> cpu_backends = {"openblas", "reference"};
};

/// Renders `docs` (one per machine or leg; at least one) as one HTML page: a banner with each
/// leg's environment warnings (context.warnings), "what to use on this machine"
/// (doc.recommendations), context, pass/fail summary, per-op tables with status colours and
/// speedup intervals, GFLOP/s against n per backend, CPU-vs-GPU and scheme-vs-base speedups with
/// interval whiskers, error ratios against their thresholds. Files written before these fields
/// existed render as before (no banner, no recommendations). Every string from the
/// documents is escaped; the data travel in a <script type="application/json"> block with
/// <, >, &, U+2028 and U+2029 written as \u escapes, so no name can inject markup or script.
/// Pure function: no I/O; write the result with WriteFileAtomically().
std::string RenderHtml(const std::vector<ResultsDocument>& docs, const HtmlOptions& options = {});

/// A speedup as the report shows it: "1.24x [1.18, 1.31]", "≈ 1.01x [0.97, 1.05]" when
/// `verdict` is "no_difference", "1.24x" without an interval, "-" when `value` is not a finite
/// number. `value` is a JSON number (or null); `ci` is [lo, hi] of finite numbers, anything else
/// meaning "no interval". Two decimals, two significant digits below 0.1x (bounds keep the
/// point's decimals): the console's spelling (libcore FormatSpeedup), rendered from JSON.
std::string SpeedupText(const nlohmann::json& value, const nlohmann::json& ci,
                        std::string_view verdict);

/// Escapes text for HTML element content and quoted attribute values (& < > " ').
std::string EscapeHtml(std::string_view text);

/// Serialises `data` for a <script type="application/json"> block: <, >, & and U+2028/U+2029
/// become \u escapes (still the same JSON), so the text can never close the element or start
/// markup; invalid UTF-8 is replaced with U+FFFD rather than throwing.
std::string JsonForScript(const nlohmann::json& data);

}  // namespace lapack_ai::reports
