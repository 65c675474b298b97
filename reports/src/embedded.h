// The files embedded at build time by cmake/EmbedFiles.cmake (see reports/CMakeLists.txt):
// Debian's Chart.js and the page template, CSS and script from reports/web/.
#pragma once
#include <string_view>

#include "ReportChartJs.h"
#include "ReportWebFiles.h"

namespace lapack_ai::reports::embedded {

inline std::string_view ChartJs() { return lapack_ai::embedded::ReportChartJs()[0].contents; }
inline std::string_view ReportHtml() { return lapack_ai::embedded::ReportWebFiles()[0].contents; }
inline std::string_view ReportCss() { return lapack_ai::embedded::ReportWebFiles()[1].contents; }
inline std::string_view ReportJs() { return lapack_ai::embedded::ReportWebFiles()[2].contents; }

}  // namespace lapack_ai::reports::embedded
