// The static parts of the HTML report (summary and context tables), rendered on the C++ side so
// the page says what ran where even with scripts off. Every value is HTML-escaped.
#pragma once
#include <string>
#include <vector>

#include "lapack_ai/result.h"

namespace lapack_ai::reports {

/// Pass/fail counts per leg and in total, with the exit code `validate` would give.
std::string SummaryHtml(const std::vector<ResultsDocument>& docs,
                        const std::vector<std::string>& names);

/// Machine, versions, command line and devices (context.backends) of one leg.
std::string ContextHtml(const ResultsDocument& doc, const std::string& name);

}  // namespace lapack_ai::reports
