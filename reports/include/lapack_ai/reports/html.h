// The self-contained HTML report: one file that works offline (Chart.js and the page's own
// CSS/JS inlined at build time, the results embedded as inert JSON). Rendered from result JSON.
#pragma once
#include <string>
#include <vector>

#include "lapack_ai/result.h"

namespace lapack_ai::reports {

/// Presentation choices for RenderHtml.
struct HtmlOptions {
  /// Page title and top heading (HTML-escaped when written).
  std::string title = "lapack-ai report";
  /// One name per document (e.g. a CI leg); empty or short: the name is taken from the
  /// document's context ("leg", else "host"), else "leg N".
  std::vector<std::string> leg_names;
  /// Backend a scheme backend ("alphatensor:...@base") is compared with when the results carry
  /// no measured speedup: its base. Backends treated as CPU for CPU-vs-GPU speedups.
  std::vector<std::string> cpu_backends = {"openblas", "reference"};
};

/// Renders `docs` (one per machine or leg; at least one) as one HTML page: context, pass/fail
/// summary, per-op tables with status colours, GFLOP/s against n per backend, CPU-vs-GPU and
/// scheme-vs-base speedups, error ratios against their thresholds. Every string from the
/// documents is escaped; the data travel in a <script type="application/json"> block with
/// <, >, &, U+2028 and U+2029 written as \u escapes, so no name can inject markup or script.
/// Pure function: no I/O; write the result with WriteFileAtomically().
std::string RenderHtml(const std::vector<ResultsDocument>& docs, const HtmlOptions& options = {});

}  // namespace lapack_ai::reports
