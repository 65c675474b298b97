// The tool's version and the git SHA it was built from (compiled in by CMake).
#pragma once
#include <string_view>

namespace lapack_ai {
/// Semantic version of lapack-ai, e.g. "0.1.0".
std::string_view Version();
/// Short git SHA of the source tree at build time; "-dirty" suffix for uncommitted changes,
/// "unknown" when built outside a git checkout.
std::string_view GitSha();
}  // namespace lapack_ai
