// The files embedded at build time by reports/cmake/embed.cmake (see reports/CMakeLists.txt).
#pragma once
#include <cstddef>
#include <string_view>

namespace lapack_ai::reports::embedded {

extern const char kChartJs[];
extern const std::size_t kChartJsSize;
extern const char kReportHtml[];
extern const std::size_t kReportHtmlSize;
extern const char kReportCss[];
extern const std::size_t kReportCssSize;
extern const char kReportJs[];
extern const std::size_t kReportJsSize;

inline std::string_view ChartJs() { return {kChartJs, kChartJsSize}; }
inline std::string_view ReportHtml() { return {kReportHtml, kReportHtmlSize}; }
inline std::string_view ReportCss() { return {kReportCss, kReportCssSize}; }
inline std::string_view ReportJs() { return {kReportJs, kReportJsSize}; }

}  // namespace lapack_ai::reports::embedded
