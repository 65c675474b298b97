// The pip-installed libraries (mkl, scipy-openblas32/64) that scripts/install-pylibs.sh puts in
// <build>/pylibs: tests point VIRTUAL_ENV there so lib:'s lookup finds them like a user's venv.
#pragma once
#include <string>

namespace lapack_ai::testing {

/// Prints "SKIPPED: <why>" on stdout, which CTest (SKIP_REGULAR_EXPRESSION, tests/CMakeLists.txt)
/// turns into a visible "Skipped" instead of a pass.
void ReportSkip(const char* why);

/// Sets VIRTUAL_ENV to the build's pylibs venv when it exists; returns its path or "".
std::string UsePipLibraries();

}  // namespace lapack_ai::testing
