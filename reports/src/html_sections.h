// The static parts of the HTML report (warnings banner, recommendations, summary and context
// tables), rendered on the C++ side so the page says what ran where, and what to trust, even with
// scripts off. Every value is HTML-escaped.
#pragma once
#include <string>
#include <vector>

#include "lapack_ai/result.h"

namespace lapack_ai::reports {

/// A context value as text: strings verbatim, null empty, anything else as compact JSON
/// (invalid UTF-8 replaced). Not escaped.
std::string ValueText(const nlohmann::json& v);

/// Pass/fail counts per leg and in total, with the exit code `validate` would give.
std::string SummaryHtml(const std::vector<ResultsDocument>& docs,
                        const std::vector<std::string>& names);

/// The environment-warnings banner: per leg, every context.warnings entry (severity, message,
/// fix), warnings before notes; "Environment checks: no problems found" for a leg whose list is
/// present and empty. Empty string when no leg has the list (files from before the checks).
std::string WarningsBannerHtml(const std::vector<ResultsDocument>& docs,
                               const std::vector<std::string>& names);

/// "What to use on this machine": one table row per doc.recommendations entry (op, type, sizes,
/// backend, speedup with its interval, warnings). Empty string when no leg has recommendations.
std::string RecommendationsHtml(const std::vector<ResultsDocument>& docs,
                                const std::vector<std::string>& names);

/// Machine, versions, command line, devices (context.backends), environment readings
/// (context.environment, any keys) and statistics settings (context.statistics) of one leg.
std::string ContextHtml(const ResultsDocument& doc, const std::string& name);

/// "Cloud run": per leg with a context.cloud block (`lapack-ai cloud run`), its run id, phase,
/// worst-case cost and events (launch, retry, interruption, relaunch, teardown, ...). Empty
/// string when no leg has one. (html_cloud.cc)
std::string CloudEventsHtml(const std::vector<ResultsDocument>& docs,
                            const std::vector<std::string>& names);

}  // namespace lapack_ai::reports
